// The little git the chain needs locally: the commit that triggers a block (its sha and committer
// time). The action's sequencer (compare-and-swap pushes) builds on these.

import { execFile, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { readTextIfExists, writeFileAtomic } from "../store/files.ts";

export class GitError extends Error {}

/**
 * Every git this tool runs works on a folder it did not make (a user's chain, a dev folder, a runner's
 * checkout), whose own configuration could run programs on each command: its hooks (a commit's
 * pre-commit, post-commit…) and core.fsmonitor (a command git runs to list changed files). Neither is
 * ours to run.
 */
export const NO_FOLDER_PROGRAMS = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false"];

/**
 * The .gitattributes a chain carries (init and dev write it): state/ and txs/ are hashed and signed
 * byte for byte, so git must never convert them (core.autocrlf=true, Git for Windows' default, turned
 * block 0's files into CRLF and verify failed) nor run a filter or an encoding on them. The history
 * check refuses any other change to it.
 */
export const CHAIN_GITATTRIBUTES = [
  "# tinychain: the chain's files are hashed and signed byte for byte; git must never convert them",
  "state/** -text -eol -filter -ident -working-tree-encoding",
  "txs/** -text -eol -filter -ident -working-tree-encoding",
  "",
].join("\n");

/** Writes the chain's .gitattributes in `dir` (appended to one that lacks its lines). */
export function writeChainGitattributes(dir: string): void {
  const path = join(dir, ".gitattributes");
  const old = readTextIfExists(path) ?? "";
  if (old.includes(CHAIN_GITATTRIBUTES)) return;
  writeFileAtomic(path, `${old}${old === "" || old.endsWith("\n") ? "" : "\n"}${CHAIN_GITATTRIBUTES}`);
}

/** git's environment for every command: C messages, never a prompt for credentials. */
const gitEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  LC_ALL: "C",
  GIT_TERMINAL_PROMPT: "0",
  ...extra,
});

function gitFailed(
  args: string[],
  e: { stderr?: string | Buffer; message?: string; status?: number | null },
) {
  const command = args.find((a, i) => !a.startsWith("-") && args[i - 1] !== "-c") ?? args[0];
  const said = (e.stderr?.toString() || e.message || `exit status ${e.status}`).trim().split("\n")[0];
  return new GitError(`git ${command} failed: ${said}`);
}

/** Runs git in `cwd`; `env` adds to git's environment. */
const spawnGit = (cwd: string, args: string[], o: { env?: Record<string, string>; input?: string } = {}) =>
  spawnSync("git", [...NO_FOLDER_PROGRAMS, ...args], {
    cwd,
    input: o.input,
    env: gitEnv(o.env),
    maxBuffer: 1 << 30,
  });

/** A git command's output as bytes (blobs); `env` adds to git's environment. */
export function gitBytes(cwd: string, args: string[], options: Parameters<typeof spawnGit>[2] = {}): Buffer {
  const r = spawnGit(cwd, args, options);
  if (r.status !== 0 || r.error) throw gitFailed(args, r.error ?? r);
  return r.stdout;
}

/**
 * git's environment for sending `token` to the server at `origin` (https://host) as an HTTP header,
 * as actions/checkout passes it: never in a URL or an argument another user's `ps` could read. The
 * entry is number `n` of git's environment config (the ones before it are kept).
 */
export function authorizationEnv(origin: string, token: string, n = 0): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: String(n + 1),
    [`GIT_CONFIG_KEY_${n}`]: `http.${origin}/.extraheader`,
    [`GIT_CONFIG_VALUE_${n}`]: `AUTHORIZATION: basic ${basic}`,
  };
}

/** A git command's output as trimmed text. */
export function git(cwd: string, args: string[], input?: string): string {
  return gitBytes(cwd, args, { input }).toString("utf8").trim();
}

/** A git command's output as trimmed text, or undefined when it fails (a rev, key or remote not there). */
export function tryGit(cwd: string, args: string[]): string | undefined {
  const r = spawnGit(cwd, args);
  return r.status === 0 && !r.error ? r.stdout.toString("utf8").trim() : undefined;
}

/** A git command that talks to a remote (fetch, push): off the thread that answers requests. */
export function gitAsync(cwd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile("git", [...NO_FOLDER_PROGRAMS, ...args], { cwd, env: gitEnv() }, (e) =>
      e ? reject(gitFailed(args, e)) : resolve(),
    ),
  );
}

/**
 * Many objects in one `git cat-file --batch`: for each spec (`<rev>:<path>`, a sha…) its type, size and
 * raw bytes (none with `sizesOnly`), or undefined when git has no such object.
 */
export function readObjects(cwd: string, specs: string[], sizesOnly = false) {
  const objects: ({ type: string; size: number; body: Buffer } | undefined)[] = [];
  if (specs.length === 0) return objects;
  const out = gitBytes(cwd, ["cat-file", sizesOnly ? "--batch-check" : "--batch"], {
    input: `${specs.join("\n")}\n`,
  });
  let at = 0;
  for (let i = 0; i < specs.length; i++) {
    const eol = out.indexOf(10, at);
    const m = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(out.subarray(at, eol).toString("utf8"));
    at = eol + 1;
    if (!m) {
      objects.push(undefined); // "<spec> missing"
      continue;
    }
    const size = Number(m[2]);
    objects.push({ type: m[1]!, size, body: out.subarray(at, sizesOnly ? at : at + size) });
    if (!sizesOnly) at += size + 1;
  }
  return objects;
}

