// Merkle roots (docs/spec.md §6, documented in docs/state.md).
//
// Lists (txRoot, receiptRoot): a binary tree over the items' leaf hashes, pairs hashed as
// keccak(0x01 ‖ left ‖ right), an odd node carried up unchanged; the empty list's root is 32 zero bytes.
//
// The state (stateRoot) is two levels of the same tree, as Ethereum's accounts and their storageRoot:
//   the state tree    a leaf per account: key "account:<address>", value the canonical encoding of
//                     {balance, codeHash, nonce, storageRoot}
//   a storage tree    per contract, a leaf per storage entry: key the printed storage key (a variable
//                     `n`, a map entry `(balances 0xab…)`), value the printed stored value; its root
//                     is the account's storageRoot (zero when the contract stores nothing)
// In both, a leaf's path is keccak(key) and its hash keccak(0x00 ‖ path ‖ keccak(value)). Leaves fall
// into 65,536 buckets by the first 16 bits of their path. A bucket's hash is the list root of its leaf
// hashes in path order (zero when empty); the root is a complete binary tree of depth 16 over the
// buckets, nodes keccak(0x02 ‖ left ‖ right), a node whose children are both zero is zero.
// A change re-hashes its bucket (a handful of leaves) and 16 ancestors: O(changed × log n) as long as
// buckets stay small (they hold n / 65,536 leaves on average).

import { bytesToHex, concatBytes, hexToBytes, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { Bucket } from "./bucket.ts";
import { canonicalEncoding } from "./canonical-json.ts";
import type { AccountFile } from "./layout.ts";

export const ZERO = new Uint8Array(32);
export const ZERO_HEX = `0x${"00".repeat(32)}`;
const DEPTH = 16;
export const BUCKET_COUNT = 1 << DEPTH;

const LEAF = Uint8Array.of(0);
const PAIR = Uint8Array.of(1);
const NODE = Uint8Array.of(2);

export const hex = (b: Uint8Array): string => `0x${bytesToHex(b)}`;

function pair(l: Uint8Array, r: Uint8Array): Uint8Array {
  return keccak256(concatBytes(PAIR, l, r));
}

/** A list tree's next level up: pairs hashed, an odd node carried up unchanged. */
function levelUp(level: Uint8Array[]): Uint8Array[] {
  const next: Uint8Array[] = [];
  for (let i = 0; i < level.length; i += 2)
    next.push(i + 1 < level.length ? pair(level[i]!, level[i + 1]!) : level[i]!);
  return next;
}

export function listRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return ZERO;
  let level = leaves;
  while (level.length > 1) level = levelUp(level);
  return level[0]!;
}

/** Sibling hashes from a leaf to the list root; `null` marks a level where the node was carried up. */
export function listProof(leaves: Uint8Array[], index: number): (string | null)[] {
  const path: (string | null)[] = [];
  let level = leaves;
  let i = index;
  while (level.length > 1) {
    const sib = i ^ 1;
    path.push(sib < level.length ? hex(level[sib]!) : null);
    level = levelUp(level);
    i >>= 1;
  }
  return path;
}

export function leafPath(key: string): Uint8Array {
  return keccak256(utf8(key));
}

export function leafHash(path: Uint8Array, value: string): Uint8Array {
  return keccak256(concatBytes(LEAF, path, keccak256(utf8(value))));
}

function bucketOf(path: Uint8Array): number {
  return (path[0]! << 8) | path[1]!;
}

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

export class MemoryBackend implements TreeBackend {
  private readonly buckets = new Map<number, Bucket>();
  /** only the non-zero nodes: a contract's small storage tree costs what it holds */
  private readonly nodes = new Map<number, Uint8Array>();
  bucket(b: number): Bucket {
    let m = this.buckets.get(b);
    if (!m) this.buckets.set(b, (m = new Bucket()));
    return m;
  }
  node(i: number): Uint8Array {
    return this.nodes.get(i) ?? ZERO;
  }
  setNode(i: number, h: Uint8Array): void {
    if (isZero(h)) this.nodes.delete(i);
    else this.nodes.set(i, h);
  }
  /** puts a whole bucket in (loading a tree from a file) */
  setBucket(b: number, bucket: Bucket): void {
    this.buckets.set(b, bucket);
  }
  /** every non-zero node as [index, hash] */
  nonZeroNodes(): [number, Uint8Array][] {
    return [...this.nodes];
  }
  get leafCount(): number {
    return [...this.buckets.values()].reduce((n, m) => n + m.count, 0);
  }
  /** the non-empty buckets, in bucket order (so their records are in path order) */
  nonEmptyBuckets(): [number, Bucket][] {
    return [...this.buckets].filter(([, m]) => m.count > 0).sort((x, y) => x[0] - y[0]);
  }
}

function isZero(x: Uint8Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) return false;
  return true;
}

/** A node of the top tree: zero when both children are, else keccak(0x02 ‖ left ‖ right). */
function nodeHash(l: Uint8Array, r: Uint8Array): Uint8Array {
  return isZero(l) && isZero(r) ? ZERO : keccak256(concatBytes(NODE, l, r));
}

/** The state tree; `set` and `delete` update only what a change touches. */
export class StateTree {
  private readonly dirty = new Set<number>();

  constructor(readonly backend: TreeBackend = new MemoryBackend()) {}

  set(key: string, value: string): void {
    const path = leafPath(key);
    const b = bucketOf(path);
    this.backend.bucket(b).set(path, leafHash(path, value));
    this.dirty.add(b);
  }

