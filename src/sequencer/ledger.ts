// The chain on disk, written: starting one (block 0) and applying pending transactions as blocks
// (what `apply` and the merge do; simulating them is simulate.ts). The block's changes become files
// through overlay.ts and land atomically through journal.ts; the head header is written last, so an
// interrupted apply leaves the previous head in force and the next run redoes the block from scratch.
// Block production, outside the core: verify never writes (it moves to src/sequencer/, issue 22).
//
// The apply journal: a block's file writes land all together or not at all. The whole set is first
// written as one journal file (atomically), then applied file by file, then the journal is removed;
// a journal found later (the process was killed half-way) is rolled forward.

import { isUtf8 } from "node:buffer";
import { existsSync, rmSync } from "node:fs";
import { type Header, headerToJson } from "../chain/block.ts";
import { commitState, genesisHeader } from "../chain/block-transition.ts";
import { canonicalJson } from "../chain/canonical-json.ts";
import { type Genesis, genesisToJson } from "../chain/genesis.ts";
import { genesisState } from "../chain/genesis-state.ts";
import { accountLeafKey, accountLeafValue, hex, type StateTree, StateTrees } from "../chain/merkle.ts";
import { State, type StateSource } from "../chain/state.ts";
import {
  type ParsedFile,
  type PreparedTx,
  parseFile,
  prepareParsed,
  type RejectedFile,
} from "../chain/transition.ts";
import { readTextIfExists, writeFileAtomic } from "../store/files.ts";
import { type Overlay, persistChanges, type Writes } from "../store/overlay.ts";
import { recoverMany } from "../store/recover-pool.ts";
import {
  type AccountFile,
  accountPath,
  type BlockRecord,
  blockPath,
  type PendingFile,
  Snapshot,
  StoreError,
  storagePath,
} from "../store/snapshot.ts";
import { loadTree, saveTrees, storedTrees } from "../store/tree.ts";
import { applyBlock } from "./auction.ts";

/**
 * The snapshot as the block's state source, refusing hand-edited files: each account file is checked
 * against the head's state tree the first time the block reads it (docs/spec.md §6, issue 4), before the tree
 * takes in any change.
 */
function checkedSource(snapshot: Snapshot, trees: StateTrees): StateSource {
  const tree = trees.accounts;
  const checked = new Set<string>();
  const edited = (path: string, what: string) =>
    new StoreError(
      "E_STATE_EDITED",
      `${path} does not match ${what}: it was edited by hand`,
      "restore it with 'git checkout -- state' (or 'git restore state')",
    );
  const check = (address: string) => {
    if (checked.has(address)) return;
    checked.add(address);
    const f = snapshot.accountFile(address);
    if (!tree.holds(accountLeafKey(address), f && accountLeafValue(f)))
      throw edited(accountPath(address), "the state root of the head block");
  };
  return {
    account(address) {
      check(address);
      return snapshot.account(address);
    },
    storage(address, key) {
      check(address);
      const value = snapshot.storage(address, key);
      // the entry (or its absence) must be what the contract's storage tree holds
      const storage = trees.storage(address);
      if (!storage.holds(key, value))
        throw edited(storagePath(address, key), `the storageRoot of ${address}`);
      return value;
    },
  };
}

/**
 * Told of the blocks a run makes, by whoever called the store (the explorer, state/README.md, is fed
 * this way: the store itself knows nothing of it). Its files are committed in the same journal as the
 * blocks, so they land together or not at all.
 */
export interface BlockObserver {
  files(o: ObservedBlocks): Map<string, string>;
  /** after the blocks and the files are on disk */
  committed?(snapshot: Snapshot): void;
}

export interface ApplyOptions {
  observer?: BlockObserver;
  /** filled with every path the run wrote or deleted (a block commit is made from exactly these) */
  changed?: Set<string>;
  /** the first block is made even when no file waits: an empty block (`tinychain dev`'s dev_mine) */
  empty?: boolean;
}

/** Starts a chain: state/genesis.json, the block-0 snapshot and its header (docs/spec.md §6). */
export function initChain(dir: string, genesis: Genesis, options: ApplyOptions = {}): Header {
  const snapshot = new Snapshot(dir);
  if (snapshot.exists())
    throw new StoreError(
      "E_EXISTS",
      `${snapshot.path("state/genesis.json")} already exists: this folder holds a chain`,
      "use another folder, or delete state/ to start over",
    );
  const state = genesisState(genesis);
  const trees = new StateTrees();
  const run = newRun(genesis, undefined);
  const changed = persistChanges(() => undefined, commitState(state, trees), run.overlay, run.writes);
  const header = genesisHeader(genesis, hex(trees.accounts.root()));
  run.blocks.push(
    appliedBlock(header, { receipts: [], receiptRecords: [], rejected: [] }, changed, () => null),
  );
  run.writes.set("state/genesis.json", canonicalJson(genesisToJson(genesis)));
  if (!existsSync(snapshot.path("txs"))) run.writes.set("txs/.gitkeep", "");
  writeBlocks(snapshot, run, trees, options);
  return header;
}

