// The trees' auxiliary data (docs/state.md): a derived cache in .tinychain-cache/ (never committed;
// the folder ignores itself). With it a block reads and writes only the buckets it changes and the
// nodes above them, so its cost does not grow with the state; without it (a fresh clone, a CI
// checkout) the state tree is rebuilt once from the account files (each holds its storageRoot), a
// contract's storage tree from its slot files when a block first touches it, and `verify` rebuilds all.
// The state tree's root is the head's stateRoot, a contract's storage tree's its account's storageRoot,
// so a block loads the tree of a contract only when it touches it.
//
// Every tree is kept one way, in state-tree.bin or storage/<address>.bin, in one of two formats:
// up to SPARSE_LIMIT leaves, held in memory and the file rewritten whole (it is small):
//   header  48 bytes   "TCSPAR01", the root, leaf count, node count (u32 each)
//   leaves  count × (path 32 ‖ leaf hash 32); nodes count × (index u32 ‖ hash 32), non-zero ones only
// a larger tree in the dense format, read on demand and updated in place:
//   header  64 bytes   "TCTREE01", the root it holds (zero while being updated), end of data
//   nodes   2 × 65,536 × 32 bytes: the top tree in heap order (node 1 is the root)
//   index   65,536 × 8 bytes: per bucket, the offset and leaf count of its newest record
//   data    append-only bucket records: count × (path 32 bytes ‖ leaf hash 32 bytes), path order

import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Bucket } from "../chain/bucket.ts";
import {
  accountLeafKey,
  accountLeafValue,
  BUCKET_COUNT,
  hex,
  MemoryBackend,
  StateTree,
  StateTrees,
  type TreeBackend,
  ZERO_HEX,
} from "../chain/merkle.ts";
import { writeFileAtomic } from "./files.ts";
import { type Snapshot, StoreError, storageDir } from "./snapshot.ts";

/** A tree in memory from its leaves (key, value). */
export function treeOf(leaves: Iterable<readonly [string, string]>): StateTree {
  const tree = new StateTree();
  for (const [k, v] of leaves) tree.set(k, v);
  tree.root();
  return tree;
}

/** Builds the state tree in memory from every account file: O(n), the fallback when the cache is missing. */
export function rebuildTree(snapshot: Snapshot): StateTree {
  const tree = new StateTree();
  for (const address of snapshot.allAddresses()) {
    const f = snapshot.accountFile(address);
    if (f) tree.set(accountLeafKey(address), accountLeafValue(f));
  }
  tree.root();
  return tree;
}

const MAGIC = "TCTREE01";
const HEADER = 64;
const NODES = 2 * BUCKET_COUNT * 32;
const INDEX = BUCKET_COUNT * 8;
const DATA = HEADER + NODES + INDEX;

/** A tree's cache file: the state tree's (no address) or a contract's storage tree's. */
const cachePath = (snapshot: Snapshot, address?: string) =>
  join(snapshot.root, ".tinychain-cache", address ? `storage/${address}.bin` : "state-tree.bin");

/** The file's header: magic, the root it holds (zeros: none, so the file is stale) and the data's end. */
function header(root: Uint8Array | undefined, dataEnd: number): Buffer {
  const h = Buffer.alloc(HEADER);
  h.write(MAGIC, 0, "latin1");
  if (root) h.set(root, 8);
  h.writeBigUInt64BE(BigInt(dataEnd), 40);
  return h;
}

function readAt(fd: number, length: number, position: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error("the state tree cache is truncated");
    done += n;
  }
  return buf;
}

/** The cache file as a TreeBackend: buckets read on demand, changes written back by `flush`. */
export class FileBackend implements TreeBackend {
  private readonly buckets = new Map<number, Bucket>();
  private readonly changedNodes = new Set<number>();

  private constructor(
    private readonly fd: number,
    private readonly nodes: Buffer,
    private readonly index: Buffer,
    private dataEnd: number,
  ) {}

  /** Opens the cache if it holds `stateRoot`; undefined when it is missing, stale or damaged. */
  static open(path: string, stateRoot: string): FileBackend | undefined {
    if (!existsSync(path)) return undefined;
    const fd = openSync(path, "r+");
    try {
      const head = readAt(fd, DATA, 0); // (throws when the file is shorter)
      if (head.toString("latin1", 0, 8) !== MAGIC || hex(head.subarray(8, 40)) !== stateRoot)
        throw new Error("stale");
      const nodes = Buffer.from(head.subarray(HEADER, HEADER + NODES));
      if (hex(nodes.subarray(32, 64)) !== stateRoot) throw new Error("inconsistent");
      const index = Buffer.from(head.subarray(HEADER + NODES, DATA));
      return new FileBackend(fd, nodes, index, Number(head.readBigUInt64BE(40)));
    } catch {
      closeSync(fd);
      return undefined;
    }
  }

