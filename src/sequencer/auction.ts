// Block production (docs/spec.md §4): the auction that orders pending transactions into a block, and
// `applyBlock`, which runs it on the head state and seals the header with the block transition's
// rules (chain/block-transition.ts). Pure: no file, no git, no clock. The sequencer's part of the
// chain, outside the core: verify replays a block's recorded order and never runs the auction; apply
// (ledger.ts) and the pull-request check (simulate.ts) use it.

import {
  type Attestation,
  attest,
  type Header,
  receiptRecord,
  receiptRootOfEncodings,
  sealHeader,
  sequencingFields,
  txRoot,
} from "../chain/block.ts";
import { commitState, nextBlockContext } from "../chain/block-transition.ts";
import { canonicalEncoding } from "../chain/canonical-json.ts";
import { effectiveGasPrice } from "../chain/fees.ts";
import type { Genesis } from "../chain/genesis.ts";
import { hex, type StateTrees } from "../chain/merkle.ts";
import type { State } from "../chain/state.ts";
import {
  applyTransaction,
  type BlockContext,
  type PreparedTx,
  type Receipt,
  type RejectedFile,
} from "../chain/transition.ts";
import type { Tracer } from "../lang/runtime.ts";

/** The commit that triggers a block: its time becomes the block's (never before its parent's). */
export interface Trigger {
  timestamp: number;
  commit: string;
  /** the hash of the sequencer policy in force (absent: manual mode) */
  policy?: string;
  /** what the sequencer attests of each pending file (absent: no attestation, manual mode) */
  sequencing?: Map<string, Attestation>;
}

/**
 * The block after `parent`: the auction over `candidates` on `state` (docs/spec.md §4), the state changes
 * into `trees`, and the header sealed with its roots (docs/spec.md §6). `invalid` are files rejected before
 * any state was read (parse, schema, signature), recorded in this block too. Undefined when there is
 * nothing to include or reject: no block.
 */
export function applyBlock(input: {
  genesis: Genesis;
  parent: Header;
  state: State;
  trees: StateTrees;
  candidates: PreparedTx[];
  invalid: RejectedFile[];
  trigger: Trigger;
  /** make the block even with nothing in it (`tinychain dev`'s dev_mine; replay accepts such a block) */
  empty?: boolean;
}) {
  const { genesis, parent, state, trees, trigger } = input;
  // the block's time is its commit's, but never earlier than its parent's (docs/state.md)
  const timestamp = Math.max(trigger.timestamp, parent.timestamp);
  const ctx = nextBlockContext(genesis, parent, timestamp);
  const built = buildBlock(state, input.candidates, ctx);
  // rejected in this block: `invalid` passed in, and those the state refused at their turn
  const rejected = [...input.invalid, ...built.rejected];
  if (built.receipts.length === 0 && rejected.length === 0 && !input.empty) return undefined;
  const changes = commitState(state, trees);
  // the block's receipts as recorded (and hashed into receiptRoot)
  const receiptRecords = built.receipts.map(receiptRecord);
  // the sequencer's attestation of the receipts, for the block file (docs/sequencer.md)
  const sequencing = attest(trigger.sequencing, built.receipts);
  const header = sealHeader({
    number: Number(ctx.number),
    parentHash: parent.hash,
    timestamp,
    commit: trigger.commit,
    baseFee: ctx.baseFee,
    gasLimit: ctx.gasLimit,
    gasUsed: built.gasUsed,
    coinbase: ctx.coinbase,
    txRoot: txRoot(built.receipts.map((r) => r.id)),
    receiptRoot: receiptRootOfEncodings(receiptRecords.map((r) => canonicalEncoding(r))),
    stateRoot: hex(trees.accounts.root()),
    ...sequencingFields(trigger, sequencing),
  });
  // `pending`: still pending after this block, nonce gaps and what did not fit
  return {
    header,
    receipts: built.receipts,
    receiptRecords,
    rejected,
    pending: built.pending,
    changes,
    ...(sequencing ? { sequencing } : {}),
  };
}

/**
 * The auction (docs/spec.md §4): pending transactions ordered by effective tip (highest first), by nonce within
 * one sender, and by tx id to break ties; each is checked against the state as it is at its turn and
 * included while the block's remaining gas covers its gasLimit. A nonce gap, or a transaction that does
 * not fit, leaves that sender's remaining transactions pending; any other invalid one is rejected.
 */
export function buildBlock(
  state: State,
  candidates: PreparedTx[],
  ctx: BlockContext,
  /** `--trace` and the PR comment: a tracer for a transaction's run (none on the chain's own path) */
  traceOf?: (p: PreparedTx) => Tracer,
) {
  const bySender = new Map<string, PreparedTx[]>();
  for (const p of candidates) {
    const list = bySender.get(p.tx.from) ?? [];
    list.push(p);
    bySender.set(p.tx.from, list);
  }
  // what the block's coinbase earns per gas: the effective price above the base fee
  const tipOf = (p: PreparedTx) =>
    effectiveGasPrice(p.tx.maxFeePerGas, p.tx.maxPriorityFeePerGas, ctx.baseFee) - ctx.baseFee;
  // senders' queues by their head transaction, kept sorted best last: highest effective tip, then
  // lowest id (the heads are distinct transactions, so the order is total)
  type Queue = { queue: PreparedTx[]; tip: bigint; id: string };
  const better = (a: Queue, b: Queue) => a.tip > b.tip || (a.tip === b.tip && a.id < b.id);
  const head = (queue: PreparedTx[]): Queue => ({ queue, tip: tipOf(queue[0]!), id: queue[0]!.id });
  const queues = [...bySender.values()]
    .map((list) =>
      head(list.sort((a, b) => a.tx.nonce - b.tx.nonce || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))),
    )
    .sort((a, b) => (better(a, b) ? 1 : -1));
  const enqueue = (q: Queue) => {
    let [lo, hi] = [0, queues.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(q, queues[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    queues.splice(lo, 0, q);
  };
  const receipts: Receipt[] = [];
  const rejected: RejectedFile[] = [];
  const pending: PreparedTx[] = []; // nonce gaps, and whatever did not fit under the gas limit
  let gasUsed = 0;

  for (let queue = queues.pop()?.queue; queue !== undefined; queue = queues.pop()?.queue) {
    const p = queue[0]!;
    // tried when the remaining gas covers it (one over the block's own gas limit is tried, and rejected);
    // one that does not fit in this block, or a nonce gap: it and its successors wait for the next
    const tried = p.tx.gasLimit <= ctx.gasLimit - gasUsed || p.tx.gasLimit > ctx.gasLimit;
    const result = tried ? applyTransaction(state, p, ctx, traceOf?.(p)) : undefined;
    if (result === undefined || ("code" in result && result.code === "E_NONCE_GAP")) {
      for (const waiting of queue) pending.push(waiting); // (a spread of a long queue would overflow)
      continue;
    }
    if ("status" in result) {
      receipts.push(result);
      gasUsed += result.gasUsed;
    } else rejected.push({ file: p.file, id: p.id, error: result });
    queue.shift();
    if (queue.length > 0) enqueue(head(queue));
  }
  return { receipts, rejected, pending, gasUsed };
}
