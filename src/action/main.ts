// The action's wiring: inputs and the event → validate or apply → outputs, job summary, annotations,
// comments and check runs. The logic lives in validate.ts and apply.ts; this file only connects them
// to GitHub. A failure to comment never changes a verdict, and an API failure after a block is pushed
// never undoes the block: the job summary always has everything.

import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import { COMMENT_MARKER, renderComment } from "../report/comment.ts";
import { githubRepoUrl } from "../report/explorer.ts";
import { receiptJson } from "../report/receipts.ts";
import { BOT_NAME } from "../sequencer/git.ts";
import { Snapshot } from "../store/snapshot.ts";
import { ApplyRefused, applyOnPush } from "./apply.ts";
import { type Comment, type GitHubPort, githubPort } from "./github.ts";
import { closeConnections } from "./http.ts";
import { validatePullRequest } from "./validate.ts";

interface Event {
  pull_request?: { number: number; head: { sha: string }; base: { ref: string } };
  repository?: { default_branch?: string };
  ref?: string;
  after?: string;
}

function readEvent(): Event {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Event;
  } catch {
    return {};
  }
}

function modeOf(input: string, eventName: string): "validate" | "apply" {
  if (input === "validate" || input === "apply") return input;
  if (input !== "" && input !== "auto")
    throw new Error(`input mode must be validate, apply or auto, got ${JSON.stringify(input)}`);
  if (eventName === "pull_request" || eventName === "pull_request_target") return "validate";
  if (eventName === "push" || eventName === "workflow_dispatch") return "apply";
  throw new Error(`tinychain runs on pull_request_target (validate) or push (apply), not on ${eventName}`);
}

/** Finds our comment (by the bot's login and the hidden marker) and updates it, or creates one. */
async function upsertComment(
  port: GitHubPort,
  issue: number,
  body: string,
  existing?: Promise<Comment[]>,
): Promise<void> {
  const mine = (await (existing ?? port.listComments(issue))).find(
    (c) => c.login === BOT_NAME && c.body.includes(COMMENT_MARKER),
  );
  if (mine) await port.updateComment(mine.id, body);
  else await port.createComment(issue, body);
}

async function bestEffort(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    core.warning(
      `could not ${what}: ${(e as Error).message} (the verdict and the job summary are unaffected)`,
    );
  }
}

export async function run(): Promise<void> {
  try {
    const eventName = process.env.GITHUB_EVENT_NAME ?? "";
    const mode = modeOf(core.getInput("mode"), eventName);
    const token = core.getInput("github-token") || process.env.GITHUB_TOKEN || "";
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? "/").split("/");
    const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const port = githubPort(token, owner!, repo!, process.env.GITHUB_API_URL ?? "https://api.github.com", {
      attempts: 4,
      maxWaitMs: Number(process.env.TINYCHAIN_MAX_RETRY_WAIT_MS ?? 60_000),
      baseDelayMs: Number(process.env.TINYCHAIN_RETRY_DELAY_MS ?? 1000),
      log: (m) => core.info(m),
    });
    const event = readEvent();
    if (mode === "validate") await runValidate(port, cwd, event);
    else await runApply(port, cwd, event);
  } catch (e) {
    core.setFailed(e instanceof Error ? e.message : String(e));
  } finally {
    closeConnections();
  }
}

async function runValidate(port: GitHubPort, cwd: string, event: Event): Promise<void> {
  const pr = event.pull_request;
  if (!pr || typeof pr.number !== "number" || !/^[0-9a-f]{40}$/.test(pr.head?.sha ?? ""))
    throw new Error("the event has no pull request to validate");
  // the PR's comments are needed at the end; ask for them now, while the files are read
  const comments = port.listComments(pr.number);
  comments.catch(() => {}); // a failure is reported where it is awaited
  const snapshot = new Snapshot(cwd);
  const outcome = await validatePullRequest(port, snapshot, { number: pr.number, headSha: pr.head.sha });
  const receipts = outcome.simulation.receipts.map(receiptJson);
  core.setOutput("receipts", JSON.stringify(receipts));
  core.setOutput("valid", String(outcome.valid));
  core.setOutput("state-root", outcome.simulation.head.stateRoot);
  core.setOutput("block-number", String(outcome.simulation.head.number));
  for (const r of outcome.simulation.invalid)
    core.error(`${r.error.code}: ${r.error.message}`, { file: r.file, title: r.error.code });
  for (const r of outcome.simulation.receipts.filter((x) => x.status !== 0))
    core.error(`status ${r.status}: ${r.error}`, { file: r.file });
  for (const p of outcome.problems) core.error(p);
  await core.summary.addRaw(outcome.comment).write();
  // the comment and the check run are independent: send them together
  await Promise.all([
    bestEffort("post the receipts comment", () => upsertComment(port, pr.number, outcome.comment, comments)),
    bestEffort("create the check run", () =>
      port.createCheckRun({
        headSha: pr.head.sha,
        name: "tinychain receipts",
        conclusion: outcome.valid ? "success" : "failure",
        title: outcome.valid ? `${receipts.length} transaction(s) valid` : "invalid transactions",
        summary: outcome.comment,
      }),
    ),
  ]);
  if (!outcome.valid)
    core.setFailed(outcome.problems[0] ?? "a transaction is invalid or would not exit 0; see the receipts");
}