  delete(key: string): void {
    const path = leafPath(key);
    const b = bucketOf(path);
    if (this.backend.bucket(b).delete(path)) this.dirty.add(b);
  }

  /** Is this exact key/value a leaf? (An undefined value: is the key absent?) */
  holds(key: string, value: string | undefined): boolean {
    const path = leafPath(key);
    const h = this.backend.bucket(bucketOf(path)).get(path);
    if (h === undefined || value === undefined) return h === value;
    return bytesToHex(h) === bytesToHex(leafHash(path, value));
  }

  root(): Uint8Array {
    const above = new Set<number>(); // the ancestors of the changed buckets
    for (const b of this.dirty) {
      this.backend.setNode(BUCKET_COUNT + b, listRoot(this.backend.bucket(b).hashes()));
      for (let i = (BUCKET_COUNT + b) >> 1; i >= 1 && !above.has(i); i >>= 1) above.add(i);
    }
    this.dirty.clear();
    // a node's index is below its children's: from the highest down, children come first
    for (const i of new Uint32Array(above).sort().reverse())
      this.backend.setNode(i, nodeHash(this.backend.node(2 * i), this.backend.node(2 * i + 1)));
    return this.backend.node(1);
  }

  /** An inclusion proof of one leaf (docs/spec.md §6: `prove`), checkable with `stateProofRoot`. */
  proof(key: string, value: string) {
    this.root();
    const path = leafPath(key);
    const b = bucketOf(path);
    const m = this.backend.bucket(b);
    if (!this.holds(key, value)) return undefined;
    const index = m.find(path);
    const bucketProof = listProof(m.hashes(), index);
    const siblings: string[] = [];
    for (let i = BUCKET_COUNT + b; i > 1; i >>= 1) siblings.push(hex(this.backend.node(i ^ 1)));
    // index: the leaf's position among its bucket's leaves in path order; siblings: 16 hashes from
    // the bucket up to the root
    return { key, value, index, bucketSize: m.count, bucketProof, siblings };
  }
}

/** An inclusion proof of one leaf (StateTree.proof's answer). */
export type StateProof = NonNullable<ReturnType<StateTree["proof"]>>;

/** Recomputes the root a proof implies; the proof holds when it equals the block's stateRoot. */
export function stateProofRoot(p: StateProof): string {
  const path = leafPath(p.key);
  let h = leafHash(path, p.value);
  let i = p.index;
  for (const s of p.bucketProof) {
    if (s !== null) h = i % 2 === 0 ? pair(h, hexToBytes(s.slice(2))) : pair(hexToBytes(s.slice(2)), h);
    i >>= 1;
  }
  let node = BUCKET_COUNT + bucketOf(path);
  for (const s of p.siblings) {
    const sib = hexToBytes(s.slice(2));
    h = node % 2 === 0 ? nodeHash(h, sib) : nodeHash(sib, h);
    node >>= 1;
  }
  return hex(h);
}

export const accountLeafKey = (address: string) => `account:${address}`;

/**
 * An account leaf's value: the canonical encoding of {balance, codeHash, nonce, storageRoot}
 * (docs/state.md); storageRoot is zero for an account that stores nothing.
 */
export function accountLeafValue(a: Omit<AccountFile, "code"> & { code?: string | null }): string {
  const codeHash = a.code ? `0x${bytesToHex(keccak256(utf8(a.code)))}` : null;
  return canonicalEncoding({
    balance: a.balance,
    codeHash,
    nonce: a.nonce,
    storageRoot: a.storageRoot ?? ZERO_HEX,
  });
}

/**
 * The trees a state commits to: the state tree of accounts, and one storage tree per contract, loaded
 * when a block first touches its contract (the store keeps them on disk; in memory a new one is empty).
 */
export class StateTrees {
  /** the storage trees loaded so far */
  readonly storageTrees = new Map<string, StateTree>();
  constructor(
    readonly accounts: StateTree = new StateTree(),
    /** the storage tree of one account (empty for an account that stores nothing) */
    private readonly load: (address: string) => StateTree = () => new StateTree(),
    /** its root, without loading the tree */
    private readonly unloadedRoot: (address: string) => string = () => ZERO_HEX,
  ) {}
  storage(address: string): StateTree {
    let t = this.storageTrees.get(address);
    if (!t) this.storageTrees.set(address, (t = this.load(address)));
    return t;
  }
  storageRoot(address: string): string {
    const t = this.storageTrees.get(address);
    return t ? hex(t.root()) : this.unloadedRoot(address);
  }
}

/**
 * A storage entry's proof (`prove ADDR KEY`): the entry in its contract's storage tree, whose root is
 * the storageRoot in the account's leaf, and that leaf in the state tree.
 */
export type SlotProof = Record<"account" | "storage", StateProof>;

/** The state root a slot proof implies, or why the two levels do not connect. */
export function slotProofRoot(p: SlotProof): string | { error: string } {
  const storageRoot = stateProofRoot(p.storage);
  let claimed: unknown;
  try {
    claimed = (JSON.parse(p.account.value) as { storageRoot?: unknown }).storageRoot;
  } catch {
    return { error: "the account leaf's value is not JSON" };
  }
  if (claimed !== storageRoot)
    return {
      error: `the storage proof leads to ${storageRoot}, but the account's storageRoot is ${String(claimed)}`,
    };
  return stateProofRoot(p.account);
}
