// Validate (docs/spec.md §8): what the check on a pull request does. Nothing from the pull request is checked
// out or executed, and everything is judged at exactly the commit the event names: the changed files
// come from comparing the base with that commit (not from the pull request's file list, which follows
// its current head), each txs/ file's mode and blob come from that commit's git tree (so a symlink is
// E_FILE without its target ever being read, as apply judges it), and the blobs are read as bytes
// (size-limited), then replayed in block order on the head state of the default branch. The files are
// read from git's objects, on a pull request's own run and the window's alike.
//
// Git, not the REST API (issue 28: four requests fewer per pull request): the pull request's head is
// fetched into the base checkout as objects only: nothing is checked out over the base's code,
// nothing of it is run. The fetch carries the blobs under the size cap of a transaction file and
// none larger (`--filter=blob:limit`), so a blob this clone lacks is over the cap: it is refused by
// its size, and its bytes are never downloaded nor read. Git never fetches a missing object on its
// own here (GIT_NO_LAZY_FETCH): what the fetch did not bring stays out.

import { existsSync, readdirSync } from "node:fs";
import { MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { allValid, programsOf, renderComment } from "../report/comment.ts";
import { authorizationEnv, caseCollision, gitBytes, readObjects } from "../sequencer/git.ts";
import { changesBetween } from "../sequencer/history.ts";
import type { Policy } from "../sequencer/policy.ts";
import { type Simulation, simulate } from "../sequencer/simulate.ts";
import { type PendingFile, Snapshot } from "../store/snapshot.ts";
import { chainIdentityProblem } from "./chain-identity.ts";
import type { ActionRun, PullInfo } from "./github.ts";

/** Caps of one pull request (docs/security.md). */
export const LIMITS = {
  /** GitHub's comparison lists at most 300 files */
  listedFiles: 300,
  txFiles: 256,
  fileBytes: MAX_TX_FILE_BYTES,
  totalBytes: 4 * 1024 * 1024,
  /** total gasLimit, in blocks' worth */
  gasBlocks: 8,
};

/** git on the base checkout, never fetching an object lazily (a blob left out stays out). */
const run = (cwd: string, args: string[], env: Record<string, string> = {}): Buffer =>
  gitBytes(cwd, args, { env: { GIT_NO_LAZY_FETCH: "1", ...env } });
const text = (cwd: string, args: string[]) => run(cwd, args).toString("utf8");

/**
 * Fetches pull request `number`'s head (GitHub serves a fork's too, as the base repository's
 * refs/pull/N/head) into refs/remotes/pull/N. The token, when there is one, goes to git as an
 * http.extraheader in git's environment, as actions/checkout passes it: never in a URL, never in
 * the arguments another process could list.
 */
export function fetchPullRequest({ cwd, token }: Pick<ActionRun, "cwd" | "token">, number: number): string {
  const serverUrl = process.env.GITHUB_SERVER_URL;
  const ref = `refs/remotes/pull/${number}`;
  const env =
    token && serverUrl?.startsWith("https://") ? authorizationEnv(serverUrl.replace(/\/$/, ""), token) : {};
  run(
    cwd,
    [
      "fetch",
      "--quiet",
      "--no-tags",
      "--no-recurse-submodules",
      `--filter=blob:limit=${MAX_TX_FILE_BYTES + 1}`,
      "origin",
      `+refs/pull/${number}/head:${ref}`,
    ],
    env,
  );
  return ref;
}

/**
 * What changed from the merge base of `base` and `head` to `head` (three dots, as GitHub compares),
 * at most `max` files; exact renames only (by blob id, no bytes read).
 */
export function compareFiles(cwd: string, base: string, head: string, max: number) {
  const files = changesBetween(cwd, text(cwd, ["merge-base", base, head]).trim(), head, [], true);
  return { files: files.slice(0, max), truncated: files.length > max };
}

type Change = ReturnType<typeof changesBetween>[number];

/** Which files a transaction pull request may touch: adding or editing files directly in txs/. */
function classify(files: Change[], problems: string[]): Change[] {
  const txs: Change[] = [];
  const outside: string[] = [];
  for (const f of files) {
    const direct = /^txs\/[^/]+$/.test(f.path);
    if (!direct) outside.push(f.path);
    else if (f.status === "D")
      problems.push(
        `${f.path} is deleted: a pull request may add or edit transactions, not remove pending ones`,
      );
    else if (f.status === "R") problems.push(`${f.path} is renamed: add it under its own name instead`);
    else txs.push(f); // added, modified, or its type changed
  }
  const collision = caseCollision(files.map((f) => f.path));
  if (collision) problems.push(collision);
  // .gitattributes keeps state/ and txs/ byte-exact: a change to it is a change of the state
  const state = outside.filter((f) => f.startsWith("state/") || f === ".gitattributes");
  if (state.length > 0)
    problems.push(
      `E_HISTORY: this pull request changes state/ (${state.slice(0, 3).join(", ")}${state.length > 3 ? ", …" : ""}): the state changes only by tinychain's own block commits, and a revert of a block would rewrite history that receipts already name; add transactions instead`,
    );
  const code = outside.filter((f) => !state.includes(f));
  if (code.length > 0)
    problems.push(
      `this pull request adds transactions and also changes ${code.length} file${code.length === 1 ? "" : "s"} outside txs/ (${code.slice(0, 5).join(", ")}${code.length > 5 ? ", …" : ""}); send code changes in a separate pull request`,
    );
  return txs;
}

/**
 * What git says a tree entry is, by its mode (canonical: git reads a legacy 100664 as 100644): only a
 * plain blob (mode 100644 or 100755) is a regular file.
 */
function kindOf(mode: string): PendingFile["kind"] {
  if (mode === "100644" || mode === "100755") return "file";
  if (mode === "120000") return "symlink";
  if (mode === "160000") return "submodule";
  return "other";
}

/**
 * Reads the changed txs/ files at the commit, from the mode and blob id its git tree gives each (as
 * the comparison listed them: no blob is read for that): bytes only of regular files this clone has
 * and at most the cap long (one git process for them all).
 */
function readAtCommit(cwd: string, commit: string, changes: Change[], problems: string[]): PendingFile[] {
  const cap = LIMITS.fileBytes;
  let regular = changes.flatMap((c) => (kindOf(c.mode) === "file" ? [c.sha] : []));
  if (regular.length > 0) {
    // the blobs the fetch left out (over the cap) are listed as missing, without fetching them
    const listed = text(cwd, [
      "rev-list",
      "--objects",
      "--missing=print",
      "--no-object-names",
      `${commit}:txs`,
    ]);
    const missing = new Set(listed.split("\n").flatMap((l) => (l.startsWith("?") ? [l.slice(1)] : [])));
    regular = regular.filter((sha) => !missing.has(sha));
  }
  const sizes = new Map(readObjects(cwd, regular, true).map((o, i) => [regular[i]!, o?.size]));
  const small = regular.filter((sha) => sizes.get(sha)! <= cap);
  const blobs = new Map(readObjects(cwd, small).map((o, i) => [small[i]!, o!.body]));
  let totalBytes = 0;
  const pending = changes.map(({ path, mode, sha }): PendingFile => {
    const kind = kindOf(mode);
    if (kind === "file") totalBytes += Math.min(sizes.get(sha) ?? Number.POSITIVE_INFINITY, cap + 1);
    // an oversized file is refused by its size (E_PARSE) without its bytes ever being fetched;
    // a symlink or submodule is E_FILE by its mode, and what it points to is never read
    const blob = kind === "file" ? (blobs.get(sha) ?? new Uint8Array(cap + 1)) : new Uint8Array(0);
    return { path, bytes: new Uint8Array(blob), kind };
  });
  if (totalBytes > LIMITS.totalBytes)
    problems.push(`the transaction files hold ${totalBytes} bytes, over the limit of ${LIMITS.totalBytes}`);
  return pending;
}

/**
 * Judges the pull request from git's objects in `cwd` (after fetchPullRequest): at
 * commit `head` (the one this run reports on), compared from the merge base with `base`.
 */
export function validatePullRequest(
  { cwd, repositoryId }: Pick<ActionRun, "cwd" | "repositoryId">,
  pull: Pick<PullInfo, "head" | "base">,
  policy: Policy,
  snapshot = new Snapshot(cwd),
) {
  // problems with the pull request as a whole (files outside txs/, caps, the chain's identity)
  const problems: string[] = [];
  // a fork's copy of another chain: its merges could not be applied, so nothing here is valid
  const identity = chainIdentityProblem(snapshot.genesis(), repositoryId);
  if (identity) problems.push(identity);
  const { files, truncated } = compareFiles(cwd, pull.base, pull.head, LIMITS.listedFiles);
  const txs = classify(files, problems);
  if (truncated)
    problems.push(
      `this pull request changes ${LIMITS.listedFiles} files or more, more than GitHub compares at once; split it`,
    );
  if (txs.length > LIMITS.txFiles)
    problems.push(
      `this pull request adds ${txs.length} transaction files; at most ${LIMITS.txFiles} are checked at once`,
    );
  const pending = readAtCommit(cwd, pull.head, txs.slice(0, LIMITS.txFiles), problems);
  const simulation = simulate(snapshot, pending, true);
  const gasCap = LIMITS.gasBlocks * snapshot.genesis().blockGasLimit;
  const totalGas = simulation.receipts.reduce((n, r) => n + r.gasLimit, 0);
  if (totalGas > gasCap)
    problems.push(
      `the transactions ask for ${totalGas} gas in all, over the limit of ${gasCap} (${LIMITS.gasBlocks} blocks)`,
    );
  problems.push(...pendingCapProblems(snapshot, simulation, policy));
  if (pending.length === 0 && problems.length === 0)
    problems.push("this pull request adds no transaction under txs/");
  const comment = renderComment(simulation, {
    headSha: pull.head,
    programs: programsOf(pending),
    problems,
    traces: simulation.traces,
  });
  return { valid: allValid(simulation, problems), problems, simulation, comment };
}

/**
 * The policy's cap of pending transactions per sender: what the default branch already holds in txs/
 * for each sender of this pull request (by file name, nothing read), and what the pull request adds.
 */
function pendingCapProblems(snapshot: Snapshot, simulation: Simulation, policy: Policy): string[] {
  const cap = policy.maxPendingPerSender;
  if (cap === null) return [];
  const dir = snapshot.path("txs");
  const names = existsSync(dir) ? readdirSync(dir) : [];
  const added = new Map<string, number>();
  for (const r of simulation.receipts) added.set(r.from, (added.get(r.from) ?? 0) + 1);
  return [...added].sort().flatMap(([from, n]) => {
    const already = names.filter((f) => f.startsWith(`${from}-`)).length;
    if (already + n <= cap) return [];
    return [
      `E_PENDING_CAP: ${from} would have ${already + n} pending transactions (${already} already in txs/), over the policy's cap of ${cap} per sender; wait for the pending ones to be included`,
    ];
  });
}
