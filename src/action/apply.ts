// Apply (SPEC 8): on a push to the default branch, the catch-up. Every pending file in txs/ at the
// head becomes part of the next block(s); the block is committed as github-actions[bot] and pushed with
// compare-and-swap semantics. When the branch moved meanwhile, the block is rebuilt on the new head
// (never a rebase or merge of state/), with backoff, a bounded number of times.

import {
  BLOCK_COMMIT_PREFIX,
  BOT_NAME,
  commitBlock,
  headCommit,
  headMessage,
  pushIfUnchanged,
  resetToRemote,
} from "../sequencer/git.ts";
import type { AppliedBlock } from "../store/ledger.ts";
import { applyPending, recoverInterruptedApply } from "../store/ledger.ts";
import { Snapshot, StoreError } from "../store/snapshot.ts";

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
}

export interface ApplyOutcome {
  blocks: AppliedBlock[];
  pushed: boolean;
  skipped?: string;
  attempts: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function applyOnPush(o: ApplyOptions): Promise<ApplyOutcome> {
  let head = resetToRemote(o.cwd, o.branch);
  const last = headMessage(o.cwd);
  if (last.author === BOT_NAME && last.subject.startsWith(BLOCK_COMMIT_PREFIX)) {
    // the bot's own block commit: its push does not start another block
    return { blocks: [], pushed: false, skipped: "the head is tinychain's own block commit", attempts: 0 };
  }
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    const snapshot = new Snapshot(o.cwd);
    recoverInterruptedApply(snapshot);
    const genesis = snapshot.genesis();
    if (o.repositoryId !== undefined && genesis.chainId !== o.repositoryId)
      throw new ApplyRefused(
        `state/genesis.json has chainId ${genesis.chainId}, but this repository's id is ${o.repositoryId}: this is a fork or a copy of another chain. ` +
          "Start this repository's own chain with the genesis workflow (or `tinychain init --chain-id $GITHUB_REPOSITORY_ID`) so that no transaction of the other chain can be replayed here.",
      );
    let blocks: AppliedBlock[];
    try {
      blocks = applyPending(snapshot, headCommit(o.cwd), { repoUrl: o.repoUrl });
    } catch (e) {
      if (e instanceof StoreError) throw new ApplyRefused(`${e.message}${e.hint ? ` (${e.hint})` : ""}`);
      throw e;
    }
    if (blocks.length === 0) return { blocks, pushed: false, attempts: attempt };
    const numbers = blocks.map((b) => b.header.number);
    const title =
      numbers.length === 1
        ? `${BLOCK_COMMIT_PREFIX} ${numbers[0]}`
        : `${BLOCK_COMMIT_PREFIX}s ${numbers[0]}–${numbers.at(-1)}`;
    const body = blocks
      .map(
        (b) =>
          `block ${b.header.number} ${b.header.hash}: ${b.included.length} included, ${b.rejected.length} rejected`,
      )
      .join("\n");
    commitBlock(o.cwd, `${title}\n\n${body}`);
    if (pushIfUnchanged(o.cwd, o.branch, head) === "pushed")
      return { blocks, pushed: true, attempts: attempt };
    o.log(
      `the branch moved while block ${numbers[0]} was built; rebuilding on the new head (attempt ${attempt} of ${o.attempts})`,
    );
    await sleep(o.backoffMs * 2 ** (attempt - 1));
    head = resetToRemote(o.cwd, o.branch);
  }
  throw new ApplyRefused(
    `the branch kept moving: no block could be pushed after ${o.attempts} attempts; the next push will catch up`,
  );
}
