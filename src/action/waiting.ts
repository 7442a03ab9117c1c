// The waiting line (docs/sequencer.md): each open transaction pull request that its last check found
// valid, with how long it has been open and what it waits for, and the valid ones closed without
// merging in the last blocks (vetoes: a maintainer's public decision, not a silent one). Read from
// GitHub when apply builds a block, and written by its commit: shown in the explorer (state/README.md)
// and recorded as data (state/waiting.json, src/client/waiting.ts) for the node and the page. The
// verdict comes from the action's own comment (the bot's login, its marker, the head it judged): no
// pull request is validated again here, and only the oldest are looked at, so a run's cost stays
// bounded.

import { blockPath } from "../chain/layout.ts";
import type { WaitingEntry, WaitingLine } from "../client/waiting.ts";
import { readObjects } from "../sequencer/git.ts";
import { durationText, type Policy, policyAt } from "../sequencer/policy.ts";
import { isOurs } from "./comments.ts";
import type { GitHubPort, PullInfo } from "./github.ts";
import { ageOf } from "./sequence.ts";

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
export async function waitingLine(
  port: GitHubPort,
  cwd: string,
  now: number,
): Promise<WaitingLine | undefined> {
  let policy: Policy;
  try {
    policy = policyAt(cwd, "HEAD");
  } catch {
    return undefined; // apply refuses it, saying why
  }
  if (policy.mode === "manual" && policy.window === null) return undefined;
  const open = (await port.listOpenPulls(500)).filter((p) => !p.draft);
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
  const [head] = readObjects(cwd, [`${rev}:state/head.json`]);
  const number = head ? Number(JSON.parse(head.body.toString("utf8")).number) : 0;
  const [block] = readObjects(cwd, [`${rev}:${blockPath(Math.max(0, number - VETO_BLOCKS))}`]);
  const timestamp = block ? Number(JSON.parse(block.body.toString("utf8")).header.timestamp) : 0;
  return new Date(timestamp * 1000).toISOString().replace(/\.\d+Z$/, "Z");
}
