// Running the action the way GitHub runs it: `node dist/index.js` with the GITHUB_* variables, an
// event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, against the fake API and a bare origin.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { scratchChain } from "../chain-helpers.ts";
import { ROOT } from "../helpers.ts";

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as {
  name: string;
  examples: Record<string, any>[];
}[];

export const REPO_ID = 7357; // the fixtures' chain id: this "repository" owns the chain

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

/** A chain repository: a bare origin and a work clone, both at the genesis commit on main. */
export function chainRepo(): { origin: string; work: string } {
  const origin = mkdtempSync(join(tmpdir(), "tinychain-origin-"));
  git(origin, "init", "-q", "--bare", "-b", "main");
  git(origin, "config", "uploadpack.allowFilter", "true"); // as GitHub: partial clones
  const work = scratchChain();
  git(work, "add", "-A");
  git(work, "commit", "-q", "-m", "genesis");
  git(work, "remote", "add", "origin", origin);
  git(work, "push", "-q", "origin", "main");
  return { origin, work };
}

/** A file of a pull request: its text, or a symlink to `symlinkTo` (a path relative to the file). */
export interface PrFile {
  path: string;
  content?: string;
  symlinkTo?: string;
}

/**
 * Opens pull request `number` as GitHub keeps one: a commit on top of the origin's main, pushed to
 * refs/pull/<number>/head. `parent` stacks it on an earlier head of the same pull request; `remove`
 * deletes files. Returns the head and base shas.
 */
export function openPullRequest(
  origin: string,
  number: number,
  files: PrFile[],
  options: { parent?: string; remove?: string[] } = {},
): { head: string; base: string } {
  const dir = clone(origin);
  const base = git(dir, "rev-parse", "HEAD");
  if (options.parent) {
    git(dir, "fetch", "-q", "origin", `refs/pull/${number}/head`);
    git(dir, "checkout", "-q", options.parent);
  }
  for (const f of files) {
    const full = join(dir, f.path);
    mkdirSync(dirname(full), { recursive: true });
    if (f.symlinkTo !== undefined) symlinkSync(f.symlinkTo, full);
    else writeFileSync(full, f.content ?? "");
  }
  for (const r of options.remove ?? []) git(dir, "rm", "-q", r);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", `pull request ${number}`);
  git(dir, "push", "-q", "-f", "origin", `HEAD:refs/pull/${number}/head`);
  return { head: git(dir, "rev-parse", "HEAD"), base };
}

/** The apply workflow's checkout options (`with:` of its actions/checkout step), as shipped. */
export function applyCheckoutOptions(): Record<string, any> {
  const w = parseYaml(readFileSync(join(ROOT, ".github/workflows/apply.yml"), "utf8")) as any;
  return w.jobs.apply.steps.find((s: { uses?: string }) => s.uses?.startsWith("actions/checkout")).with;
}

/**
 * A clone as the apply workflow's checkout makes it, from the workflow's own options: its
 * fetch-depth, its partial-clone filter and its sparse checkout (what actions/checkout runs for them).
 */
export function applyCheckout(origin: string): string {
  const o = applyCheckoutOptions();
  const dir = mkdtempSync(join(tmpdir(), "tinychain-checkout-"));
  const args = ["clone", "-q", "--depth", String(o["fetch-depth"])];
  if (o.filter) args.push(`--filter=${o.filter}`);
  if (o["sparse-checkout"]) args.push("--sparse");
  git(dir, ...args, `file://${origin}`, ".");
  if (o["sparse-checkout"])
    git(dir, "sparse-checkout", "set", ...String(o["sparse-checkout"]).trim().split(/\s+/));
  git(dir, "config", "user.email", "dev@example.com");
  git(dir, "config", "user.name", "dev");
  return dir;
}

export function clone(origin: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-clone-"));
  git(dir, "clone", "-q", origin, ".");
  git(dir, "config", "user.email", "dev@example.com");
  git(dir, "config", "user.name", "dev");
  return dir;
}

