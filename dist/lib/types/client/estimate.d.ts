import type { State } from "../chain/state.js";
import { type BlockContext, type Receipt, type UnsignedTransaction } from "../chain/transition.js";
import type { Invalid } from "../chain/validity.js";
import type { Tracer } from "../lang/runtime.js";
/**
 * The transaction on the head state, through the chain's own transition (simulateTransaction): first,
 * when no gas limit is given, a run with the most gas the balance can reserve, to measure it (with the
 * balance the program will really see); then the verdict run with the gas limit chosen: used gas + 25%
 * for state that changes before it runs, capped so that the fee reservation fits the balance.
 * `headState` makes a fresh copy of the head state for each run.
 */
export declare function estimateTransaction(headState: () => State, unsigned: Omit<UnsignedTransaction, "gasLimit">, ctx: BlockContext, gasLimit?: number): {
    gasLimit: number;
    /** the sender's balance before this transaction, on the head state given */
    balance: bigint;
    /** the receipt on the head state, or why the transaction would be invalid there */
    outcome: Invalid | Receipt;
    /** the same run again, traced (--trace) */
    traced: (tracer: Tracer) => Invalid | Receipt;
};
/** A transaction's gas limit and its receipt on the head state. */
export type Estimate = ReturnType<typeof estimateTransaction>;
/** The default fees: a tip of 1 unless given, and room for the base fee to double. */
export declare function defaultFees(baseFee: bigint, tip?: bigint): {
    maxFeePerGas: bigint;
    maxPriorityFeePerGas: bigint;
};