async function runApply(port: GitHubPort, cwd: string, event: Event): Promise<void> {
  const branch = event.ref?.startsWith("refs/heads/")
    ? event.ref.slice("refs/heads/".length)
    : (event.repository?.default_branch ?? "main");
  const idText = process.env.GITHUB_REPOSITORY_ID;
  let outcome: Awaited<ReturnType<typeof applyOnPush>>;
  try {
    outcome = await applyOnPush({
      cwd,
      branch,
      repositoryId: idText && /^\d+$/.test(idText) ? Number(idText) : undefined,
      repoUrl: githubRepoUrl(process.env.GITHUB_SERVER_URL, process.env.GITHUB_REPOSITORY),
      attempts: Number(process.env.TINYCHAIN_PUSH_ATTEMPTS ?? 5),
      backoffMs: Number(process.env.TINYCHAIN_RETRY_DELAY_MS ?? 1000),
      log: (m) => core.info(m),
    });
  } catch (e) {
    if (e instanceof ApplyRefused) throw new Error(e.message);
    throw e;
  }
  const last = outcome.blocks.at(-1);
  const receipts = outcome.blocks.flatMap((b) =>
    b.receipts.map((r) => ({ ...receiptJson(r), block: b.header.number })),
  );
  core.setOutput("receipts", JSON.stringify(receipts));
  core.setOutput("block-number", last ? String(last.header.number) : "");
  core.setOutput("state-root", last ? last.header.stateRoot : new Snapshot(cwd).head().stateRoot);
  core.setOutput("valid", "true");
  const lines = [`## tinychain apply`, ""];
  if (outcome.skipped) lines.push(`Nothing to do: ${outcome.skipped}.`);
  else if (outcome.blocks.length === 0) lines.push("No pending transaction: no block.");
  for (const b of outcome.blocks) {
    lines.push(
      `### Block ${b.header.number}`,
      "",
      `hash \`${b.header.hash}\`, state root \`${b.header.stateRoot}\`, gas ${b.header.gasUsed}`,
      "",
    );
    for (const r of b.receipts)
      lines.push(`- \`${r.file}\`: status ${r.status}, gas ${r.gasUsed}, fee ${r.fee}`);
    for (const r of b.rejected) lines.push(`- \`${r.file}\`: rejected ${r.error.code}: ${r.error.message}`);
    lines.push("");
  }
  await core.summary.addRaw(lines.join("\n")).write();
  if (!outcome.pushed) return;
  // final receipts on each merged pull request (best effort: the block is pushed already)
  const sha = event.after && /^[0-9a-f]{40}$/.test(event.after) ? event.after : undefined;
  if (!sha) return;
  await bestEffort("add the final receipts to the merged pull requests", async () => {
    for (const number of await port.pullsForCommit(sha)) {
      const { files } = await port.listPullFiles(number, 3000);
      const mine = new Set(files.map((f) => f.filename));
      for (const b of outcome.blocks) {
        const rs = b.receipts.filter((r) => mine.has(r.file)).map((r) => ({ ...r, block: b.header.number }));
        const invalid = b.rejected.filter((r) => mine.has(r.file));
        if (rs.length === 0 && invalid.length === 0) continue;
        const body = renderComment(
          { head: b.header, baseFee: b.header.baseFee, receipts: rs, invalid },
          { programs: new Map(), finalBlock: b.header.number },
        );
        await upsertComment(port, number, body);
      }
    }
  });
}