/** What a run builds: the blocks on `parent` (undefined when the chain starts), and their writes. */
const newRun = (genesis: Genesis, parent: Header | undefined) => ({
  genesis,
  parent,
  blocks: [] as AppliedBlock[],
  overlay: new Map() as Overlay,
  writes: new Map() as Writes,
});
type Run = ReturnType<typeof newRun>;
type Built = NonNullable<ReturnType<typeof applyBlock>>;

/**
 * A block as applied: its record for state/blocks/ (`content`: a transaction file's text, null when it
 * is not UTF-8), the files it included, and `changed`, the account files it changed (null: the account
 * is gone).
 */
function appliedBlock(
  header: Header,
  built: Pick<Built, "receipts" | "receiptRecords" | "rejected" | "sequencing">,
  changed: (readonly [string, AccountFile | null])[],
  content: (file: string) => string | null,
) {
  const { receipts, rejected } = built;
  const record: BlockRecord = {
    header: headerToJson(header),
    transactions: receipts.map((r) => ({ file: r.file, id: r.id, content: content(r.file)! })),
    receipts: built.receiptRecords,
    rejected: rejected.map((r) => ({
      file: r.file,
      id: r.id,
      code: r.error.code,
      message: r.error.message,
      content: content(r.file),
    })),
    ...(built.sequencing ? { sequencing: built.sequencing } : {}),
  };
  return { header, included: receipts.map((r) => r.file), rejected, receipts, record, changed };
}
export type AppliedBlock = ReturnType<typeof appliedBlock>;

/**
 * What an observer of new blocks is shown: the blocks, and the state as of the new head. `overlay`:
 * the account files the blocks changed (null: gone), over the snapshot's.
 */
function observed(snapshot: Snapshot, run: Run, head: Header) {
  const fileOf = (a: string) => (run.overlay.has(a) ? run.overlay.get(a) : snapshot.accountFile(a));
  return {
    ...run,
    snapshot,
    head,
    /** an account file as of the new head (undefined: no such account) */
    account: (a: string) => fileOf(a) ?? undefined,
    /** every account as of the new head */
    allAccounts: () =>
      [...new Set([...snapshot.allAddresses(), ...run.overlay.keys()])].map((a) => [a, fileOf(a)] as const),
  };
}
export type ObservedBlocks = ReturnType<typeof observed>;

/**
 * Writes what a run built: the observer's files join the blocks' (docs/spec.md §6), all land together
 * or not at all (journal.ts), then the trees' cache; the observer hears of it last.
 */
function writeBlocks(snapshot: Snapshot, run: Run, trees: StateTrees, options: ApplyOptions): void {
  const { writes } = run;
  const head = run.blocks.at(-1)?.header;
  for (const b of run.blocks) writes.set(blockPath(b.header.number), canonicalJson(b.record));
  if (head && options.observer)
    for (const [path, text] of options.observer.files(observed(snapshot, run, head))) writes.set(path, text);
  // state/head.json last (a Map keeps a key where it was first set): until it lands, the previous
  // head is in force
  writes.delete("state/head.json");
  if (head) writes.set("state/head.json", canonicalJson(headerToJson(head)));
  // the whole set is first written as one journal file (atomically), then applied file by file, then
  // the journal is removed: a crash at any point leaves the old state or the new one, and a journal
  // found later is rolled forward (`recoverInterruptedApply`)
  if (writes.size > 0) {
    const entries = [...writes];
    writeFileAtomic(snapshot.path(JOURNAL), JSON.stringify(entries));
    replayJournal(snapshot, entries);
  }
  for (const path of writes.keys()) options.changed?.add(path);
  saveTrees(snapshot, trees.accounts, trees.storageTrees);
  if (head) options.observer?.committed?.(snapshot);
}

const failed = (r: object): r is RejectedFile => "error" in r;

