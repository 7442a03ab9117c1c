// Contracts' storage trees on disk (docs/state.md): the root of each is its account's storageRoot, so
// a block loads the tree of a contract only when it touches it, from .tinychain-cache/storage/, or
// rebuilt from the contract's slot files when the cache does not hold that root.
//
// storage/<address>.bin for a contract with up to SPARSE_LIMIT entries, rewritten whole (it is small):
//   header  48 bytes   "TCSPAR01", the root, leaf count, node count (u32 each)
//   leaves  count × (path 32 ‖ leaf hash 32); nodes count × (index u32 ‖ hash 32), non-zero ones only
// a larger contract's tree is kept in the state tree's dense format (tree.ts), updated in place.

import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Bucket } from "../chain/bucket.ts";
import { hex, MemoryBackend, StateTree, type StateTrees, ZERO_HEX } from "../chain/merkle.ts";
import { writeFileAtomic } from "./files.ts";
import { type Snapshot, StoreError, storageDir } from "./snapshot.ts";
import { FileBackend, saveDense, saveTree } from "./tree.ts";

const SPARSE_MAGIC = "TCSPAR01";
/** above this many entries a storage tree is kept in the dense format (its nodes are 4 MiB) */
const SPARSE_LIMIT = 4096;

const storageCachePath = (snapshot: Snapshot, address: string) =>
  join(snapshot.root, ".tinychain-cache", "storage", `${address}.bin`);

/** A storage tree in memory from its entries. */
export function storageTreeOf(entries: Iterable<readonly [string, string]>): StateTree {
  const tree = new StateTree(new MemoryBackend());
  for (const [k, v] of entries) tree.set(k, v);
  tree.root();
  return tree;
}

/** A small storage tree's cache file, or undefined when it is missing, stale or damaged. */
function readSparse(path: string, root: string): StateTree | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return undefined;
  }
  if (buf.length < 48 || buf.toString("latin1", 0, 8) !== SPARSE_MAGIC) return undefined;
  if (hex(buf.subarray(8, 40)) !== root) return undefined;
  const leaves = buf.readUInt32BE(40);
  const nodes = buf.readUInt32BE(44);
  if (buf.length !== 48 + leaves * 64 + nodes * 36) return undefined;
  const backend = new MemoryBackend();
  // the leaves are in path order, so each bucket's records are one run
  for (let i = 0; i < leaves; ) {
    const o = 48 + i * 64;
    const b = buf.readUInt16BE(o);
    let j = i + 1;
    while (j < leaves && buf.readUInt16BE(48 + j * 64) === b) j++;
    backend.setBucket(b, new Bucket(new Uint8Array(buf.subarray(o, 48 + j * 64))));
    i = j;
  }
  for (let i = 0, o = 48 + leaves * 64; i < nodes; i++, o += 36)
    backend.setNode(buf.readUInt32BE(o), new Uint8Array(buf.subarray(o + 4, o + 36)));
  return new StateTree(backend);
}

function writeSparse(path: string, backend: MemoryBackend, root: Uint8Array): void {
  const buckets = backend.nonEmptyBuckets();
  const leaves = backend.leafCount;
  const nodes = backend.nonZeroNodes();
  const buf = Buffer.alloc(48 + leaves * 64 + nodes.length * 36);
  buf.write(SPARSE_MAGIC, 0, "latin1");
  buf.set(root, 8);
  buf.writeUInt32BE(leaves, 40);
  buf.writeUInt32BE(nodes.length, 44);
  let o = 48;
  for (const [, bucket] of buckets) {
    buf.set(bucket.records(), o);
    o += bucket.records().length;
  }
  for (const [i, h] of nodes) {
    buf.writeUInt32BE(i, o);
    buf.set(h, o + 4);
    o += 36;
  }
  writeFileAtomic(path, buf);
}

/**
 * A contract's storage tree, expected to have `root` (its account file's storageRoot, which the
 * state tree vouches for): from the cache when it holds that root, else rebuilt from the slot files
 * and refused when they do not hash to it.
 */
export function loadStorageTree(snapshot: Snapshot, address: string, root: string): StateTree {
  if (root === ZERO_HEX) return new StateTree(new MemoryBackend());
  const path = storageCachePath(snapshot, address);
  const dense = FileBackend.open(path, root);
  if (dense) return new StateTree(dense);
  const sparse = readSparse(path, root);
  if (sparse) return sparse;
  const tree = storageTreeOf(snapshot.storageEntries(address));
  if (hex(tree.root()) !== root)
    throw new StoreError(
      "E_STATE_EDITED",
      `${storageDir(address)}/ does not match the storageRoot of ${address} in the head block: it was edited by hand`,
      "restore it with 'git checkout -- state' (or 'git restore state')",
    );
  return tree;
}

/** The store's trees: the state tree, and each contract's storage tree loaded when first touched. */
export class StoredTrees implements StateTrees {
  readonly loaded = new Map<string, StateTree>();
  constructor(
    private readonly snapshot: Snapshot,
    readonly accounts: StateTree,
    /** the storageRoot of an account as of the head (from its checked account file) */
    private readonly headRoot: (address: string) => string,
  ) {}
  storage(address: string): StateTree {
    let t = this.loaded.get(address);
    if (!t) this.loaded.set(address, (t = loadStorageTree(this.snapshot, address, this.headRoot(address))));
    return t;
  }
  storageRoot(address: string): string {
    const t = this.loaded.get(address);
    return t ? hex(t.root()) : this.headRoot(address);
  }
}

/** Saves the trees' new state into the cache: the state tree and every storage tree given. */
export function saveTrees(
  snapshot: Snapshot,
  accounts: StateTree,
  storage: Iterable<[string, StateTree]>,
): void {
  saveTree(snapshot, accounts);
  for (const [address, tree] of storage) {
    const path = storageCachePath(snapshot, address);
    const backend = tree.backend;
    if (backend instanceof MemoryBackend && backend.leafCount <= SPARSE_LIMIT) {
      if (backend.leafCount === 0) rmSync(path, { force: true });
      else writeSparse(path, backend, tree.root());
    } else saveDense(path, tree);
  }
}
