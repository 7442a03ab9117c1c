// Final receipts (issue 28): once blocks are pushed, each merged pull request's one comment becomes
// its receipts as included, one table for all its files. One GraphQL query finds the merged pull
// requests of up to 100 commits and their comments, then each comment costs one request. Only while
// the hour's budget lasts: a run posts while more than RESERVE requests are left (x-ratelimit-remaining,
// kept for the checks of pull requests still arriving) and leaves the rest to a later run. What is
// posted is recorded in git, not in a request: the ref RECEIPTS_REF names the last block commit whose
// receipts are all posted, and each run posts those of every block after it (the catch-up), at most
// HISTORY_WINDOW blocks back. A comment already final for its blocks is not posted twice.

import { blockPath } from "../chain/layout.ts";
import type { Receipt, RejectedFile } from "../chain/transition.ts";
import { renderComment } from "../report/comment.ts";
import { git, pushIfUnchanged, readObjects } from "../sequencer/git.ts";
import { HISTORY_WINDOW, historyReads } from "../sequencer/history.ts";
import type { BlockRecord } from "../store/snapshot.ts";
import type { ActionRun, MergedPull } from "./github.ts";

export const RECEIPTS_REF = "refs/tinychain/receipts";
/** Requests of the hour left for the checks of new pull requests: final receipts can wait, checks not. */
export const RESERVE = 50;

type PullReceipts = MergedPull & { blocks: Set<number>; invalid: RejectedFile[] } & {
  receipts: (Receipt & { block: number })[];
};

const json = (o: { body: Buffer } | undefined) => (o ? JSON.parse(o.body.toString("utf8")) : undefined);
/** GitHub's refusal for the hour's budget (403/429 "API rate limit exceeded…"). */
const rateLimited = (e: unknown) => {
  const { status, message } = e as { status?: number; message?: string };
  return (status === 403 || status === 429) && /rate limit/i.test(message ?? "");
};

/**
 * Posts the final receipts of the blocks after RECEIPTS_REF (or from block `since`, when there is no
 * such ref yet) up to HEAD, as far as the budget goes. Returns what was posted and what was deferred.
 */
