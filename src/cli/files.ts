// Files the user names on the command line (a contract, a test file, a folder of them, a transaction
// file): found under a path, and read as src/testing/source-file.ts reads a source file, its mistakes as
// the CLI's E_FILE; and the chain folder's own: opening it, writing a transaction file into its txs/.

import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../lang/errors.ts";
import { isHead, readAll } from "../lang/reader.ts";
import { recoverInterruptedApply } from "../sequencer/ledger.ts";
import { writeFileAtomic } from "../store/files.ts";
import { readTransactionFile, Snapshot } from "../store/snapshot.ts";
import { TestFailure } from "../testing/failures.ts";
import { authorPositions, type PositionMap } from "../testing/positions.ts";
import { readNamedFile } from "../testing/source-file.ts";
import { CliError } from "./command.ts";

/** Every *.test.lisp under a path, sorted (folders named node_modules or starting with a dot skipped). */
export function sourceFiles(path: string, suffix = ".test.lisp"): string[] {
  if (!existsSync(path)) throw new CliError("E_FILE", `${path} does not exist`, 2);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      if (e.isDirectory())
        return e.name.startsWith(".") || e.name === "node_modules"
          ? []
          : sourceFiles(join(path, e.name), suffix);
      return e.name.endsWith(suffix) ? [join(path, e.name)] : [];
    });
}

/**
 * A file the user named (a contract, a program, a proof…), read as src/testing/source-file.ts reads one:
 * a regular UTF-8 file of at most `limit` bytes; a missing one exits 2, any other mistake is E_FILE too.
 */
export function readUserFile(path: string, limit = 1024 * 1024): string {
  if (!existsSync(path)) throw new CliError("E_FILE", `file ${path} does not exist`, 2);
  try {
    return readNamedFile(path, limit);
  } catch (e) {
    if (!(e instanceof TestFailure)) throw e;
    throw new CliError("E_FILE", e.message.replace(/^E_FILE: /, ""), 1);
  }
}

/**
 * The author's contract files (`--source FILE…`, and the file `deploy` sends): a receipt's error names a
 * place in the chain's canonical printing of the code, and testing/positions.ts maps it back into them.
 */
export function authorSources(files: unknown): PositionMap {
  const map = authorPositions();
  for (const file of (files as string[] | undefined) ?? [])
    try {
      for (const f of readAll(readUserFile(file))) if (isHead(f, "contract")) map.add(file, f);
    } catch (e) {
      throw e instanceof DataError ? new CliError("E_DATA", `${file}: ${e.message}`, 1) : e;
    }
  return map;
}

/** Opens the chain in a folder; finishes an interrupted apply first, so readers see a whole state. */
export function openSnapshot(dir: string): Snapshot {
  const s = new Snapshot(dir);
  s.genesis();
  recoverInterruptedApply(s);
  s.head();
  return s;
}

/** A transaction file named on the command line, read as the chain reads txs/; undefined when missing. */
export function transactionFileArg(name: string) {
  try {
    return readTransactionFile(name);
  } catch {
    return undefined; // no such file
  }
}

/** Writes a signed transaction file into the chain's txs/; over a pending one of its nonce only with --force. */
export function writeTransactionFile(
  snapshot: Snapshot,
  file: string,
  bytes: Uint8Array,
  nonce: number,
  force: unknown,
  hint = "pass --force to replace it",
): string {
  const path = snapshot.path(file);
  if (existsSync(path) && force !== true)
    throw new CliError("E_EXISTS", `${file} already exists (nonce ${nonce} is pending)`, 1, hint);
  writeFileAtomic(path, bytes);
  return path;
}

/** What to do with a transaction file once written, on a chain whose blocks come from pull requests. */
export const NEXT_PULL_REQUEST =
  "next: commit it on a branch and open a pull request; the tinychain check shows its receipt";
