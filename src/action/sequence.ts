// What the sequencer does with a pull request once the check has judged it (docs/sequencer.md): in
// `auto` mode it merges a valid transaction pull request itself, passing the exact commit it
// validated (GitHub refuses the merge with 409 when a push landed since), then starts apply with
// workflow_dispatch (a merge made with the workflow's token starts no push run); in `queue` mode it
// adds it to GitHub's merge queue, whose merge_group run builds the blocks; otherwise, or while
// approvals are missing, the comment says what it waits for, and since when.
//
// Forced inclusion (`runWindow`): a scheduled run lists the open pull requests, validates each one
// that has been open longer than the policy's sequencing window exactly as its check does (at its
// current head, on the current chain), and merges every valid one at that exact head, with a comment
// saying the window included it and after how long. An invalid one is left alone, its reason in the
// job summary. Maintainers keep the power to close a pull request, in public; what they cannot do is
// leave a valid transaction waiting without a bound.
//
// The waiting line (`waitingLine`): each open transaction pull request that its last check found
// valid, with how long it has been open and what it waits for, and the valid ones closed without
// merging in the last blocks (vetoes: a maintainer's public decision, not a silent one). Read from
// GitHub when apply builds a block, and written by its commit: shown in the explorer (state/README.md)
// and recorded as data (state/waiting.json, src/client/waiting.ts) for the node and the page. The
// verdict comes from the action's own comment (the bot's login, its marker, the head it judged): no
// pull request is validated again here, and only the oldest are looked at, so a run's cost stays
// bounded.

import * as core from "@actions/core";
import { blockPath } from "../chain/layout.ts";
import { visibleText } from "../client/display.ts";
import type { WaitingEntry, WaitingLine } from "../client/waiting.ts";
import { readTexts } from "../sequencer/git.ts";
import { durationText, type Policy, policyAt } from "../sequencer/policy.ts";
import type { Simulation } from "../sequencer/simulate.ts";
import { Snapshot } from "../store/snapshot.ts";
import { type ActionRun, bestEffort, type GitHubPort, isOurs, type PullInfo } from "./github.ts";
import { fetchPullRequest, validatePullRequest } from "./validate.ts";

export const APPLY_WORKFLOW = "apply.yml";
/** The trailer of the merge commits the sequencer makes: how a transaction came in. */
export const SEQUENCED_TRAILER = "Tinychain-Sequenced";

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
 * Merges pull request `pull` at exactly its head, the commit validated; the commit message says how it
 * came in, in a trailer (attest.ts reads it).
 */
const mergeValidated = (port: GitHubPort, pull: PullInfo, via: "auto" | "window", why: string) =>
  port.merge(
    pull.number,
    pull.head,
    `Merge pull request #${pull.number} (tinychain sequencer: ${via})`,
    `${why}\n\n${SEQUENCED_TRAILER}: ${via}`,
  );

/**
 * After a valid verdict at the pull request's head: merge, queue, or say what the pull request waits
 * for. Returns the line for the receipts comment that says which.
 */
export async function sequenceValid(
  { port, defaultBranch: branch }: ActionRun,
  policy: Policy,
  pull: PullInfo,
  simulation: Pick<Simulation, "receipts">,
): Promise<string> {
  const sha = pull.head;
  const now = Date.now();
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
  const done = await mergeValidated(port, pull, "auto", `valid at ${sha}`);
  if (!done.merged) return `⏳ Valid, not merged: ${done.refused}. Open ${since}.${window}`;
  // the merge with the workflow's token starts no push run: apply is started by hand, and should
  // this start be lost, the next push or dispatch catches the block up
  await port.dispatch(APPLY_WORKFLOW, branch).catch(() => {});
  return `✅ Merged by the sequencer (auto) as \`${done.merged.slice(0, 12)}\`: its block follows.`;
}

/** The most open pull requests one run lists (five pages of GitHub's 100). */
export const MAX_OPEN_PULLS = 500;

/** Merges the valid pull requests past the window; the job summary has a line for each: merged, or why not. */
export async function runWindow(run: ActionRun): Promise<void> {
  const lines = ["## tinychain sequencing window", "", ...(await includeDue(run)), ""];
  core.setOutput("valid", "true");
  await core.summary.addRaw(lines.join("\n")).write();
}

