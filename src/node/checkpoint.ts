// The node's checkpoint: the state at a block it replayed itself, saved in its clone's .git so that
// a restart resumes there instead of replaying the chain from genesis. It trusts its own earlier work
// on this machine, nothing from the remote (docs/security.md).
//
//   tinychain-checkpoint.json   the genesis's settings (not its alloc: a restart need not parse a
//                               million-account genesis.json), the head, the accounts, the storage
//                               entries, and the node's index (block hashes, every transaction and every
//                               log: a restart does not read the block files again to index them)
//   tinychain-checkpoint.tree   the state tree as the node computed it (the cache's format), so a
//                               restart does not hash a million leaves again; used only when its
//                               root is the checkpoint's stateRoot

import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { headerFromJson, headerToJson } from "../chain/block.ts";
import { genesisToJson, parseGenesis } from "../chain/genesis.ts";
import { MemoryBackend } from "../chain/merkle.ts";
import { writeFileAtomic } from "../store/files.ts";
import type { Replay } from "../store/replay.ts";
import { FileBackend, loadTreeInMemory } from "../store/tree.ts";
import type { NodeIndex } from "./log-index.ts";

const VERSION = 7;

/** The checkpoint's two files in the clone `dir`: the .json, and the .tree. */
const paths = (dir: string) =>
  [".json", ".tree"].map((ext) => join(dir, ".git", `tinychain-checkpoint${ext}`));

/** Saves the state `replay` is at, with the node's index of the blocks it served. */
export function writeCheckpoint(dir: string, replay: Replay, index: NodeIndex): void {
  const [json, tree] = paths(dir) as [string, string];
  // the transactions replayed, the accounts and the storage entries, named: the file's fields are its
  // VERSION's, not whatever checkpoint() comes to return
  const { head, tree: stateTree, transactions, accounts, storage } = replay.checkpoint();
  rmSync(tree, { force: true }); // never a tree of another head beside this checkpoint
  writeFileAtomic(
    json,
    JSON.stringify({
      version: VERSION,
      genesis: genesisToJson({ ...replay.genesis, alloc: new Map() }),
      head: headerToJson(head),
      transactions,
      accounts,
      storage,
      index,
    }),
  );
  if (stateTree?.backend instanceof MemoryBackend)
    FileBackend.write(tree, stateTree.backend, stateTree.root());
}

/** The checkpoint saved in the clone `dir`; undefined when there is none usable. */
export function readCheckpoint(dir: string) {
  const [json, tree] = paths(dir) as [string, string];
  try {
    const saved = JSON.parse(readFileSync(json, "utf8"));
    // the index's shape is checked as it loads (log-index.ts); a damaged one is refused there
    const { version, transactions, accounts, storage } = saved; // null: damaged, as below
    if (
      version !== VERSION ||
      !Number.isSafeInteger(transactions) ||
      ![accounts, storage].every(Array.isArray)
    )
      return undefined;
    const head = headerFromJson(saved.head);
    return {
      genesis: parseGenesis(saved.genesis),
      checkpoint: { head, transactions, accounts, storage, tree: loadTreeInMemory(tree, head.stateRoot) },
      index: saved.index as NodeIndex,
    };
  } catch {
    return undefined; // missing or damaged: replay from genesis
  }
}

/** A verified block is saved within this long, so a killed node replays at most this much again. */
export const SAVE_EVERY_MS = 5_000;
/** …but saving (a write of the whole state: seconds for a million accounts) takes at most 1/10 of the time */
const SAVE_SHARE = 10;

/**
 * When the node saves its checkpoint as it verifies: within SAVE_EVERY_MS of verifying a block (or
 * every SAVE_EVERY_MS during a long replay), never more often than ten times a save's own cost.
 */
export class SaveSchedule {
  private last = { at: performance.now(), block: -1, cost: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly save: () => void,
    private readonly head: () => number,
    private readonly failed: (message: string) => void,
  ) {}

  /** The node resumed from the checkpoint of `block`: nothing to save until it verifies more. */
  loaded(block: number): void {
    this.last = { at: performance.now(), block, cost: 0 };
  }

  /** Saves now (at a start, at a stop); a failure is the caller's. */
  now(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const t = performance.now();
    this.save();
    const at = performance.now();
    this.last = { at, block: this.head(), cost: at - t };
  }

  /**
   * Saves if a save is due. In the middle of a replay, which is synchronous (no timer fires in it),
   * that is all; after blocks were verified (`later`), a save not due yet is set for when it is.
   */
  due(later = false): void {
    if (this.head() === this.last.block) return;
    const wait = this.last.at + Math.max(SAVE_EVERY_MS, SAVE_SHARE * this.last.cost) - performance.now();
    if (wait <= 0) {
      // a save that fails (a full disk) is logged; the node keeps serving and saves again later
      try {
        this.now();
      } catch (e) {
        this.last = { ...this.last, at: performance.now() };
        this.failed(e instanceof Error ? e.message : String(e));
      }
    } else if (later && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.due(true);
      }, wait).unref();
    }
  }
}
