// The gas limit a transaction is given when its author leaves it out, and its receipt on the head state
// (docs/spec.md §7 "tinychain tx"): the CLI's and the web page's, so that both write the same file for the same
// transaction. Pure: the caller says what the head state is (with or without pending files).

import { intrinsicGas } from "../chain/fees.ts";
import type { State } from "../chain/state.ts";
import {
  type BlockContext,
  type Receipt,
  simulateTransaction,
  type UnsignedTransaction,
} from "../chain/transition.ts";
import type { Invalid } from "../chain/validity.ts";
import type { Tracer } from "../lang/runtime.ts";

/**
 * The transaction on the head state, through the chain's own transition (simulateTransaction): first,
 * when no gas limit is given, a run with the most gas the balance can reserve, to measure it (with the
 * balance the program will really see); then the verdict run with the gas limit chosen: used gas + 25%
 * for state that changes before it runs, capped so that the fee reservation fits the balance.
 * `headState` makes a fresh copy of the head state for each run.
 */
export function estimateTransaction(
  headState: () => State,
  unsigned: Omit<UnsignedTransaction, "gasLimit">,
  ctx: BlockContext,
  gasLimit?: number,
) {
  const from = unsigned.from;
  const balance = headState().account(from).balance;
  const verdict = (limit: number) => ({
    gasLimit: limit,
    /** the sender's balance before this transaction, on the head state given */
    balance,
    /** the receipt on the head state, or why the transaction would be invalid there */
    outcome: simulateTransaction(headState(), { ...unsigned, gasLimit: limit }, ctx),
    /** the same run again, traced (--trace) */
    traced: (tracer: Tracer) =>
      simulateTransaction(headState(), { ...unsigned, gasLimit: limit }, ctx, tracer),
  });
  if (gasLimit !== undefined) return verdict(gasLimit);
  const intrinsic = intrinsicGas(unsigned.data);
  const affordable = unsigned.maxFeePerGas > 0n ? balance / unsigned.maxFeePerGas : BigInt(ctx.gasLimit);
  const cap = Number(affordable < BigInt(ctx.gasLimit) ? affordable : BigInt(ctx.gasLimit));
  if (cap < intrinsic) return verdict(intrinsic);
  const probe = headState();
  // the probe reserves `cap` gas: give that back, so the program sees about the balance it will have
  probe.setBalance(from, balance + BigInt(cap - intrinsic) * unsigned.maxFeePerGas);
  const r = simulateTransaction(probe, { ...unsigned, gasLimit: cap }, ctx);
  if ("code" in r || r.status === 2) return verdict(cap);
  const succeeds = (e: { outcome: Receipt | Invalid }) => !("code" in e.outcome) && e.outcome.status === 0;
  const withMargin = verdict(Math.min(cap, r.gasUsed + Math.ceil((r.gasUsed - intrinsic) / 4) + 1000));
  if (succeeds(withMargin)) return withMargin;
  // the margin's reservation left too little for what the program moves: exactly what it used may fit
  const exact = verdict(r.gasUsed);
  return succeeds(exact) ? exact : withMargin;
}

/** A transaction's gas limit and its receipt on the head state. */
export type Estimate = ReturnType<typeof estimateTransaction>;

/** The default fees: a tip of 1 unless given, and room for the base fee to double. */
export function defaultFees(baseFee: bigint, tip = 1n) {
  return { maxFeePerGas: baseFee * 2n + tip, maxPriorityFeePerGas: tip };
}
