// Forced inclusion (docs/sequencer.md): a scheduled run lists the open pull requests, validates each
// one that has been open longer than the policy's sequencing window exactly as its check does (at its
// current head, on the current chain), and merges every valid one at that exact head, with a comment
// saying the window included it and after how long. An invalid one is left alone, its reason in the
// job summary. Maintainers keep the power to close a pull request, in public; what they cannot do is
// leave a valid transaction waiting without a bound.

import * as core from "@actions/core";
import { visibleText } from "../client/display.ts";
import { durationText, policyAt } from "../sequencer/policy.ts";
import { Snapshot } from "../store/snapshot.ts";
import { bestEffort } from "./comments.ts";
import type { Event } from "./event.ts";
import type { GitHubPort } from "./github.ts";
import { fetchPullRequest } from "./pull-files.ts";
import { APPLY_WORKFLOW, ageOf, approvalsNeeded, mergeValidated } from "./sequence.ts";
import { validatePullRequest } from "./validate.ts";

/** The most open pull requests one run lists (five pages of GitHub's 100). */
export const MAX_OPEN_PULLS = 500;

/** Merges the valid pull requests past the window; the job summary has a line for each: merged, or why not. */
export async function runWindow(
  port: GitHubPort,
  cwd: string,
  event: Event,
  repositoryId: number | undefined,
  token: string,
): Promise<void> {
  const branch = event.repository?.default_branch ?? "main";
  const now = Date.now();
  const lines = ["## tinychain sequencing window", ""];
  const done = async () => {
    core.setOutput("valid", "true");
    await core.summary.addRaw([...lines, ""].join("\n")).write();
  };
  const policy = policyAt(cwd, "HEAD");
  if (policy.window === null) {
    lines.push("The policy sets no sequencing window: nothing to do.");
    return await done();
  }
  const windowMs = policy.window * 1000;
  const pulls = await port.listOpenPulls(MAX_OPEN_PULLS);
  const due = pulls.filter((p) => !p.draft && now - Date.parse(p.createdAt) >= windowMs);
  const snapshot = new Snapshot(cwd);
  lines.push(`${pulls.length} open pull request(s), ${due.length} open longer than the window.`);
  const merged: number[] = [];
  const senders = new Set<string>(); // one merge per sender a run: its next is validated on the new state
  for (const pull of due) {
    const why = (text: string) => lines.push(`- #${pull.number}: ${text}`);
    try {
      // its objects only, as its check reads them: never checked out, never run
      fetchPullRequest(cwd, pull.number, token, process.env.GITHUB_SERVER_URL);
    } catch (e) {
      why(`left alone: its head could not be fetched (${visibleText((e as Error).message)})`);
      continue;
    }
    const outcome = validatePullRequest(cwd, snapshot, pull, repositoryId, policy);
    if (!outcome.valid) {
      const first =
        outcome.problems[0] ??
        outcome.simulation.invalid[0]?.error.message ??
        "a transaction would not exit 0";
      why(`left alone, not valid: ${visibleText(first)}`);
      continue;
    }
    const from = outcome.simulation.receipts.map((r) => r.from);
    if (from.some((f) => senders.has(f))) {
      why("valid; waits for the next run (a transaction of the same sender was included in this one)");
      continue;
    }
    const need = approvalsNeeded(policy, outcome.simulation);
    if (need > 0 && (await port.approvals(pull.number, pull.head)).length < need) {
      why(`valid; waits for ${need} maintainer approval(s) the policy asks`);
      continue;
    }
    const age = ageOf(pull.createdAt, now);
    const done = await mergeValidated(
      port,
      pull,
      pull.head,
      "window",
      `included by the sequencing window after ${age}`,
      branch,
      false,
    );
    if (!done.merged) {
      why(`valid, not merged: ${done.refused}`);
      continue;
    }
    for (const f of from) senders.add(f);
    merged.push(pull.number);
    why(`merged as ${done.merged.slice(0, 12)} after ${age} open`);
    await bestEffort("comment on the included pull request", () =>
      port.createComment(
        pull.number,
        `⏱️ Included by the sequencing window: valid at \`${pull.head.slice(0, 12)}\` and open ${age} (the window is ${durationText(policy.window!)}), merged as \`${done.merged!.slice(0, 12)}\`. Its block follows.`,
      ),
    );
  }
  if (merged.length > 0) await bestEffort("start apply", () => port.dispatch(APPLY_WORKFLOW, branch));
  await done();
}