/** The text of each blob of `specs` (undefined where git has no such object, or it is not a file). */
export function readTexts(cwd: string, specs: string[]): (string | undefined)[] {
  return readObjects(cwd, specs).map((o) => (o?.type === "blob" ? o.body.toString("utf8") : undefined));
}

export const isGitRepository = (cwd: string) =>
  tryGit(cwd, ["rev-parse", "--is-inside-work-tree"]) === "true";

/** The sha and committer time (unix seconds) of HEAD. */
export function headCommit(cwd: string): { commit: string; timestamp: number } {
  const [commit, time] = git(cwd, ["log", "-1", "--format=%H %ct", "HEAD"]).split(" ");
  return { commit: commit!, timestamp: Number(time) };
}

export const BOT_NAME = "github-actions[bot]";
export const BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com";
export const BLOCK_COMMIT_PREFIX = "tinychain: block";

export type PushResult = { status: "pushed" } | { status: "moved" | "failed"; reason: string };

/**
 * Pushes `from` to `ref` (a branch's refs/heads/…, or the receipts ref) only if the remote's `ref` is
 * still `expected` ("" for none), the commit we built on (compare-and-swap). Whether the remote moved
 * is decided from facts, not from git's or the server's wording (which varies: "fetch first", "stale
 * info", "cannot lock ref", a hook's text): the porcelain status of our ref
 * (`<flag>\t<from>:<to>\t<summary>`, "!" a refusal) and, after any refusal, the remote's ref read
 * again. "moved": rebuild on the new head; "failed": the remote is where it was and still refused (a
 * protected branch, a hook, no permission).
 */
export function pushIfUnchanged(cwd: string, ref: string, expected: string, from = "HEAD"): PushResult {
  const r = spawnGit(cwd, [
    "push",
    "--porcelain",
    `--force-with-lease=${ref}:${expected}`,
    "origin",
    `${from}:${ref}`,
  ]);
  const [flag, , summary] =
    String(r.stdout ?? "") // (null when git could not be started)
      .split("\n")
      .map((line) => line.split("\t"))
      .find(([f, refs]) => f?.length === 1 && refs?.endsWith(`:${ref}`)) ?? [];
  if (r.status === 0 && flag !== undefined && flag !== "!") return { status: "pushed" };
  // git's last line of complaint, else its exit status
  const said = String(r.stderr ?? "")
    .trim()
    .split("\n")
    .at(-1)
    ?.trim();
  const reason = summary || said || `git push exited with ${r.status}`;
  // the sha the remote's branch points at now (undefined when it cannot be read)
  const now = tryGit(cwd, ["ls-remote", "origin", ref])?.split("\t")[0] || undefined;
  return { status: now !== undefined && now !== expected ? "moved" : "failed", reason };
}

/** Fetches the branch and moves the work tree to it (our unpushed block commit, if any, is dropped). */
export function resetToRemote(cwd: string, branch: string): string {
  git(cwd, ["fetch", "-q", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  git(cwd, ["reset", "-q", "--hard", `refs/remotes/origin/${branch}`]);
  git(cwd, ["clean", "-q", "-fd", "--", "state", "txs"]);
  return git(cwd, ["rev-parse", "HEAD"]);
}

/** caseCollision of the top-level names of commit `rev` (apply's head, the node's fetched commit). */
export const treeCaseCollision = (cwd: string, rev: string) =>
  caseCollision(git(cwd, ["ls-tree", "--name-only", "-z", rev]).split("\0"));

/**
 * E_PATH_CASE for the first of `paths` whose top folder (or name) differs only in case from state/,
 * txs/ or .gitattributes: on macOS and Windows (case-insensitive file systems) `State/head.json` and
 * `state/head.json` are one file, so a clone there would read the chain from either.
 */
export function caseCollision(paths: Iterable<string>): string | undefined {
  for (const path of paths) {
    const top = path.split("/")[0]!;
    const lower = top.toLowerCase();
    if ((lower === "state" || lower === "txs" || lower === ".gitattributes") && top !== lower)
      return `E_PATH_CASE: ${JSON.stringify(path)} differs only in case from ${lower}${path.includes("/") ? "/" : ""}: on macOS and Windows both are one path, and a clone there would read the chain from either; rename or remove it`;
  }
  return undefined;
}

/**
 * The newest commit reachable from `rev` that changed each of `paths`, from the local history in one
 * git process (none for a path the history does not have, e.g. in a shallow clone).
 */
export function lastCommitsTouching(cwd: string, rev: string, paths: string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (paths.length === 0) return found;
  const log = ["-c", "core.quotePath=false", "log", "--format=%x00%H", "--name-only", rev, "--", ...paths];
  const out = tryGit(cwd, log);
  if (out === undefined) return found; // a rev this clone does not have: the API answers instead
  // in a shallow clone the oldest commit seems to add every file it has: it proves nothing
  const shallowFile = git(cwd, ["rev-parse", "--git-path", "shallow"]);
  const boundary = new Set((readTextIfExists(resolve(cwd, shallowFile)) ?? "").split("\n").filter(Boolean));
  const wanted = new Set(paths);
  for (const entry of out.split("\0").slice(1)) {
    const [sha, ...names] = entry.split("\n").filter(Boolean);
    if (boundary.has(sha!)) continue;
    for (const name of names) if (wanted.has(name) && !found.has(name)) found.set(name, sha!);
    if (found.size === wanted.size) break;
  }
  return found;
}