  /** Writes a complete, compact cache file for a tree held in memory. */
  static write(path: string, backend: MemoryBackend, root: Uint8Array): void {
    const nodes = Buffer.alloc(NODES);
    for (let i = 1; i < 2 * BUCKET_COUNT; i++) nodes.set(backend.node(i), i * 32);
    const index = Buffer.alloc(INDEX);
    const chunks: Uint8Array[] = [];
    let offset = DATA;
    for (const [b, bucket] of backend.nonEmptyBuckets()) {
      const rec = bucket.records();
      index.writeUInt32BE(offset - DATA, b * 8);
      index.writeUInt32BE(bucket.count, b * 8 + 4);
      chunks.push(rec);
      offset += rec.length;
    }
    writeFileAtomic(path, Buffer.concat([header(root, offset), nodes, index, ...chunks]));
  }

  bucket(b: number): Bucket {
    let m = this.buckets.get(b);
    if (m) return m;
    const offset = this.index.readUInt32BE(b * 8);
    const count = this.index.readUInt32BE(b * 8 + 4);
    m = new Bucket(count > 0 ? new Uint8Array(readAt(this.fd, count * 64, DATA + offset)) : undefined);
    this.buckets.set(b, m);
    return m;
  }

  node(i: number): Uint8Array {
    return new Uint8Array(this.nodes.subarray(i * 32, i * 32 + 32));
  }

  setNode(i: number, h: Uint8Array): void {
    this.nodes.set(h, i * 32);
    this.changedNodes.add(i);
  }

  /**
   * Writes the changes for a new root: the header's root is zeroed first, so an interrupted write is
   * seen as stale (and rebuilt) rather than trusted; new bucket records are appended; then changed
   * index entries and nodes; the header with the new root last.
   */
  flush(root: Uint8Array): void {
    writeSync(this.fd, header(undefined, this.dataEnd), 0, HEADER, 0);
    // a changed bucket's hash is a changed node
    const changedBuckets = [...this.changedNodes]
      .filter((i) => i >= BUCKET_COUNT)
      .map((i) => i - BUCKET_COUNT);
    for (const b of changedBuckets.sort((x, y) => x - y)) {
      const bucket = this.buckets.get(b)!;
      const rec = bucket.records();
      if (rec.length > 0) writeSync(this.fd, rec, 0, rec.length, this.dataEnd);
      this.index.writeUInt32BE(this.dataEnd - DATA, b * 8);
      this.index.writeUInt32BE(bucket.count, b * 8 + 4);
      writeSync(this.fd, this.index, b * 8, 8, HEADER + NODES + b * 8);
      this.dataEnd += rec.length;
    }
    for (const i of this.changedNodes) writeSync(this.fd, this.nodes, i * 32, 32, HEADER + i * 32);
    writeSync(this.fd, header(root, this.dataEnd), 0, HEADER, 0);
    this.changedNodes.clear();
  }

  /** Bytes of superseded records, to decide when to compact. */
  get dataBytes(): number {
    return this.dataEnd - DATA;
  }

  liveBytes(): number {
    let n = 0;
    for (let b = 0; b < BUCKET_COUNT; b++) n += this.index.readUInt32BE(b * 8 + 4) * 64;
    return n;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Every bucket and node of a cache file, in memory (each bucket read once, as it is stored). */
function inMemory(file: FileBackend): MemoryBackend {
  const memory = new MemoryBackend();
  for (let b = 0; b < BUCKET_COUNT; b++) {
    const m = file.bucket(b);
    if (m.count > 0) memory.setBucket(b, m);
  }
  for (let i = 1; i < 2 * BUCKET_COUNT; i++) memory.setNode(i, file.node(i)); // (zero ones are left out)
  return memory;
}

const SPARSE_MAGIC = "TCSPAR01";
/** above this many leaves a tree is kept in the dense format (its nodes are 4 MiB) */
const SPARSE_LIMIT = 4096;

/** A small tree's cache file, or undefined when it is missing, stale or damaged. */
function readSparse(path: string, root: string): StateTree | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(path); // another process may have removed it since it was opened
  } catch {
    return undefined;
  }
  if (buf.length < 48 || buf.toString("latin1", 0, 8) !== SPARSE_MAGIC) return undefined;
  if (hex(buf.subarray(8, 40)) !== root) return undefined;
  const leaves = buf.readUInt32BE(40);
  const nodes = buf.readUInt32BE(44);
  if (buf.length !== 48 + leaves * 64 + nodes * 36) return undefined;
  const backend = new MemoryBackend();
  // a leaf's bucket is its path's first 16 bits; in path order, each is added at its bucket's end
  for (let o = 48; o < 48 + leaves * 64; o += 64)
    backend.bucket(buf.readUInt16BE(o)).set(buf.subarray(o, o + 32), buf.subarray(o + 32, o + 64));
  for (let i = 0, o = 48 + leaves * 64; i < nodes; i++, o += 36)
    backend.setNode(buf.readUInt32BE(o), new Uint8Array(buf.subarray(o + 4, o + 36)));
  return new StateTree(backend);
}