export async function postFinalReceipts(
  { port, cwd }: ActionRun,
  since: number,
  log: (m: string) => void,
): Promise<{ posted: number /** blocks whose receipts wait for a later run */; deferred: number }> {
  // the block number each first-parent commit that changed state/head.json leaves, newest first
  const { commits: changes, heads } = historyReads(cwd, "HEAD", HISTORY_WINDOW);
  const chain = heads.map((h, i) => ({ commit: changes[i]!, number: h?.number ?? -1 }));
  let from = since;
  // the ref as the remote has it: "" when absent (the first run); undefined when the remote could not
  // say, and then the ref is left where it is, so that a failed read never skips a deferred block
  let known: string | undefined;
  try {
    known = git(cwd, ["ls-remote", "origin", RECEIPTS_REF]).split(/\s/)[0] ?? "";
    if (known) {
      git(cwd, ["fetch", "--quiet", "--no-tags", "origin", `+${RECEIPTS_REF}:${RECEIPTS_REF}`]);
      // this run's blocks in any case, whatever the ref (anyone with write access may move it) says
      const posted = json(readObjects(cwd, [`${RECEIPTS_REF}:state/head.json`])[0])?.number;
      if (Number.isSafeInteger(posted)) from = Math.min(since, posted + 1);
    }
  } catch (e) {
    log(`could not read ${RECEIPTS_REF} (${(e as Error).message}): this run's blocks only, the ref stays`);
    known = undefined;
  }
  const top = chain[0]?.number ?? -1;
  from = Math.max(from, 1, top - HISTORY_WINDOW + 1);
  /**
   * Ends the run: the blocks from `stuck` on wait for a later run (the budget is low), and
   * RECEIPTS_REF moves to the newest block commit whose blocks are all done.
   */
  const finish = async (posted: number, stuck = Number.POSITIVE_INFINITY) => {
    const deferred = Math.max(0, top - stuck + 1);
    if (deferred > 0) {
      const b = await port.budget("core");
      log(
        `the hour's GitHub API budget is low (${b.remaining} requests left, refilled at ${new Date(b.reset * 1000).toISOString().slice(11, 16)} UTC): the final receipts of block ${stuck} on wait for a later apply run`,
      );
    }
    const to = chain.find((c) => c.number <= top - deferred && c.number >= 0)?.commit;
    // compare-and-swap: a ref another run moved meanwhile is left to that run
    const push = to && known !== undefined && to !== known && pushIfUnchanged(cwd, RECEIPTS_REF, known, to);
    if (push && push.status !== "pushed")
      log(`could not move ${RECEIPTS_REF} (${push.reason}): the next run looks again`);
    return { posted, deferred };
  };
  const numbers = [...Array(Math.max(0, top - from + 1)).keys()].map((i) => from + i);
  const records = readObjects(
    cwd,
    numbers.map((n) => `HEAD:${blockPath(n)}`),
  ).map((o) => json(o) as BlockRecord);
  const aboveReserve = async () => (await port.budget("core")).remaining > RESERVE;
  // each file → the commit that last changed it before its block → that commit's merged pull requests
  const commitOf = new Map<string, string>(); // `${block}:${file}` → commit
  for (const [i, r] of records.entries()) {
    const files = [...r.receipts.map((x) => String(x.file)), ...r.rejected.map((x) => x.file)];
    // a file the shallow history cannot place costs a request: only above the reserve
    const found = await port.commitsTouching(cwd, String(r.header.commit), files, aboveReserve);
    if (!found) return finish(0, from);
    for (const [f, c] of found) if (c) commitOf.set(`${numbers[i]}:${f}`, c);
  }
  const commits = [...new Set(commitOf.values())];
  if (commits.length === 0) return finish(0);
  // (the budget's own read never fails: without an answer, no budget to keep to)
  if (!(await aboveReserve()) || (await port.budget("graphql")).remaining < Math.ceil(commits.length / 100))
    return finish(0, from);
  const targets = await port.receiptTargets(cwd, "HEAD", commits).catch((e) => {
    if (!rateLimited(e)) throw e;
  });
  if (!targets) return finish(0, from);
  const pulls = new Map<number, PullReceipts>();
  for (const [i, r] of records.entries()) {
    const block = numbers[i]!;
    const receipts = r.receipts.map((x) => ({ ...(x as unknown as Receipt), block }));
    const invalid = r.rejected.map(({ code, message, ...x }) => ({ ...x, error: { code, message } }));
    for (const x of [...receipts, ...invalid])
      for (const p of targets.get(commitOf.get(`${block}:${x.file}`) ?? "") ?? []) {
        if (!pulls.has(p.number)) pulls.set(p.number, { ...p, blocks: new Set(), receipts: [], invalid: [] });
        const into = pulls.get(p.number)!;
        into.blocks.add(block);
        if ("status" in x) into.receipts.push(x);
        else into.invalid.push(x as RejectedFile);
      }
  }
  // in block order: a block is done when all its pull requests are; the ref moves past done blocks only
  const order = [...pulls.values()].sort(
    (a, b) => Math.min(...a.blocks) - Math.min(...b.blocks) || a.number - b.number,
  );
  let posted = 0;
  let stuck = Number.POSITIVE_INFINITY; // the first block with a receipt left to post
  for (const p of order) {
    const blocks = [...p.blocks].sort((a, b) => a - b);
    // the marker where renderComment writes it (its first lines), not anywhere: a receipt's text in the
    // validate comment is the pull request author's to choose
    if (p.comment?.body.split("\n", 3).includes(`<!-- tinychain-final: ${blocks.join(" ")} -->`)) continue;
    if (stuck !== Number.POSITIVE_INFINITY || !(await aboveReserve())) {
      stuck = Math.min(stuck, blocks[0]!);
      continue;
    }
    try {
      const body = renderComment(
        { head: undefined as never, baseFee: 0n, receipts: p.receipts, invalid: p.invalid },
        { programs: new Map(), finalBlocks: blocks },
      );
      if (p.comment) await port.updateComment(p.comment.id, body);
      else await port.createComment(p.number, body);
      posted++;
    } catch (e) {
      // a refusal of this one comment (deleted, locked: 4xx) is logged; the rate limit, a server error
      // or a dropped connection leaves its blocks for a later run
      const status = (e as { status?: unknown }).status;
      if (rateLimited(e) || typeof status !== "number" || status >= 500) stuck = Math.min(stuck, blocks[0]!);
      if (!rateLimited(e)) log(`could not post the final receipts of #${p.number}: ${(e as Error).message}`);
    }
  }
  return finish(posted, stuck);
}
