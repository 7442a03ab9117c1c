// The action's wiring: inputs and the event → validate or apply → outputs, job summary, annotations,
// comments and check runs. The logic lives in validate.ts and apply.ts; this file only connects them
// to GitHub. A failure to comment never changes a verdict, and an API failure after a block is pushed
// never undoes the block: the job summary always has everything.

import * as core from "@actions/core";
import { visibleText } from "../client/display.ts";
import { githubRepoUrl } from "../report/explorer.ts";
import { clip } from "../report/inert.ts";
import { blocksSummary, receiptJson } from "../report/receipts.ts";
import { policyAt } from "../sequencer/policy.ts";
import { applyOnPush } from "./apply.ts";
import { attestPending } from "./attest.ts";
import { postFinalReceipts } from "./final-receipts.ts";
import { type ActionRun, actionRun, bestEffort, isOurs, SHA } from "./github.ts";
import { runMergeGroup } from "./merge-group.ts";
import { runWindow, sequenceValid, waitingLine } from "./sequence.ts";
import { fetchPullRequest, validatePullRequest } from "./validate.ts";

/** What each mode runs (input mode; `auto` or none chooses by the event). */
const MODES = { validate: runValidate, apply: runApply, "merge-group": runMergeGroup, window: runWindow };
type Mode = keyof typeof MODES;

function modeOf(input: string, eventName: string): Mode {
  if (Object.hasOwn(MODES, input)) return input as Mode;
  if (input !== "" && input !== "auto")
    throw new Error(
      `input mode must be ${Object.keys(MODES).join(", ")} or auto, got ${JSON.stringify(input)}`,
    );
  if (eventName === "pull_request" || eventName === "pull_request_target") return "validate";
  if (eventName === "push" || eventName === "workflow_dispatch") return "apply";
  if (eventName === "merge_group") return "merge-group";
  if (eventName === "schedule") return "window";
  throw new Error(
    `tinychain runs on pull_request_target (validate), push or workflow_dispatch (apply), merge_group or schedule (the sequencer), not on ${eventName}`,
  );
}

export async function run(): Promise<void> {
  try {
    const eventName = process.env.GITHUB_EVENT_NAME ?? "";
    const mode = modeOf(core.getInput("mode"), eventName);
    await MODES[mode](actionRun());
  } catch (e) {
    core.setFailed(e instanceof Error ? e.message : String(e));
  }
}

