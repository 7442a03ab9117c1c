import { Bucket } from "./bucket.js";
import type { AccountFile } from "./layout.js";
export declare const ZERO: Uint8Array<ArrayBuffer>;
export declare const ZERO_HEX: string;
export declare const BUCKET_COUNT: number;
export declare const hex: (b: Uint8Array) => string;
export declare function listRoot(leaves: Uint8Array[]): Uint8Array;
/** Sibling hashes from a leaf to the list root; `null` marks a level where the node was carried up. */
export declare function listProof(leaves: Uint8Array[], index: number): (string | null)[];
export declare function leafPath(key: string): Uint8Array;
export declare function leafHash(path: Uint8Array, value: string): Uint8Array;
/**
 * Where a StateTree keeps its buckets and nodes. The tree reads only the buckets a change touches and
 * the nodes on their paths, so a backend that loads on demand (the store's file cache) makes a block's
 * update cost independent of the state's size.
 */
export interface TreeBackend {
    /** the leaves of one bucket; the tree changes the returned bucket */
    bucket(b: number): Bucket;
    /** a node of the top tree (1 = root; BUCKET_COUNT + b = bucket b's hash), ZERO when it is zero */
    node(i: number): Uint8Array;
    /** (a bucket's hash is set when the bucket changed) */
    setNode(i: number, h: Uint8Array): void;
}
export declare class MemoryBackend implements TreeBackend {
    private readonly buckets;
    /** only the non-zero nodes: a contract's small storage tree costs what it holds */
    private readonly nodes;
    bucket(b: number): Bucket;
    node(i: number): Uint8Array;
    setNode(i: number, h: Uint8Array): void;
    /** puts a whole bucket in (loading a tree from a file) */
    setBucket(b: number, bucket: Bucket): void;
    /** every non-zero node as [index, hash] */
    nonZeroNodes(): [number, Uint8Array][];
    get leafCount(): number;
    /** the non-empty buckets, in bucket order (so their records are in path order) */
    nonEmptyBuckets(): [number, Bucket][];
}
/** The state tree; `set` and `delete` update only what a change touches. */
export declare class StateTree {
    readonly backend: TreeBackend;
    private readonly dirty;
    constructor(backend?: TreeBackend);
    set(key: string, value: string): void;
    delete(key: string): void;
    /** Is this exact key/value a leaf? (An undefined value: is the key absent?) */
    holds(key: string, value: string | undefined): boolean;
    root(): Uint8Array;
    /** An inclusion proof of one leaf (docs/spec.md §6: `prove`), checkable with `stateProofRoot`. */
    proof(key: string, value: string): {
        key: string;
        value: string;
        index: number;
        bucketSize: number;
        bucketProof: (string | null)[];
        siblings: string[];
    } | undefined;
}
/** An inclusion proof of one leaf (StateTree.proof's answer). */
export type StateProof = NonNullable<ReturnType<StateTree["proof"]>>;
/** Recomputes the root a proof implies; the proof holds when it equals the block's stateRoot. */
export declare function stateProofRoot(p: StateProof): string;
export declare const accountLeafKey: (address: string) => string;
/**
 * An account leaf's value: the canonical encoding of {balance, codeHash, nonce, storageRoot}
 * (docs/state.md); storageRoot is zero for an account that stores nothing.
 */
export declare function accountLeafValue(a: Omit<AccountFile, "code"> & {
    code?: string | null;
}): string;
/**
 * The trees a state commits to: the state tree of accounts, and one storage tree per contract, loaded
 * when a block first touches its contract (the store keeps them on disk; in memory a new one is empty).
 */
export declare class StateTrees {
    readonly accounts: StateTree;
    /** the storage tree of one account (empty for an account that stores nothing) */
    private readonly load;
    /** its root, without loading the tree */
    private readonly unloadedRoot;
    /** the storage trees loaded so far */
    readonly storageTrees: Map<string, StateTree>;
    constructor(accounts?: StateTree, 
    /** the storage tree of one account (empty for an account that stores nothing) */
    load?: (address: string) => StateTree, 
    /** its root, without loading the tree */
    unloadedRoot?: (address: string) => string);
    storage(address: string): StateTree;
    storageRoot(address: string): string;
}
/**
 * A storage entry's proof (`prove ADDR KEY`): the entry in its contract's storage tree, whose root is
 * the storageRoot in the account's leaf, and that leaf in the state tree.
 */
export type SlotProof = Record<"account" | "storage", StateProof>;
/** The state root a slot proof implies, or why the two levels do not connect. */
export declare function slotProofRoot(p: SlotProof): string | {
    error: string;
};
