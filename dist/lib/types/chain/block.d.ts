import type { Receipt } from "./transition.js";
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
export declare function receiptRecord(r: Receipt): Record<string, unknown>;
export declare function txRoot(ids: string[]): string;
/** receiptRoot from receipts already in canonical encoding (verify has them at hand). */
export declare function receiptRootOfEncodings(encodings: string[]): string;
/** keccak-256 of the canonical encoding of every header field but `hash` (docs/spec.md §6). */
export declare function headerHash(h: Omit<Header, "hash"> & {
    hash?: string;
}): string;
export declare function sealHeader(h: Omit<Header, "hash">): Header;
export declare function headerToJson(h: Header): Record<string, unknown>;
export declare function headerFromJson(doc: Record<string, unknown>): Header;
/**
 * The action's attestation of how each included transaction came in (docs/sequencer.md): facts from
 * GitHub (pull request, merge commit, who or what merged it, approvals) that git cannot re-derive, so
 * the block file keeps them and the header's `sequencing` hash covers them.
 */
export type Attestation = Record<string, unknown>;
export declare function attestationHash(entries: Attestation[]): string;
/** The attestation of a block's receipts, in block order, from what the sequencer knows of each file. */
export declare function attest(known: Map<string, Attestation> | undefined, receipts: Receipt[]): Attestation[] | undefined;
/** Why a block file's attestation does not match its header, or undefined when it does. */
export declare function attestationMismatch(header: {
    sequencing?: unknown;
}, sequencing: unknown): string | undefined;
/**
 * The header fields a block's sequencing adds (docs/spec.md §6): present only when set, so a block built in
 * manual mode, or before the fields existed, has exactly the fields (and the hash) it always had.
 */
export declare function sequencingFields(s: {
    policy?: string;
}, attestation?: Attestation[]): {
    policy?: string;
    sequencing?: string;
};
