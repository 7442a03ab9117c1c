// Apply (docs/spec.md §8): on a push to the default branch, the catch-up. Every pending file in txs/ at the
// head becomes part of the next block(s); the block is committed as github-actions[bot] and pushed with
// compare-and-swap semantics. When the branch moved meanwhile, the block is rebuilt on the new head
// (never a rebase or merge of state/), with backoff, a bounded number of times.

import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Attestation } from "../chain/block.ts";
import { SNEED_ADDRESS } from "../chain/sneed.ts";
import type { WaitingLine } from "../client/waiting.ts";
import { ExplorerIndex, explorerObserver } from "../report/explorer.ts";
import { commitPaths } from "../sequencer/commit.ts";
import {
  BLOCK_COMMIT_PREFIX,
  git,
  headCommit,
  pushIfUnchanged,
  resetToRemote,
  treeCaseCollision,
} from "../sequencer/git.ts";
import { checkHistory, HISTORY_WINDOW, historyReads } from "../sequencer/history.ts";
import { type AppliedBlock, applyPending, recoverInterruptedApply } from "../sequencer/ledger.ts";
import { fetchWholeCommits, gitSource, stateIsSparse, useSparseIndex } from "../sequencer/objects.ts";
import { type Policy, PolicyError, policyAt, policyHash } from "../sequencer/policy.ts";
import { accountPath, Snapshot, StoreError, storagePath } from "../store/snapshot.ts";
import { treeCacheHolds } from "../store/tree.ts";
import { chainIdentityProblem } from "./chain-identity.ts";

export class ApplyRefused extends Error {}

export interface ApplyOptions {
  cwd: string;
  branch: string;
  /** GITHUB_REPOSITORY_ID: the chain id this repository's chain must have */
  repositoryId: number | undefined;
  /** https://github.com/OWNER/REPO, for the explorer's commit links */
  repoUrl?: string;
  attempts: number;
  backoffMs: number;
  log: (message: string) => void;
  /** the sequencer's waiting line, for the explorer (docs/sequencer.md) */
  waiting?: WaitingLine;
  /** the sequencer's attestation of the pending files at a head, under policy (docs/sequencer.md) */
  attest?: (head: string, files: string[], policy: Policy) => Promise<Map<string, Attestation> | undefined>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The blocks built and whether they were pushed, the state root of the branch's head afterwards and,
 * when pushed, the ms of the last attempt (building and committing its blocks, and pushing them: the
 * remote's share); `skipped`: why the head starts no block.
 */
export async function applyOnPush(o: ApplyOptions) {
  if (stateIsSparse(o.cwd)) useSparseIndex(o.cwd);
  let head = resetToRemote(o.cwd, o.branch);
  let lastRefusal = "";
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    const started = performance.now();
    const snapshot = openState(o.cwd, o.log);
    recoverInterruptedApply(snapshot);
    const identity = chainIdentityProblem(snapshot.genesis(), o.repositoryId);
    if (identity) throw new ApplyRefused(identity);
    const collision = treeCaseCollision(o.cwd, head);
    if (collision) throw new ApplyRefused(collision);
    const reads = historyReads(o.cwd, head);
    const history = checkHistory(o.cwd, head, HISTORY_WINDOW, undefined, reads);
    if (history) throw new ApplyRefused(`${history.code}: ${history.message} (${history.hint})`);
    // the head is a block commit of this chain (it changes state/head.json from an earlier head, and
    // the history check found it one; a shallow clone's oldest commit only seems to): its push starts
    // no block. Decided by what the commit is: an author's name is
    // anyone's to write
    const none = {
      blocks: [] as AppliedBlock[],
      pushed: false,
      stateRoot: snapshot.head().stateRoot,
      skipped: undefined as string | undefined,
      timings: undefined as { build: number; push: number } | undefined,
    };
    if (attempt === 1 && reads.commits[0] === head && reads.commits.length > 1)
      return { ...none, skipped: "the head is a block commit of this chain" };
    const policy = refusing(() => policyAt(o.cwd, head)); // the policy committed at the head: the default branch's
    const sequencing = await o.attest?.(head, snapshot.pendingPaths(), policy);
    // a Trigger of chain/block-transition.ts: the store passes it through to each block, whose
    // header records the policy's hash and the attestation's
    const trigger = { ...headCommit(o.cwd), policy: policyHash(policy), sequencing };
    const changed = new Set<string>();
    const observer = explorerObserver(o.repoUrl, o.waiting);
    const blocks = refusing(() => applyPending(snapshot, trigger, { observer, changed }));
    if (blocks.length === 0) return none;
    const numbers = blocks.map((b) => b.header.number);
    const title =
      numbers.length === 1
        ? `${BLOCK_COMMIT_PREFIX} ${numbers[0]}`
        : `${BLOCK_COMMIT_PREFIX}s ${numbers[0]}–${numbers.at(-1)}`;
    const line = (b: AppliedBlock) => `${b.included.length} included, ${b.rejected.length} rejected`;
    const body = blocks.map((b) => `block ${b.header.number} ${b.header.hash}: ${line(b)}`).join("\n");
    // from the paths the blocks changed only (git plumbing), never `git add` over the whole state
    commitPaths(o.cwd, `${title}\n\n${body}`, [...changed]);
    const built = performance.now();
    const push = pushIfUnchanged(o.cwd, `refs/heads/${o.branch}`, head);
    const timings = { build: built - started, push: performance.now() - built };
    if (push.status === "pushed")
      return { ...none, blocks, pushed: true, stateRoot: blocks.at(-1)!.header.stateRoot, timings };
    lastRefusal = push.reason;
    o.log(
      push.status === "moved"
        ? `the branch moved while block ${numbers[0]} was built (${push.reason}); rebuilding on the new head (attempt ${attempt} of ${o.attempts})`
        : `the push of block ${numbers[0]} was refused and the branch did not move (${push.reason}); trying again (attempt ${attempt} of ${o.attempts})`,
    );
    await sleep(o.backoffMs * 2 ** (attempt - 1));
    head = resetToRemote(o.cwd, o.branch);
  }
  throw new ApplyRefused(
    `no block could be pushed after ${o.attempts} attempts (last refusal: ${lastRefusal}); the next push will catch up`,
  );
}

/** Runs `f`; a user's error (a bad policy, a damaged state/) refuses the apply with its message. */
function refusing<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PolicyError) throw new ApplyRefused(e.message);
    if (e instanceof StoreError) throw new ApplyRefused(`${e.message}${e.hint ? ` (${e.hint})` : ""}`);
    throw e;
  }
}