/** A real pull_request payload with the fields we need patched in. */
export function pullRequestEvent(
  number: number,
  headSha: string,
  baseSha: string,
  fork = false,
): Record<string, any> {
  const e = structuredClone(
    examples.find((x) => x.name === "pull_request")!.examples.find((x) => x.action === "opened")!,
  );
  e.number = number;
  e.pull_request.number = number;
  e.pull_request.head.sha = headSha;
  e.pull_request.base.ref = "main";
  e.pull_request.base.sha = baseSha;
  e.repository = completeRepository(e.repository);
  e.pull_request.head.repo = { ...completeRepository(e.pull_request.head.repo), default_branch: "master" };
  e.pull_request.base.repo = { ...completeRepository(e.pull_request.base.repo), default_branch: "master" };
  // the example predates these fields, which GitHub's schema requires (null when unset)
  e.pull_request.auto_merge ??= null;
  e.pull_request.active_lock_reason ??= null;
  if (fork) {
    e.pull_request.head.repo = {
      ...e.pull_request.head.repo,
      full_name: "stranger/Hello-World",
      fork: true,
      owner: { ...e.pull_request.head.repo.owner, login: "stranger" },
    };
    e.pull_request.head.label = "stranger:main";
  }
  return e;
}

/**
 * The push and workflow_dispatch examples' repositories lack fields GitHub's schema requires of them
 * (the conformance test found them): they are added with the values a public repository has.
 */
function completeRepository(repository: Record<string, any>): Record<string, any> {
  return {
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: "public",
    custom_properties: {},
    ...repository,
    default_branch: "main",
  };
}

export function pushEvent(after: string): Record<string, any> {
  const e = structuredClone(examples.find((x) => x.name === "push")!.examples[0]!);
  e.ref = "refs/heads/main";
  e.after = after;
  e.repository = completeRepository(e.repository);
  return e;
}

/** A merge_group payload (GitHub's example): the queue's group `head` would become `base`'s branch. */
export function mergeGroupEvent(head: string, base: string, lastPull: number): Record<string, any> {
  const e = structuredClone(examples.find((x) => x.name === "merge_group")!.examples[0]!);
  e.merge_group.head_sha = head;
  e.merge_group.base_sha = base;
  e.merge_group.base_ref = "refs/heads/main";
  e.merge_group.head_ref = `refs/heads/gh-readonly-queue/main/pr-${lastPull}-${base}`;
  e.merge_group.head_commit.id = head;
  e.repository = completeRepository(e.repository);
  return e;
}

/** A workflow_dispatch payload (GitHub's example) on the default branch. */
export function dispatchEvent(): Record<string, any> {
  const e = structuredClone(examples.find((x) => x.name === "workflow_dispatch")!.examples[0]!);
  e.ref = "refs/heads/main";
  e.repository = completeRepository(e.repository);
  return e;
}

/**
 * A schedule payload as GitHub Actions writes it: not a webhook (no schema is published for it), the
 * cron line and the repository, whose shape is the push example's.
 */
export function scheduleEvent(): Record<string, any> {
  const repository = completeRepository(
    structuredClone(examples.find((x) => x.name === "push")!.examples[0]!.repository),
  );
  return { schedule: "17 * * * *", repository };
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join("\n");
  }
  return out;
}

export async function runAction(options: {
  workspace: string;
  api: string;
  eventName: string;
  event: unknown;
  env?: Record<string, string>;
  nodeArgs?: string[];
}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-run-"));
  const eventPath = join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(options.event));
  writeFileSync(join(dir, "output"), "");
  writeFileSync(join(dir, "summary"), "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: "Codertocat/Hello-World",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY_ID: String(REPO_ID),
    GITHUB_API_URL: options.api,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "summary"),
    "INPUT_GITHUB-TOKEN": "ghs_test_token",
    INPUT_MODE: "auto",
    TINYCHAIN_RETRY_DELAY_MS: "50",
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(ROOT, "dist/index.js")], {
    cwd: options.workspace,
    env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on("close", r));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(join(dir, "output"), "utf8")),
    summary: readFileSync(join(dir, "summary"), "utf8"),
  };
}
