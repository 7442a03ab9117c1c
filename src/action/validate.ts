// Validate (SPEC 8): what the check on a pull request does. Nothing from the pull request is checked
// out or executed: its files are listed through the API and the txs/ files read at its head commit
// as bytes (size-limited), then replayed in block order on the head state of the default branch.

import { MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { programsOf, renderComment } from "../report/comment.ts";
import { type Simulation, simulate } from "../store/ledger.ts";
import type { PendingFile, Snapshot } from "../store/snapshot.ts";
import type { GitHubPort } from "./github.ts";

/** Caps of one pull request (docs/security.md). */
export const LIMITS = {
  /** GitHub's file list stops at 3,000 files */
  listedFiles: 3000,
  txFiles: 256,
  fileBytes: MAX_TX_FILE_BYTES,
  totalBytes: 4 * 1024 * 1024,
  /** total gasLimit, in blocks' worth */
  gasBlocks: 8,
};

export interface ValidateOutcome {
  valid: boolean;
  /** problems with the pull request as a whole (files outside txs/, caps) */
  problems: string[];
  simulation: Simulation;
  programs: Map<string, string>;
  comment: string;
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
  if (outside.length > 0)
    problems.push(
      `this pull request adds transactions and also changes ${outside.length} file${outside.length === 1 ? "" : "s"} outside txs/ (${outside.slice(0, 5).join(", ")}${outside.length > 5 ? ", …" : ""}); send code changes in a separate pull request`,
    );
  return { txs, problems };
}

export async function validatePullRequest(
  port: GitHubPort,
  snapshot: Snapshot,
  pull: { number: number; headSha: string },
): Promise<ValidateOutcome> {
  const { files, truncated } = await port.listPullFiles(pull.number, LIMITS.listedFiles);
  const { txs, problems } = classify(files);
  if (truncated)
    problems.push(
      `this pull request changes more than ${LIMITS.listedFiles} files, more than the API lists; split it`,
    );
  if (txs.length > LIMITS.txFiles)
    problems.push(
      `this pull request adds ${txs.length} transaction files; at most ${LIMITS.txFiles} are checked at once`,
    );
  const pending: PendingFile[] = [];
  let totalBytes = 0;
  // read the files a few at a time (the API answers in parallel), then take them in order
  const paths = txs.slice(0, LIMITS.txFiles);
  const contents: Awaited<ReturnType<GitHubPort["getContent"]>>[] = [];
  for (let i = 0; i < paths.length; i += 8)
    contents.push(
      ...(await Promise.all(
        paths.slice(i, i + 8).map((p) => port.getContent(p, pull.headSha, LIMITS.fileBytes)),
      )),
    );
  paths.forEach((path, i) => {
    const c = contents[i];
    if (!c) {
      problems.push(`${path} is listed but cannot be read at ${pull.headSha}`);
      return;
    }
    totalBytes += Math.min(c.size, LIMITS.fileBytes + 1);
    const kind =
      c.type === "file"
        ? "file"
        : c.type === "symlink"
          ? "symlink"
          : c.type === "submodule"
            ? "submodule"
            : "other";
    // an oversized file is refused by its size (E_PARSE) without its bytes ever being fetched
    const bytes = c.bytes ?? new Uint8Array(kind === "file" ? LIMITS.fileBytes + 1 : 0);
    pending.push({ path, bytes, kind });
  });
  if (totalBytes > LIMITS.totalBytes)
    problems.push(`the transaction files hold ${totalBytes} bytes, over the limit of ${LIMITS.totalBytes}`);
  const simulation = simulate(snapshot, pending);
  const gasCap = LIMITS.gasBlocks * snapshot.genesis().blockGasLimit;
  const totalGas = simulation.receipts.reduce((n, r) => n + r.gasLimit, 0);
  if (totalGas > gasCap)
    problems.push(
      `the transactions ask for ${totalGas} gas in all, over the limit of ${gasCap} (${LIMITS.gasBlocks} blocks)`,
    );
  if (pending.length === 0 && problems.length === 0)
    problems.push("this pull request adds no transaction under txs/");
  const valid =
    problems.length === 0 &&
    simulation.invalid.length === 0 &&
    simulation.receipts.every((r) => r.status === 0);
  const programs = programsOf(pending);
  const comment = renderComment(simulation, { headSha: pull.headSha, programs, problems });
  return { valid, problems, simulation, programs, comment };
}