/**
 * The chain as this checkout holds it. The apply workflow's checkout is blob-less and leaves state/
 * out of the work tree: with the caches restored (they hold the head's roots and explorer index), the
 * store reads the head commit's objects (`gitSource`), and a block fetches only the blobs it reads. On
 * a cache miss every account is needed once, to rebuild the state tree: then state/ is checked out in
 * full. Each request to the remote costs a round trip and the remote's work: files read together are
 * fetched in one.
 */
function openState(cwd: string, log: (message: string) => void): Snapshot {
  if (!stateIsSparse(cwd)) return new Snapshot(cwd);
  rmSync(join(cwd, "state"), { recursive: true, force: true }); // an earlier attempt's writes
  const snapshot = new Snapshot(cwd, gitSource(cwd));
  snapshot.source.read(["state/genesis.json", "state/head.json"]);
  const head = snapshot.head();
  const explorer = ExplorerIndex.cached(snapshot, head);
  if (treeCacheHolds(snapshot, head.stateRoot) && explorer) {
    // what every block reads (the coinbase, SneedToken and the slots its fee burn writes, the
    // contracts the explorer shows) and the senders the pending files are named after; the rest is
    // fetched when read
    snapshot.source.read([
      accountPath(snapshot.genesis().coinbase),
      accountPath(SNEED_ADDRESS),
      storagePath(SNEED_ADDRESS, "burned"),
      storagePath(SNEED_ADDRESS, "supply"),
      ...explorer.shownContracts().map(accountPath),
      ...snapshot
        .pendingPaths()
        .flatMap((path) => /^txs\/(0x[0-9a-f]{40})-\d+\.json$/.exec(path)?.[1] ?? [])
        .map(accountPath),
    ]);
    return snapshot;
  }
  log("the state tree cache does not hold the head's root: checking out state/ to rebuild it");
  fetchWholeCommits(cwd); // every blob in one request, then the checkout fetches nothing
  git(cwd, ["sparse-checkout", "disable"]);
  return new Snapshot(cwd);
}