function writeSparse(path: string, backend: MemoryBackend, root: Uint8Array): void {
  const nodes = backend.nonZeroNodes();
  const head = Buffer.alloc(48);
  head.write(SPARSE_MAGIC, 0, "latin1");
  head.set(root, 8);
  head.writeUInt32BE(backend.leafCount, 40);
  head.writeUInt32BE(nodes.length, 44);
  const entries = Buffer.alloc(nodes.length * 36);
  nodes.forEach(([i, h], k) => {
    entries.writeUInt32BE(i, k * 36);
    entries.set(h, k * 36 + 4);
  });
  const leaves = backend.nonEmptyBuckets().map(([, bucket]) => bucket.records());
  writeFileAtomic(path, Buffer.concat([head, ...leaves, entries]));
}

/** A tree's cache file when it holds `root`, in either format; undefined when missing, stale or damaged. */
function loadCached(path: string, root: string): StateTree | undefined {
  const dense = FileBackend.open(path, root);
  return dense ? new StateTree(dense) : readSparse(path, root);
}

/** The state tree for the snapshot's head: the cache when it holds that root, else rebuilt from files. */
export function loadTree(snapshot: Snapshot, stateRoot: string): StateTree {
  return loadCached(cachePath(snapshot), stateRoot) ?? rebuildTree(snapshot);
}

/** A tree file read whole into memory, when it holds `root`; undefined when missing or stale. */
export function loadTreeInMemory(path: string, root: string): StateTree | undefined {
  const tree = loadCached(path, root);
  if (!(tree?.backend instanceof FileBackend)) return tree;
  try {
    return new StateTree(inMemory(tree.backend));
  } finally {
    tree.backend.close();
  }
}

/** Does the state tree's cache hold this root (so a block needs no account it does not touch)? */
export function treeCacheHolds(snapshot: Snapshot, stateRoot: string): boolean {
  const tree = loadCached(cachePath(snapshot), stateRoot);
  if (tree?.backend instanceof FileBackend) tree.backend.close();
  return tree !== undefined;
}

/**
 * A contract's storage tree, expected to have `root` (its account file's storageRoot, which the
 * state tree vouches for): from the cache when it holds that root, else rebuilt from the slot files
 * and refused when they do not hash to it.
 */
export function loadStorageTree(snapshot: Snapshot, address: string, root: string): StateTree {
  if (root === ZERO_HEX) return new StateTree();
  const cached = loadCached(cachePath(snapshot, address), root);
  if (cached) return cached;
  const tree = treeOf(snapshot.storageEntries(address));
  if (hex(tree.root()) !== root)
    throw new StoreError(
      "E_STATE_EDITED",
      `${storageDir(address)}/ does not match the storageRoot of ${address} in the head block: it was edited by hand`,
      "restore it with 'git checkout -- state' (or 'git restore state')",
    );
  return tree;
}

/**
 * The store's trees: the state tree, and each contract's storage tree loaded when first touched, whose
 * root is the storageRoot of its account file as of the head (checked against the state tree).
 */
export function storedTrees(snapshot: Snapshot, accounts: StateTree): StateTrees {
  const headRoot = (address: string) => snapshot.accountFile(address)?.storageRoot ?? ZERO_HEX;
  return new StateTrees(
    accounts,
    (address) => loadStorageTree(snapshot, address, headRoot(address)),
    headRoot,
  );
}

/**
 * Writes a tree into its cache file: whole when it is in memory (sparse while small, dense beyond),
 * incrementally into the dense file it came from, compacted when mostly superseded.
 */
function saveCached(path: string, tree: StateTree): void {
  const root = tree.root();
  const backend = tree.backend;
  if (backend instanceof MemoryBackend) {
    if (backend.leafCount === 0) rmSync(path, { force: true });
    else if (backend.leafCount <= SPARSE_LIMIT) writeSparse(path, backend, root);
    else FileBackend.write(path, backend, root);
  } else if (backend instanceof FileBackend) {
    backend.flush(root);
    // compact when most of the data is superseded records
    if (backend.dataBytes > 4 * 1024 * 1024 && backend.dataBytes > 3 * backend.liveBytes()) {
      const memory = inMemory(backend);
      backend.close();
      FileBackend.write(path, memory, root); // atomically: the old file stays whole until the rename
    } else backend.close();
  }
}

/** Saves the trees' new state into the cache: the state tree and every storage tree given. */
export function saveTrees(
  snapshot: Snapshot,
  accounts: StateTree,
  storage: Iterable<[string, StateTree]>,
): void {
  // the cache folder ignores itself, so `git add -A` in a chain repository never commits it
  writeFileAtomic(join(snapshot.root, ".tinychain-cache", ".gitignore"), "*\n");
  saveCached(cachePath(snapshot), accounts);
  for (const [address, tree] of storage) saveCached(cachePath(snapshot, address), tree);
}
