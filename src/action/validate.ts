// Validate (docs/spec.md §8): what the check on a pull request does. Nothing from the pull request is checked
// out or executed, and everything is judged at exactly the commit the event names: the changed files
// come from comparing the base with that commit (not from the pull request's file list, which follows
// its current head), each txs/ file's mode and blob come from that commit's git tree (so a symlink is
// E_FILE without its target ever being read, as apply judges it), and the blobs are read as bytes
// (size-limited), then replayed in block order on the head state of the default branch. The files are
// read from git's objects (pull-files.ts) on a pull request's own run, through the API by the window.

import { existsSync, readdirSync } from "node:fs";
import { MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { programsOf, renderComment } from "../report/comment.ts";
import { caseCollision, caseCollisionMessage } from "../sequencer/git.ts";
import { MANUAL, type Policy } from "../sequencer/policy.ts";
import { type Simulation, simulate } from "../sequencer/simulate.ts";
import type { PendingFile, Snapshot } from "../store/snapshot.ts";
import { chainIdentityProblem } from "./chain-identity.ts";
import type { TreeEntry } from "./github.ts";
import type { PullFiles } from "./pull-files.ts";

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

export interface ValidateOutcome {
  valid: boolean;
  /** problems with the pull request as a whole (files outside txs/, caps, the chain's identity) */
  problems: string[];
  simulation: Simulation;
  programs: Map<string, string>;
  comment: string;
}

export interface PullRequestAt {
  number: number;
  /** the commit this run judges and reports on (the event's head sha) */
  headSha: string;
  /** the base branch's commit in the event: the comparison starts from its merge base */
  baseSha: string;
}

/** Which files a transaction pull request may touch: adding or editing files directly in txs/. */
function classify(files: { filename: string; status: string }[]): { txs: string[]; problems: string[] } {
  const txs: string[] = [];
  const outside: string[] = [];
  const problems: string[] = [];
  for (const f of files) {
    const direct = /^txs\/[^/]+$/.test(f.filename);
    if (direct && (f.status === "added" || f.status === "modified" || f.status === "changed"))
      txs.push(f.filename);
    else if (direct && f.status === "removed")
      problems.push(
        `${f.filename} is deleted: a pull request may add or edit transactions, not remove pending ones`,
      );
    else if (direct && f.status === "renamed")
      problems.push(`${f.filename} is renamed: add it under its own name instead`);
    else outside.push(f.filename);
  }
  const collision = caseCollision(files.map((f) => f.filename));
  if (collision) problems.push(caseCollisionMessage(collision));
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
  return { txs, problems };
}

/** What git says a tree entry is: only a plain blob (mode 100644 or 100755) is a regular file. */
function kindOf(entry: TreeEntry): PendingFile["kind"] {
  if (entry.type === "blob" && (entry.mode === "100644" || entry.mode === "100755")) return "file";
  if (entry.mode === "120000") return "symlink";
  if (entry.mode === "160000" || entry.type === "commit") return "submodule";
  return "other";
}

/** Reads the listed txs/ files at the commit, from its git tree: mode first, bytes only of regular files. */
async function readAtCommit(
  port: PullFiles,
  commit: string,
  paths: string[],
  problems: string[],
): Promise<PendingFile[]> {
  const tree = new Map((await port.listTree(commit, "txs")).map((e) => [`txs/${e.name}`, e]));
  const entries = paths.map((p) => tree.get(p));
  const pending: PendingFile[] = [];
  let totalBytes = 0;
  const blobs = await Promise.all(
    entries.map((e) =>
      e && kindOf(e) === "file" && (e.size ?? Number.POSITIVE_INFINITY) <= LIMITS.fileBytes
        ? port.getBlob(e.sha)
        : undefined,
    ),
  );
  paths.forEach((path, i) => {
    const entry = entries[i];
    if (!entry) {
      problems.push(`${path} is listed as changed but is not in the git tree of ${commit}`);
      return;
    }
    const kind = kindOf(entry);
    const size = entry.size ?? LIMITS.fileBytes + 1;
    if (kind === "file") totalBytes += Math.min(size, LIMITS.fileBytes + 1);
    // an oversized file is refused by its size (E_PARSE) without its bytes ever being fetched;
    // a symlink or submodule is E_FILE by its mode, and what it points to is never read
    const bytes = blobs[i] ?? new Uint8Array(kind === "file" ? LIMITS.fileBytes + 1 : 0);
    pending.push({ path, bytes, kind });
  });
  if (totalBytes > LIMITS.totalBytes)
    problems.push(`the transaction files hold ${totalBytes} bytes, over the limit of ${LIMITS.totalBytes}`);
  return pending;
}

export async function validatePullRequest(
  port: PullFiles,
  snapshot: Snapshot,
  pull: PullRequestAt,
  repositoryId: number | undefined,
  policy: Policy = MANUAL,
): Promise<ValidateOutcome> {
  const problems: string[] = [];
  // a fork's copy of another chain: its merges could not be applied, so nothing here is valid
  const identity = chainIdentityProblem(snapshot.genesis(), repositoryId);
  if (identity) problems.push(identity);
  const { files, truncated } = await port.compareFiles(pull.baseSha, pull.headSha, LIMITS.listedFiles);
  const classified = classify(files);
  const txs = classified.txs;
  problems.push(...classified.problems);
  if (truncated)
    problems.push(
      `this pull request changes ${LIMITS.listedFiles} files or more, more than GitHub compares at once; split it`,
    );
  if (txs.length > LIMITS.txFiles)
    problems.push(
      `this pull request adds ${txs.length} transaction files; at most ${LIMITS.txFiles} are checked at once`,
    );
  const pending = await readAtCommit(port, pull.headSha, txs.slice(0, LIMITS.txFiles), problems);
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
  const valid =
    problems.length === 0 &&
    simulation.invalid.length === 0 &&
    simulation.receipts.every((r) => r.status === 0);
  const programs = programsOf(pending);
  const comment = renderComment(simulation, {
    headSha: pull.headSha,
    programs,
    problems,
    traces: simulation.traces,
  });
  return { valid, problems, simulation, programs, comment };
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
  const problems: string[] = [];
  for (const [from, n] of [...added].sort()) {
    const already = names.filter((f) => f.startsWith(`${from}-`)).length;
    if (already + n > cap)
      problems.push(
        `E_PENDING_CAP: ${from} would have ${already + n} pending transactions (${already} already in txs/), over the policy's cap of ${cap} per sender; wait for the pending ones to be included`,
      );
  }
  return problems;
}
