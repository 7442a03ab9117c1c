// What the chain commands share: finding the chain folder, opening it, and addresses.

import { existsSync } from "node:fs";
import type { FileKind } from "../chain/transaction.ts";
import { parseAddress } from "../crypto/keys.ts";
import { recoverInterruptedApply } from "../sequencer/journal.ts";
import { writeFileAtomic } from "../store/files.ts";
import { readTransactionFile, Snapshot } from "../store/snapshot.ts";
import { CliError, UsageError } from "./errors.ts";

/** Opens the chain in a folder; finishes an interrupted apply first, so readers see a whole state. */
export function openSnapshot(dir: string): Snapshot {
  const s = new Snapshot(dir);
  s.genesis();
  recoverInterruptedApply(s);
  s.head();
  return s;
}

export function addressArg(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`${what} is missing`);
  const a = parseAddress(value);
  if ("error" in a) throw new UsageError(`${what}: ${a.error}`);
  return a.address;
}

/** A transaction file named on the command line, read as the chain reads txs/; undefined when missing. */
export function readNamedFile(name: string): { kind: FileKind; bytes: Uint8Array } | undefined {
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
