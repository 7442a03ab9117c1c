// Blocks (SPEC 4, 6): building one from pending transactions (the auction), and its header and hash.

import { hexToBytes, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import type { Tracer } from "../lang/trace.ts";
import { canonicalEncoding } from "./canonical-json.ts";
import { effectiveTip } from "./fees.ts";
import { hex, listRoot } from "./merkle.ts";
import type { State } from "./state.ts";
import {
  applyTransaction,
  type BlockContext,
  type PreparedTx,
  type Receipt,
  type RejectedFile,
} from "./transition.ts";

export interface Header {
  number: number;
  parentHash: string;
  /** unix seconds: the committer time of the commit that triggered the block */
  timestamp: number;
  /** that commit's sha ("" for block 0) */
  commit: string;
  baseFee: bigint;
  gasLimit: number;
  gasUsed: number;
  coinbase: string;
  txRoot: string;
  receiptRoot: string;
  stateRoot: string;
  /** keccak-256 of the sequencer policy that built the block; absent in manual mode (docs/sequencer.md) */
  policy?: string;
  /** keccak-256 of the block file's `sequencing` attestation; absent when there is none */
  sequencing?: string;
  hash: string;
}

export interface BuiltBlock {
  receipts: Receipt[];
  rejected: RejectedFile[];
  /** still pending: nonce gaps, and whatever did not fit under the gas limit */
  pending: PreparedTx[];
  gasUsed: number;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The auction (SPEC 4): pending transactions ordered by effective tip (highest first), by nonce within
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
): BuiltBlock {
  const bySender = new Map<string, PreparedTx[]>();
  for (const p of candidates) {
    const list = bySender.get(p.tx.from) ?? [];
    list.push(p);
    bySender.set(p.tx.from, list);
  }
  const tipOf = (p: PreparedTx) => effectiveTip(p.tx.maxFeePerGas, p.tx.maxPriorityFeePerGas, ctx.baseFee);
  const heap = new SenderHeap();
  for (const list of bySender.values())
    heap.push(
      list.sort((a, b) => a.tx.nonce - b.tx.nonce || compareIds(a.id, b.id)),
      tipOf,
    );
  const receipts: Receipt[] = [];
  const rejected: RejectedFile[] = [];
  const pending: PreparedTx[] = [];
  let gasUsed = 0;

  for (let queue = heap.pop(); queue !== undefined; queue = heap.pop()) {
    const p = queue[0]!;
    if (p.tx.gasLimit > ctx.gasLimit - gasUsed && p.tx.gasLimit <= ctx.gasLimit) {
      pending.push(...queue); // does not fit in this block: it and its successors wait for the next
      continue;
    }
    const result = applyTransaction(state, p, ctx, traceOf?.(p));
    if ("status" in result) {
      receipts.push(result);
      gasUsed += result.gasUsed;
    } else if (result.code === "E_NONCE_GAP") {
      pending.push(...queue);
      continue;
    } else {
      rejected.push({ file: p.file, id: p.id, error: result });
    }
    queue.shift();
    if (queue.length > 0) heap.push(queue, tipOf);
  }
  return { receipts, rejected, pending, gasUsed };
}

/** Senders' queues by their head transaction: highest effective tip first, then lowest id. */
class SenderHeap {
  private readonly items: { queue: PreparedTx[]; tip: bigint; id: string }[] = [];

  private better(i: number, j: number): boolean {
    const a = this.items[i]!;
    const b = this.items[j]!;
    return a.tip > b.tip || (a.tip === b.tip && a.id < b.id);
  }

  private swap(i: number, j: number): void {
    const t = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = t;
  }

  push(queue: PreparedTx[], tipOf: (p: PreparedTx) => bigint): void {
    this.items.push({ queue, tip: tipOf(queue[0]!), id: queue[0]!.id });
    for (let i = this.items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.better(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): PreparedTx[] | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0]!.queue;
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.items.length && this.better(l, best)) best = l;
        if (r < this.items.length && this.better(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}

/** The receipt as stored in a block record and hashed into receiptRoot (SPEC 7's shape and more). */
/**
 * The receipt as stored in a block record and hashed into receiptRoot. Keys are written in canonical
 * (sorted) order, so JSON.stringify of a record is its canonical encoding (a test checks it) and
 * verify can compare receipts without re-sorting them.
 */
export function receiptRecord(r: Receipt): Record<string, unknown> {
  return {
    changes: r.changes.map((c) =>
      c.key === undefined
        ? { address: c.address, after: c.after, before: c.before, field: c.field }
        : { address: c.address, after: c.after, before: c.before, field: c.field, key: c.key },
    ),
    created: r.created,
    effectiveGasPrice: r.effectiveGasPrice.toString(),
    error: r.error,
    fee: r.fee.toString(),
    file: r.file,
    from: r.from,
    gasLimit: r.gasLimit,
    gasUsed: r.gasUsed,
    id: r.id,
    logs: r.logs.map((l) => ({ address: l.address, args: l.args, event: l.event })),
    nonce: r.nonce,
    return: r.return,
    status: r.status,
  };
}

export function txRoot(ids: string[]): string {
  return hex(listRoot(ids.map((id) => hexToBytes(id.slice(2)))));
}

export function receiptRoot(records: Record<string, unknown>[]): string {
  return receiptRootOfEncodings(records.map((r) => canonicalEncoding(r)));
}

/** receiptRoot from receipts already in canonical encoding (verify has them at hand). */
export function receiptRootOfEncodings(encodings: string[]): string {
  return hex(listRoot(encodings.map((e) => keccak256(utf8(e)))));
}

/** keccak-256 of the canonical encoding of every header field but `hash` (SPEC 6). */
export function headerHash(h: Omit<Header, "hash"> & { hash?: string }): string {
  const { hash: _hash, ...fields } = h;
  return hex(keccak256(utf8(canonicalEncoding({ ...fields, baseFee: fields.baseFee.toString() }))));
}

export function sealHeader(h: Omit<Header, "hash">): Header {
  return { ...h, hash: headerHash(h) };
}

export function headerToJson(h: Header): Record<string, unknown> {
  return { ...h, baseFee: h.baseFee.toString() };
}

export function headerFromJson(doc: Record<string, unknown>): Header {
  return { ...(doc as unknown as Header), baseFee: BigInt(doc.baseFee as string) };
}

/**
 * The action's attestation of how each included transaction came in (docs/sequencer.md): facts from
 * GitHub (pull request, merge commit, who or what merged it, approvals) that git cannot re-derive, so
 * the block file keeps them and the header's `sequencing` hash covers them.
 */
export type Attestation = Record<string, unknown>;

export function attestationHash(entries: Attestation[]): string {
  return hex(keccak256(utf8(canonicalEncoding(entries))));
}

/** The attestation of a block's receipts, in block order, from what the sequencer knows of each file. */
export function attest(
  known: Map<string, Attestation> | undefined,
  receipts: Receipt[],
): Attestation[] | undefined {
  if (!known) return undefined;
  return receipts.map((r) => known.get(r.file) ?? { file: r.file, pull: null, via: "unknown" });
}

/** Why a block file's attestation does not match its header, or undefined when it does. */
export function attestationMismatch(
  header: { sequencing?: unknown },
  sequencing: unknown,
): string | undefined {
  if (header.sequencing === undefined && sequencing === undefined) return undefined;
  if (!Array.isArray(sequencing)) return "the header has a sequencing hash but the block file no attestation";
  const hash = attestationHash(sequencing as Attestation[]);
  return hash === header.sequencing ? undefined : `sequencing ${String(header.sequencing)} should be ${hash}`;
}

/**
 * The header fields a block's sequencing adds (SPEC 6): present only when set, so a block built in
 * manual mode, or before the fields existed, has exactly the fields (and the hash) it always had.
 */
export function sequencingFields(
  s: { policy?: string },
  attestation?: Attestation[],
): { policy?: string; sequencing?: string } {
  return {
    ...(s.policy === undefined ? {} : { policy: s.policy }),
    ...(attestation === undefined ? {} : { sequencing: attestationHash(attestation) }),
  };
}