async function runValidate(run: ActionRun): Promise<void> {
  const { port, cwd, event } = run;
  const pr = event.pull_request;
  if (!pr || typeof pr.number !== "number" || !SHA.test(pr.head?.sha ?? "") || !SHA.test(pr.base?.sha ?? ""))
    throw new Error("the event has no pull request to validate");
  // the policy of the default branch (this checkout), never the pull request's
  const policy = policyAt(cwd, "HEAD");
  // the PR's comments and current state are needed at the end; ask now, while the files are read
  const comments = port.listComments(pr.number);
  const current = port.pull(pr.number);
  for (const asked of [comments, current]) asked.catch(() => {}); // a failure is reported where it is awaited
  // the pull request's objects, never its work tree: its files are read from git, not the API
  fetchPullRequest(run, pr.number);
  const outcome = validatePullRequest(run, { head: pr.head.sha, base: pr.base.sha }, policy);
  const receipts = outcome.simulation.receipts.map(receiptJson);
  core.setOutput("receipts", JSON.stringify(receipts));
  core.setOutput("valid", String(outcome.valid));
  core.setOutput("state-root", outcome.simulation.head.stateRoot);
  core.setOutput("block-number", String(outcome.simulation.head.number));
  // annotations are plain text: the pull request's text shows with its controls escaped
  const { invalid, receipts: all } = outcome.simulation;
  // each bad file: its name, what is wrong in a word, the rest of the annotation's text, and its title
  const bad = [
    ...invalid.map((r) => [r.file, r.error.code, r.error.message, r.error.code] as const),
    ...all.filter((r) => r.status !== 0).map((r) => [r.file, `status ${r.status}`, r.error ?? ""] as const),
  ];
  for (const [file, what, text, title] of bad)
    core.error(visibleText(`${what}: ${text}`), { file: visibleText(file), title });
  for (const p of outcome.problems) core.error(visibleText(p));
  // every bad file by name, in the check's title and the job's failure (the comment has them all too)
  const named = bad.map(([file, what]) => `${file} (${what})`);
  const files = bad.length > 0 ? [`${bad.length} bad file(s): ${named.join(", ")}`] : [];
  const verdict = visibleText([...outcome.problems, ...files].join("; "));
  let note = "";
  if (outcome.valid)
    await bestEffort("sequence the pull request", async () => {
      const pull = await current;
      if (pull.head !== pr.head.sha || !pull.open) return;
      note = await sequenceValid(run, policy, pull, outcome.simulation);
    });
  const comment = note ? `${outcome.comment}\n${note}\n` : outcome.comment;
  await core.summary.addRaw(comment).write();
  // the check run belongs to the judged commit and is always right for it; the one comment shows the
  // pull request's current head, so a run for an older head (a re-run, or a push that arrived
  // meanwhile) leaves it alone
  await Promise.all([
    bestEffort("post the receipts comment", async () => {
      const head = (await current).head;
      if (head !== pr.head.sha) {
        core.notice(
          `the pull request's head is ${head.slice(0, 12)} now, not ${pr.head.sha.slice(0, 12)}: the receipts comment is left to that commit's run`,
        );
        return;
      }
      const mine = (await comments).find(isOurs);
      if (mine) await port.updateComment(mine.id, comment);
      else await port.createComment(pr.number, comment);
    }),
    bestEffort("create the check run", () =>
      port.createCheckRun(pr.head.sha, outcome.valid, {
        title: outcome.valid ? `${receipts.length} transaction(s) valid` : clip(verdict, 240),
        summary: outcome.comment,
      }),
    ),
  ]);
  if (!outcome.valid) core.setFailed(verdict);
}

async function runApply(run: ActionRun): Promise<void> {
  const { cwd, event, defaultBranch, repositoryId } = run;
  const branch = event.ref?.startsWith("refs/heads/") ? event.ref.slice("refs/heads/".length) : defaultBranch;
  const waiting = await bestEffort("read the waiting line", () => waitingLine(run));
  // a refusal (ApplyRefused) is the run's failure, its message the reason
  const outcome = await applyOnPush({
    cwd,
    branch,
    repositoryId,
    repoUrl: githubRepoUrl(),
    attempts: Number(process.env.TINYCHAIN_PUSH_ATTEMPTS ?? 5),
    backoffMs: Number(process.env.TINYCHAIN_RETRY_DELAY_MS ?? 1000),
    log: (m) => core.info(m),
    waiting,
    attest: (head, files, policy) => attestPending(run, head, files, policy),
  });
  const shown = blocksSummary(outcome.blocks);
  core.setOutput("receipts", shown.json);
  core.setOutput("block-number", String(outcome.blocks.at(-1)?.header.number ?? ""));
  core.setOutput("state-root", outcome.stateRoot);
  core.setOutput("valid", "true");
  const lines = [`## tinychain apply`, ""];
  if (outcome.skipped) lines.push(`Nothing to do: ${outcome.skipped}.`);
  else if (outcome.blocks.length === 0) lines.push("No pending transaction: no block.");
  lines.push(...shown.lines);
  // the final receipts of these blocks and of any an earlier run left for later (the catch-up)
  await bestEffort("add the final receipts to the merged pull requests", async () => {
    const since = outcome.blocks[0]?.header.number ?? Number.MAX_SAFE_INTEGER;
    const done = await postFinalReceipts(run, since, (m) => core.warning(m));
    lines.push(
      `Final receipts: ${done.posted} pull request(s) posted, ${done.deferred} block(s) left for a later run.`,
    );
  });
  await core.summary.addRaw(lines.join("\n")).write();
}
