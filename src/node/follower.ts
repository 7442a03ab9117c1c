// What `tinychain node` follows: its own clone of a chain repository, moved forward only to commits
// whose new blocks replay exactly as recorded. The node serves the last verified block ("served"),
// never more: block reads stop at it, and account reads come from the node's own replay, not from
// the snapshot files. A remote that rewrites served history is refused, and the clone put back.

import type { Header } from "../chain/block.ts";
import type { Genesis } from "../chain/genesis.ts";
import type { ChainView } from "../client/query.ts";
import { git, gitAsync, treeCaseCollision } from "../sequencer/git.ts";
import { changesBetween, checkHistory } from "../sequencer/history.ts";
import { gitSource } from "../sequencer/objects.ts";
import { Mismatch, Replay, replayRange } from "../store/replay.ts";
import { type BlockRecord, blockNumberOfPath, Snapshot, StoreError } from "../store/snapshot.ts";
import { compareAccounts } from "../store/verify.ts";
import { readCheckpoint, SaveSchedule, writeCheckpoint } from "./checkpoint.ts";
import { ServedIndex } from "./log-index.ts";
import { cloneOrReuse, redactUrls } from "./remote.ts";

/** How many parsed block records the node keeps (the first one kept is the first dropped). */
const RECORDS_KEPT = 32;

export interface FollowerEvent {
  event: "verified" | "refused" | "fetch-failed" | "resumed" | "checkpoint-failed";
  [k: string]: unknown;
}

export class Follower implements ChainView {
  private replay!: Replay;
  private readonly snapshot: Snapshot;
  /** the served blocks by hash and transaction id, their logs and transactions (methods.ts) */
  index = new ServedIndex();
  private readonly records = new Map<number, BlockRecord>();
  /** told of the blocks newly served, first to last (the subscriptions of events.ts) */
  onServed: ((from: number, to: number) => void) | undefined;
  /** the commit the clone is at; its blocks up to `served` are verified */
  commit = "";
  /** told of each block replayed while the node starts (a progress bar on a terminal) */
  private progress: ((block: number, of: number) => void) | undefined;
  /** why the last new block was not served, if one was refused */
  refused: { block: number; commit: string; reason: string } | null = null;
  lastFetch: { ok: boolean; message?: string } | null = null;
  /** the last run of sync, settled (its failure is its callers'); and the next one, not started yet */
  private last: Promise<void> = Promise.resolve();
  private next: Promise<void> | null = null;
  /** the checkpoint, saved as the node verifies and at a stop: a killed node resumes near where it was */
  readonly saves = new SaveSchedule(
    () => writeCheckpoint(this.dir, this.replay, this.index.save()),
    () => this.head().number,
    (message) => this.log({ event: "checkpoint-failed", message }),
  );

  private constructor(
    readonly remote: string,
    readonly dir: string,
    readonly branch: string,
    private readonly log: (e: FollowerEvent) => void,
  ) {
    // the clone's work tree holds the blocks (account files are read from its objects: advance)
    this.snapshot = new Snapshot(dir);
  }

  /** Clones the remote (or reuses the clone) and verifies every block from genesis. */
  static open(
    remote: string,
    dir: string,
    log: (e: FollowerEvent) => void,
    branch?: string,
    progress?: (block: number, of: number) => void,
  ): Follower {
    cloneOrReuse(remote, dir, branch);
    const f = new Follower(remote, dir, branch ?? git(dir, ["rev-parse", "--abbrev-ref", "HEAD"]), log);
    f.commit = git(dir, ["rev-parse", "HEAD"]);
    f.progress = progress;
    const resumedAt = f.resume();
    if (resumedAt === undefined) f.rebuild(Number.POSITIVE_INFINITY);
    f.progress = undefined;
    // a checkpoint costs a write of the whole state: only when it would say something new
    if (f.head().number !== resumedAt) f.saves.now();
    // what verify refuses, the node does not serve either: a hand edit of state/, a reverted block
    const history = checkHistory(dir, "HEAD");
    if (history) throw new Mismatch(f.head().number, `${history.code}: ${history.message}`);
    return f;
  }

  // ---- what is served -----------------------------------------------------------------------------
  genesis(): Genesis {
    return this.replay.genesis;
  }

  head(): Header {
    return this.replay.head;
  }

  account(address: string) {
    return this.replay.account(address);
  }

  storage(address: string, key: string) {
    return this.replay.storage(address, key);
  }

  accountFile(address: string) {
    return this.replay.overlay.get(address) ?? undefined;
  }