/** The window's merges, and the job summary's lines that say them. */
async function includeDue(run: ActionRun): Promise<string[]> {
  const { port, cwd, defaultBranch: branch } = run;
  const now = Date.now();
  const policy = policyAt(cwd, "HEAD");
  if (policy.window === null) return ["The policy sets no sequencing window: nothing to do."];
  const pulls = await port.listOpenPulls(MAX_OPEN_PULLS);
  const due = pulls.filter((p) => !p.draft && now - Date.parse(p.createdAt) >= policy.window! * 1000);
  const snapshot = new Snapshot(cwd);
  const lines = [`${pulls.length} open pull request(s), ${due.length} open longer than the window.`];
  const merged: number[] = [];
  const senders = new Set<string>(); // one merge per sender a run: its next is validated on the new state
  /** What the window does with `pull`: merges it, or leaves it alone and says why. */
  const include = async (pull: PullInfo): Promise<string> => {
    try {
      // its objects only, as its check reads them: never checked out, never run
      fetchPullRequest(run, pull.number);
    } catch (e) {
      return `left alone: its head could not be fetched (${visibleText((e as Error).message)})`;
    }
    const outcome = validatePullRequest(run, pull, policy, snapshot);
    if (!outcome.valid) {
      const first =
        outcome.problems[0] ??
        outcome.simulation.invalid[0]?.error.message ??
        "a transaction would not exit 0";
      return `left alone, not valid: ${visibleText(first)}`;
    }
    const from = outcome.simulation.receipts.map((r) => r.from);
    if (from.some((f) => senders.has(f)))
      return "valid; waits for the next run (a transaction of the same sender was included in this one)";
    const need = approvalsNeeded(policy, outcome.simulation);
    if (need > 0 && (await port.approvals(pull.number, pull.head)).length < need)
      return `valid; waits for ${need} maintainer approval(s) the policy asks`;
    const age = ageOf(pull.createdAt, now);
    const done = await mergeValidated(port, pull, "window", `included by the sequencing window after ${age}`);
    if (!done.merged) return `valid, not merged: ${done.refused}`;
    for (const f of from) senders.add(f);
    merged.push(pull.number);
    await bestEffort("comment on the included pull request", () =>
      port.createComment(
        pull.number,
        `⏱️ Included by the sequencing window: valid at \`${pull.head.slice(0, 12)}\` and open ${age} (the window is ${durationText(policy.window!)}), merged as \`${done.merged!.slice(0, 12)}\`. Its block follows.`,
      ),
    );
    return `merged as ${done.merged.slice(0, 12)} after ${age} open`;
  };
  for (const pull of due) lines.push(`- #${pull.number}: ${await include(pull)}`);
  if (merged.length > 0) await bestEffort("start apply", () => port.dispatch(APPLY_WORKFLOW, branch));
  return lines;
}

/** The oldest open pull requests whose verdict is read (one API call each). */
export const WAITING_SHOWN = 20;
/** Vetoes are listed for pull requests closed in this many last blocks. */
export const VETO_BLOCKS = 10;

/** What the action's last comment on the pull request says of `head`: valid, and what it waits for. */
async function verdictOf(port: GitHubPort, pull: PullInfo): Promise<{ valid: boolean; waitsFor: string }> {
  const body = (await port.listComments(pull.number)).filter(isOurs).at(-1)?.body ?? "";
  const valid =
    body.includes(`<!-- tinychain-head: ${pull.head} -->`) && body.includes("## tinychain receipts ✅");
  const note = /^⏳ (.*)$/m.exec(body)?.[1] ?? "";
  const waitsFor = note
    .replace(/^Valid(; waits for|, not merged:) /, "")
    .replace(/[,.]? [Oo]pen since.*$/, "")
    .trim();
  return { valid, waitsFor: waitsFor || "a merge" };
}

/** The waiting line at HEAD, when the policy has a sequencer (never a reason to fail apply). */
export async function waitingLine({ port, cwd }: ActionRun): Promise<WaitingLine | undefined> {
  const now = Date.now();
  let policy: Policy;
  try {
    policy = policyAt(cwd, "HEAD");
  } catch {
    return undefined; // apply refuses it, saying why
  }
  if (policy.mode === "manual" && policy.window === null) return undefined;
  const open = (await port.listOpenPulls(MAX_OPEN_PULLS)).filter((p) => !p.draft);
  const oldest = [...open].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number);
  const shown: WaitingEntry[] = [];
  for (const pull of oldest.slice(0, WAITING_SHOWN)) {
    const v = await verdictOf(port, pull);
    if (!v.valid) continue;
    const openMs = now - Date.parse(pull.createdAt);
    shown.push({
      pull: pull.number,
      age: ageOf(pull.createdAt, now),
      waitsFor: v.waitsFor,
      pastHalfWindow: policy.window !== null && openMs * 2 >= policy.window * 1000,
    });
  }
  const vetoes: WaitingLine["vetoes"] = [];
  for (const pull of await port.listClosedUnmerged(vetoSince(cwd, "HEAD"), WAITING_SHOWN))
    if ((await verdictOf(port, pull)).valid)
      vetoes.push({
        pull: pull.number,
        closedAt: (pull.closedAt ?? "").replace("T", " ").replace(/Z$/, " UTC"),
      });
  return {
    readAt: new Date(now).toISOString().replace(/\.\d+Z$/, "Z"),
    window: policy.window === null ? null : durationText(policy.window),
    open: shown,
    more: Math.max(0, open.length - WAITING_SHOWN),
    vetoes,
    vetoBlocks: VETO_BLOCKS,
  };
}

/** When the block `VETO_BLOCKS` before the head at `rev` was made (ISO 8601), from git's objects. */
function vetoSince(cwd: string, rev: string): string {
  const json = (path: string) => JSON.parse(readTexts(cwd, [`${rev}:${path}`])[0] ?? "null");
  const number = Number(json("state/head.json")?.number ?? 0);
  const timestamp = Number(json(blockPath(Math.max(0, number - VETO_BLOCKS)))?.header.timestamp ?? 0);
  return new Date(timestamp * 1000).toISOString().replace(/\.\d+Z$/, "Z");
}
