// Blocks (docs/spec.md §4, 6): the header and its hash, the roots of a block's transactions and receipts, and
// the receipt as a block records it. Building a block from pending transactions is auction.ts's.

import { hexToBytes, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { canonicalEncoding } from "./canonical-json.ts";
import { hex, listRoot } from "./merkle.ts";
import type { Receipt } from "./transition.ts";

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

/**
 * The receipt as stored in a block record and hashed into receiptRoot. Keys are written in canonical
 * (sorted) order, so JSON.stringify of a record is its canonical encoding (a test checks it) and
 * verify can compare receipts without re-sorting them.
 */
export function receiptRecord(r: Receipt): Record<string, unknown> {
  return {
    changes: r.changes.map(({ address, after, before, field, key }) =>
      key === undefined ? { address, after, before, field } : { address, after, before, field, key },
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

/** receiptRoot from receipts already in canonical encoding (verify has them at hand). */
export function receiptRootOfEncodings(encodings: string[]): string {
  return hex(listRoot(encodings.map((e) => keccak256(utf8(e)))));
}

/** keccak-256 of the canonical encoding of every header field but `hash` (docs/spec.md §6). */
export function headerHash(h: Omit<Header, "hash"> & { hash?: string }): string {
  const { hash: _hash, ...fields } = h;
  return hex(keccak256(utf8(canonicalEncoding(fields)))); // (the encoding writes baseFee in decimal)
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
 * The header fields a block's sequencing adds (docs/spec.md §6): present only when set, so a block built in
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