export function prepareFiles(files: PendingFile[], chainId: number) {
  const read = files.map((f) => parseFile(f.path, f.bytes, f.kind));
  const parsed = read.filter((p): p is ParsedFile => !failed(p));
  // signatures in bulk, on both cores when there are many
  const signers = recoverMany(
    parsed.map((p) => p.digest),
    parsed.map((p) => p.tx.signature),
  );
  const checked = parsed.map((p, i) => prepareParsed(p, chainId, signers[i]));
  // rejected: those that do not parse, then those that fail their checks, each in file order
  return {
    prepared: checked.filter((r): r is PreparedTx => !failed(r)),
    rejected: [...read, ...checked].filter(failed),
  };
}
export type Prepared = ReturnType<typeof prepareFiles>;

/** Checks that state/ is what the head says it is: refuses hand-edited state (docs/spec.md §6, issue 4). */
export function checkSnapshot(tree: StateTree, head: Header): void {
  const root = hex(tree.root());
  if (root !== head.stateRoot)
    throw new StoreError(
      "E_STATE_EDITED",
      `state/ does not match its head: the accounts hash to ${root}, but block ${head.number} records stateRoot ${head.stateRoot}`,
      "state/ was edited by hand or is incomplete; restore it with 'git checkout -- state' (or 'git restore state')",
    );
}

/**
 * The catch-up (docs/spec.md §6, 8): every pending file in txs/ goes into the next block(s) until nothing more
 * can be included. Included files move into the block record, invalid ones are removed and recorded,
 * nonce gaps stay. No pending transaction, no block.
 */
export function applyPending(
  snapshot: Snapshot,
  trigger: { timestamp: number; commit: string },
  options: ApplyOptions = {},
): AppliedBlock[] {
  recoverInterruptedApply(snapshot);
  const genesis = snapshot.genesis();
  let head = snapshot.head();
  const tree = loadTree(snapshot, head.stateRoot);
  checkSnapshot(tree, head);
  const trees = storedTrees(snapshot, tree);
  const files = snapshot.pendingFiles();
  let { prepared: queue, rejected: rejectedNow } = prepareFiles(files, genesis.chainId);
  const contents = new Map(files.map((f) => [f.path, f.bytes]));
  const state = new State(checkedSource(snapshot, trees));
  const run = newRun(genesis, head);
  const utf8 = new TextDecoder();
  const text = (path: string) => {
    const bytes = contents.get(path);
    // a file not read, or not UTF-8, is no text (decode(undefined) is "")
    return bytes && isUtf8(bytes) ? utf8.decode(bytes) : null;
  };
  for (;;) {
    const block = applyBlock({
      genesis,
      parent: head,
      state,
      trees,
      candidates: queue,
      invalid: rejectedNow,
      trigger,
      empty: options.empty === true && run.blocks.length === 0,
    });
    if (!block) break;
    const { header, receipts, rejected } = block;
    const changed = persistChanges((a) => snapshot.accountFile(a), block.changes, run.overlay, run.writes);
    run.blocks.push(appliedBlock(header, block, changed, text));
    for (const r of [...receipts, ...rejected]) run.writes.set(r.file, null);
    head = header;
    queue = block.pending;
    rejectedNow = [];
    if (receipts.length === 0 || queue.length === 0) break;
  }
  writeBlocks(snapshot, run, trees, options);
  return run.blocks;
}

const JOURNAL = "state/.apply-journal.json";

function replayJournal(snapshot: Snapshot, entries: [string, string | null][]): void {
  for (const [path, content] of entries) {
    // a pending "file" can be a file, a symlink or a folder
    if (content === null) rmSync(snapshot.path(path), { force: true, recursive: true });
    else writeFileAtomic(snapshot.path(path), content);
  }
  rmSync(snapshot.path(JOURNAL), { force: true });
  snapshot.invalidate();
}

/** Finishes an apply that was interrupted after its journal was written. */
export function recoverInterruptedApply(snapshot: Snapshot): void {
  const text = readTextIfExists(snapshot.path(JOURNAL));
  if (text === undefined) return;
  let entries: unknown = [];
  try {
    entries = JSON.parse(text);
  } catch {}
  // the journal itself is written atomically, so one that does not read as apply's writes was never
  // complete, or never apply's (a clone holds only what git gave it): drop it (no entries). Every path
  // stays inside state/ or txs/: a journal is a file like any other, and must not write elsewhere.
  replayJournal(snapshot, Array.isArray(entries) && entries.every(isJournalEntry) ? entries : []);
}

const isJournalEntry = (e: unknown): e is [string, string | null] =>
  Array.isArray(e) &&
  e.length === 2 &&
  typeof e[0] === "string" &&
  /^(state|txs)\//.test(e[0]) &&
  !e[0].split(/[\\/]/).some((part) => part === "" || part === "." || part === "..") &&
  (e[1] === null || typeof e[1] === "string");
