import { State } from "../chain/state.js";
import { type Transaction, transactionTypedData } from "../chain/transaction.js";
import { type UnsignedTransaction } from "../chain/transition.js";
import type { ChainView } from "./query.js";
import { type JsValue } from "./values.js";
import { type Eip1193Provider } from "./wallet.js";
export type { Transaction, UnsignedTransaction };
export { transactionTypedData };
/**
 * The program of `(call to 'fn args…)`, the arguments given as JavaScript values; with a `value` above 0,
 * `(call-value to value 'fn args…)`, which sends that much sneed with the call.
 */
export declare function callData(to: string, fn: string, args?: readonly JsValue[], value?: bigint): string;
/** The program that deploys a contract's source (one `(contract Name …)` form). */
export declare const deployData: (source: string) => string;
/** The program that sends `amount` sneed to `to`. */
export declare function transferData(to: string, amount: bigint): string;
/** The address the contract deployed by `from`'s transaction of nonce `nonce` gets. */
export declare const deployedAddress: (from: string, nonce: number) => string;
/** A transaction of the sender's still waiting: a file in txs/ of the head, or an open pull request. */
export interface PendingTx {
    from: string;
    nonce: number;
    /** where it waits: "txs/…" of the head, or "pull request #N" */
    where: string;
    url?: string;
}
/**
 * The transaction `from` would sign for this program now: fees and gas from the head state (a tip of 1
 * and room for the base fee to double; the gas used plus a margin) unless given; the nonce given, or the
 * one after the account's and its `pending` transactions'. A nonce after the head's is judged as if the
 * transactions before it had run (as the CLI judges a gap), on the head state, or on `state` (the CLI's:
 * the head state after the files pending in txs/).
 */
export declare function previewTransaction(chain: ChainView, from: string, data: string, given?: {
    gasLimit?: number;
    tip?: bigint;
    maxFee?: bigint;
    nonce?: number;
    pending?: readonly PendingTx[];
    state?: () => State;
}): {
    unsigned: {
        gasLimit: number;
        maxFeePerGas: bigint;
        data: string;
        maxPriorityFeePerGas: bigint;
        chainId: number;
        from: string;
        nonce: number;
    };
    estimate: {
        gasLimit: number;
        balance: bigint;
        outcome: import("../chain/validity.ts").Invalid | import("../chain/transition.ts").Receipt;
        traced: (tracer: import("../lang/runtime.ts").Tracer) => import("../chain/validity.ts").Invalid | import("../chain/transition.ts").Receipt;
    };
    ctx: import("../chain/transition.ts").BlockContext;
    /** the sender's pending transactions this one comes after */
    before: PendingTx[];
    /** the pending transaction this one replaces (the same nonce), if any */
    replaces: PendingTx | undefined;
};
/** A transaction ready to sign, its estimate and the block context it was made for. */
export type Preview = Omit<ReturnType<typeof previewTransaction>, "replaces"> & {
    replaces?: PendingTx;
};
/** What a wallet is asked to sign (eth_signTypedData_v4 takes it as JSON text). */
export declare const typedDataJson: (tx: UnsignedTransaction) => string;
/** A transaction that does not validate: its stable code (E_SIGNATURE, E_CHAIN, …) and why. */
export declare class TransactionError extends Error {
    readonly code: string;
    constructor(code: string, message: string);
}
/**
 * The file of `tx` with a signature, checked as the pull-request check reads it: where it goes
 * (txs/<from>-<nonce>.json), its text and its id.
 */
export declare function signedFile(tx: UnsignedTransaction, signature: string): {
    path: string;
    text: string;
    id: string;
    transaction: Transaction;
};
/** A signed transaction file. */
export type SignedFile = ReturnType<typeof signedFile>;
/** Signs with a private key (0x and 64 hex digits); it must be the key of `tx.from`. */
export declare function signWithKey(tx: UnsignedTransaction, privateKey: string): {
    path: string;
    text: string;
    id: string;
    transaction: Transaction;
};
/**
 * Signs through an EIP-1193 wallet, as the page does: its account must be `tx.from`, its network is
 * switched to the chain's id (or a sentence says how), and it signs the EIP-712 typed data.
 */
export declare function signWithWallet(provider: Eip1193Provider, tx: UnsignedTransaction): Promise<{
    path: string;
    text: string;
    id: string;
    transaction: Transaction;
}>;