  /** A contract's storage entries, sorted by key. */
  storageEntries(address: string): [string, string][] {
    // a contract's keys are distinct: none compares equal
    return [...(this.replay.slots.get(address) ?? [])].sort((x, y) => (x[0] < y[0] ? -1 : 1));
  }

  /**
   * A served block's record. The latest ones are kept parsed: a block file can be megabytes, and
   * clients ask for the same recent blocks and receipts again and again. Served files never change
   * (a commit that edits one is refused), so the cache holds until a rebuild.
   */
  blockRecord(n: number): BlockRecord | undefined {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.head().number) return undefined;
    let record = this.records.get(n);
    if (!record) {
      record = this.snapshot.blockRecord(n);
      if (!record) return undefined;
      if (this.records.size >= RECORDS_KEPT) this.records.delete(this.records.keys().next().value!);
      this.records.set(n, record);
    }
    return record;
  }

  // ---- following --------------------------------------------------------------------------------
  /**
   * Fetches the branch and serves its new blocks once they verify, with a fetch that starts after the
   * call: one already under way may have missed a commit made just before (`tinychain dev` mines, then
   * syncs). Calls made meanwhile share that next run.
   */
  sync(): Promise<void> {
    if (this.next) return this.next;
    const run = this.last.then(() => {
      this.next = null;
      return this.fetchAndAdvance();
    });
    this.last = run.catch(() => {});
    this.next = run;
    return run;
  }

  private async fetchAndAdvance(): Promise<void> {
    const ref = `refs/remotes/origin/${this.branch}`;
    try {
      await gitAsync(this.dir, ["fetch", "-q", "origin", `+refs/heads/${this.branch}:${ref}`]);
      this.lastFetch = { ok: true };
    } catch (e) {
      // git repeats the remote's URL, and with it any token in it
      const message = redactUrls((e as Error).message);
      this.lastFetch = { ok: false, message };
      this.log({ event: "fetch-failed", message });
      return;
    }
    // from here on everything is synchronous: no request is answered from a half-moved clone
    const target = git(this.dir, ["rev-parse", ref]);
    if (target !== this.commit) this.advanceTo(target);
  }

  /** Moves the clone to `target` and serves its new blocks, or refuses them and says why. */
  private advanceTo(target: string): void {
    const served = this.head();
    const previous = this.commit;
    // every check reads the fetched commit's objects: the clone moves only once they pass
    try {
      // a chain only grows: the files of served blocks and the genesis never change
      const changed = changesBetween(this.dir, previous, target, ["state/genesis.json", "state/blocks"]);
      for (const { path: file } of changed) {
        const n = blockNumberOfPath(file);
        if (file === "state/genesis.json" || (n !== undefined && n <= served.number))
          throw new Mismatch(
            n ?? 0,
            `the remote rewrote history: it changed ${file}, which the node had verified`,
          );
      }
      // state/ changes only by blocks, and head.json never moves back or sideways (E_HISTORY)
      const history = checkHistory(this.dir, target);
      if (history) throw new Mismatch(served.number + 1, `${history.code}: ${history.message}`);
      // the diff above compares paths case-sensitively: a look-alike State/ would overwrite the served
      // files on a case-insensitive file system (macOS, Windows), so it is refused as apply refuses it
      const collision = treeCaseCollision(this.dir, target);
      if (collision) throw new Mismatch(served.number + 1, collision);
    } catch (e) {
      // nothing new is served from a rewritten chain: the clone stays where it was
      this.refuse(e, target);
      return;
    }
    this.checkout(target);
    this.commit = target;
    this.advance(served.number, previous);
  }

  /**
   * Replays the clone's blocks after the served one; on a difference, serves the block before it.
   * `previous` is the commit that was served before, to fall back on (none at start).
   */
  private advance(start: number, previous?: string): void {
    try {
      const target = this.snapshot.head();
      const changed = new Set<string>();
      // signatures recovered a window of blocks ahead, on every core
      replayRange(this.replay, start + 1, target.number, (n) => this.snapshot.blockRecord(n), {
        after: (n, record, addresses) => {
          for (const a of addresses) changed.add(a);
          this.index.add(record);
          this.progress?.(n, target.number);
          // a long replay is saved as it goes; not its last block, whose files are compared below
          if (n < target.number) this.saves.due();
        },
      });
      if (this.head().hash !== target.hash)
        throw new Mismatch(
          target.number,
          `state/head.json (hash ${target.hash}) is not the last block (${this.head().hash})`,
        );
      // the snapshot is part of what `verify` accepts: its changed accounts must be the replayed ones
      const files = new Snapshot(this.dir, gitSource(this.dir));
      compareAccounts(files, this.replay.overlay, changed, target.number);
      this.refused = null;
      this.saves.due(true);
      if (target.number > start)
        this.log({
          event: "verified",
          from: start + 1,
          to: target.number,
          commit: this.commit,
          hash: target.hash,
        });
    } catch (e) {
      const block = this.refuse(e, this.commit);
      try {
        // the replay is half-way through the bad block: replay again up to the block before it
        this.rebuild(Math.max(0, block - 1));
      } catch (again) {
        // the new commit also changed blocks already served (their files, not their hashes): go
        // back to the commit served before, which verified
        if (previous === undefined) throw again;
        this.checkout(previous);
        this.commit = previous;
        this.rebuild(start);
      }
    }
    // the blocks newly served, to the subscriptions (none after a fall back to the commit before)
    if (this.head().number > start) this.onServed?.(start + 1, this.head().number);
  }

  /**
   * Records why a block is not served. Whatever went wrong reading or replaying it (a difference, a
   * damaged file, a record of the wrong shape) is a reason to refuse it, never to stop serving.
   * Returns the block refused.
   */
  private refuse(e: unknown, commit: string): number {
    const block = e instanceof Mismatch ? e.block : this.head().number + 1;
    const reason =
      e instanceof Mismatch || e instanceof StoreError
        ? e.message
        : `block ${block} cannot be read: ${e instanceof Error ? e.message : String(e)}`;
    this.refused = { block, commit, reason };
    this.log({ event: "refused", block, commit, reason });
    return block;
  }

  /** Puts the clone's work tree at `commit` (its files read afresh). */
  private checkout(commit: string): void {
    git(this.dir, ["reset", "-q", "--hard", commit]);
    this.snapshot.invalidate();
  }

  /** A fresh replay from genesis up to block `upTo` (or as far as the clone verifies). */
  private rebuild(upTo: number): void {
    const served0 = this.index.hashes[0]; // a remote cannot swap it later
    this.index = new ServedIndex();
    this.records.clear();
    const genesis = this.snapshot.genesis();
    this.snapshot.invalidate(); // the genesis's alloc is in the replay's state once it is built
    const record0 = this.snapshot.blockRecord(0);
    try {
      this.replay = new Replay(genesis, record0);
    } catch (e) {
      if (e instanceof Mismatch) throw e;
      throw new Mismatch(0, `block 0 cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    const now0 = this.replay.head.hash;
    if (served0 !== undefined && now0 !== served0)
      throw new Mismatch(0, `block 0 is now ${now0}, not the block 0 this node served (${served0})`);
    this.index.add(record0!);
    if (upTo === Number.POSITIVE_INFINITY) this.advance(0);
    else if (upTo > 0) {
      const to = Math.min(upTo, this.snapshot.head().number);
      replayRange(this.replay, 1, to, (n) => this.snapshot.blockRecord(n), {
        after: (_, record) => this.index.add(record),
      });
    }
  }

  // ---- the checkpoint: the state at a block this node replayed itself ---------------------------

  /**
   * Resumes from the saved checkpoint (returning its block) when it still describes this chain: the
   * same block 0, its head block still in the clone's history with the same hash. It trusts its own
   * earlier replay on this machine (docs/security.md); the blocks after it are replayed as usual.
   */
  private resume(): number | undefined {
    const saved = readCheckpoint(this.dir);
    if (!saved) return undefined;
    try {
      const { head } = saved.checkpoint;
      const record0 = this.snapshot.blockRecord(0);
      const atHead = this.snapshot.blockRecord(head.number);
      // block 0 is the one whose hash the saved index starts with
      if (!record0 || record0.header.hash !== saved.index?.hashes?.[0] || atHead?.header.hash !== head.hash)
        return undefined;
      if (head.number > this.snapshot.head().number) return undefined;
      // the genesis settings this node checked block 0 against when it replayed (its alloc is in the state)
      this.replay = new Replay(saved.genesis, undefined, saved.checkpoint);
      // the index of the blocks it served, as saved: not a read of every block file
      this.index.load(saved.index, head.number);
      this.log({ event: "resumed", block: head.number, commit: this.commit, hash: head.hash });
      this.saves.loaded(head.number);
      this.advance(head.number);
      return head.number;
    } catch {
      // a damaged or foreign checkpoint is no worse than none: replay from genesis
      this.index = new ServedIndex();
      return undefined;
    }
  }
}
