// What the sequencer does with a pull request once the check has judged it (docs/sequencer.md): in
// `auto` mode it merges a valid transaction pull request itself, passing the exact commit it
// validated (GitHub refuses the merge with 409 when a push landed since), then starts apply with
// workflow_dispatch (a merge made with the workflow's token starts no push run); in `queue` mode it
// adds it to GitHub's merge queue, whose merge_group run builds the blocks; otherwise, or while
// approvals are missing, the comment says what it waits for, and since when.

import { durationText, type Policy } from "../sequencer/policy.ts";
import type { Simulation } from "../sequencer/simulate.ts";
import type { GitHubPort, PullInfo } from "./github.ts";

export const APPLY_WORKFLOW = "apply.yml";
/** The trailer of the merge commits the sequencer makes: how a transaction came in. */
export const SEQUENCED_TRAILER = "Tinychain-Sequenced";

export type Via = "auto" | "window";

/** The approvals the policy asks of these transactions: `any` of every one, `deploy` when one deploys. */
export function approvalsNeeded(policy: Policy, simulation: Pick<Simulation, "receipts">): number {
  const deploys = simulation.receipts.some((r) => r.created.length > 0);
  return Math.max(policy.approvals.any ?? 0, deploys ? (policy.approvals.deploy ?? 0) : 0);
}

const day = (iso: string) => iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");

/** How long ago `iso` was, in words ("3 h 5 min"), from `now` (ms). */
export function ageOf(iso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

/**
 * Merges pull request `pull` at exactly `sha`, then starts apply. A refusal is a result, not an
 * error: 409 (the head moved after validation: that commit's run decides) or 405 (GitHub will not
 * merge it now: branch rules, a conflict).
 */
export async function mergeValidated(
  port: GitHubPort,
  pull: PullInfo,
  sha: string,
  via: Via,
  why: string,
  branch: string,
  /** start apply after the merge (a run that merges several starts it once, at the end) */
  dispatch = true,
): Promise<{ merged?: string; refused?: string }> {
  // the commit message says how it came in, in a trailer (attest.ts reads it)
  const title = `Merge pull request #${pull.number} (tinychain sequencer: ${via})`;
  const result = await port.merge(pull.number, sha, title, `${why}\n\n${SEQUENCED_TRAILER}: ${via}`);
  if (!result.merged)
    return {
      refused:
        result.status === 409
          ? `its head moved after ${sha.slice(0, 12)} was validated: the new head's check decides`
          : `GitHub refused the merge (${result.status}: ${result.reason})`,
    };
  // the merge with the workflow's token starts no push run: apply is started by hand, and should
  // this start be lost, the next push or dispatch catches the block up
  if (dispatch) await port.dispatch(APPLY_WORKFLOW, branch).catch(() => {});
  return { merged: result.commit };
}

/**
 * After a valid verdict at `sha`: merge, queue, or say what the pull request waits for. Returns the
 * line for the receipts comment that says which.
 */
export async function sequenceValid(
  port: GitHubPort,
  policy: Policy,
  pull: PullInfo,
  sha: string,
  simulation: Pick<Simulation, "receipts">,
  branch: string,
  now: number,
): Promise<string> {
  const since = `since ${day(pull.createdAt)} (${ageOf(pull.createdAt, now)})`;
  const need = approvalsNeeded(policy, simulation);
  if (need > 0) {
    const have = await port.approvals(pull.number, sha);
    if (have.length < need)
      return `⏳ Valid; waits for ${need - have.length} more maintainer approval${need - have.length === 1 ? "" : "s"} of commit \`${sha.slice(0, 12)}\` (the policy asks ${need}, ${have.length} given), open ${since}.`;
  }
  const window =
    policy.window === null
      ? ""
      : ` The sequencing window includes it once it has been open ${durationText(policy.window)}.`;
  if (policy.mode === "manual")
    return `⏳ Valid; waits for a maintainer to merge it (sequencer policy: manual), open ${since}.${window}`;
  if (policy.mode === "queue") {
    await port.enqueue(pull.nodeId, sha);
    return "⏩ Valid: added to the merge queue, which builds its block.";
  }
  const done = await mergeValidated(port, pull, sha, "auto", `valid at ${sha}`, branch);
  if (done.merged)
    return `✅ Merged by the sequencer (auto) as \`${done.merged.slice(0, 12)}\`: its block follows.`;
  return `⏳ Valid, not merged: ${done.refused}. Open ${since}.${window}`;
}
