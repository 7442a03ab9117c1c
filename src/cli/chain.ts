// What the chain commands share: finding the chain folder, opening it, and key files.

import { chmodSync, closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { canonicalJson } from "../chain/canonical-json.ts";
import { addressOfPrivateKey, parseAddress, parsePrivateKey } from "../crypto/keys.ts";
import { writeFileAtomic } from "../store/files.ts";
import { recoverInterruptedApply } from "../store/journal.ts";
import { Snapshot } from "../store/snapshot.ts";
import { CliError, UsageError } from "./errors.ts";
import { decryptKeyFile, isEncryptedKeyFile } from "./keyfile.ts";

export function chainDir(values: Record<string, unknown>): string {
  return resolve(typeof values.chain === "string" ? values.chain : process.cwd());
}

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

export interface Key {
  address: string;
  privateKey: Uint8Array;
}

/** Reads a key file: {"address", "privateKey"}, or the encrypted form (asks TINYCHAIN_PASSPHRASE). */
export function readKey(path: unknown): Key {
  if (typeof path !== "string")
    throw new UsageError("--key FILE is required", "make one with 'tinychain keygen --out key.json'");
  if (!existsSync(path))
    throw new CliError(
      "E_KEY",
      `key file ${path} does not exist`,
      2,
      "make one with 'tinychain keygen --out key.json'",
    );
  // as ssh does with identity files: a key others can read is not a secret any more
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== "win32" && (mode & 0o077) !== 0)
    throw new CliError(
      "E_KEY",
      `key file ${path} is readable by ${mode & 0o007 ? "everyone" : "its group"} (mode ${mode.toString(8).padStart(4, "0")}); refusing to use a key others can read`,
      2,
      `chmod 600 ${path}`,
    );
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new CliError("E_KEY", `key file ${path} is not JSON`, 2);
  }
  let hexKey = doc.privateKey;
  if (isEncryptedKeyFile(doc)) {
    const pass =
      process.env.TINYCHAIN_PASSPHRASE ||
      (process.stdin.isTTY ? promptHidden(`passphrase for ${path}: `) : undefined);
    if (!pass)
      throw new CliError(
        "E_KEY",
        `key file ${path} is encrypted`,
        2,
        "set TINYCHAIN_PASSPHRASE to its passphrase, or run on a terminal to be asked for it",
      );
    hexKey = decryptKeyFile(doc, pass);
  }
  const key = typeof hexKey === "string" ? parsePrivateKey(hexKey) : undefined;
  if (!key)
    throw new CliError("E_KEY", `key file ${path} has no valid privateKey (0x followed by 64 hex digits)`, 2);
  const address = addressOfPrivateKey(key);
  if (typeof doc.address === "string" && doc.address.toLowerCase() !== address)
    throw new CliError(
      "E_KEY",
      `key file ${path} says address ${doc.address}, but its key belongs to ${address}`,
      2,
    );
  return { address, privateKey: key };
}

/** Reads a line from the terminal without echoing it (a passphrase). */
function promptHidden(prompt: string): string {
  // no echo before the prompt shows: whoever types after seeing it is never echoed
  process.stdin.setRawMode(true);
  process.stderr.write(prompt);
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  // the terminal itself, opened blocking (Node may have made fd 0 non-blocking)
  const tty = openSync("/dev/tty", "r");
  try {
    for (;;) {
      if (readSync(tty, one, 0, 1, null) === 0) break;
      const c = one[0]!;
      if (c === 13 || c === 10) break;
      if (c === 3) throw new CliError("E_KEY", "cancelled", 2);
      if (c === 127 || c === 8) bytes.pop();
      else bytes.push(c);
    }
  } finally {
    closeSync(tty);
    process.stdin.setRawMode(false);
    process.stderr.write("\n");
  }
  return Buffer.from(bytes).toString("utf8");
}

export function restrictMode(path: string): void {
  chmodSync(path, 0o600);
}

/** A key file: canonical JSON, the owner's alone (0600 from the start, whatever the umask). */
export function writeKeyFile(path: string, doc: Record<string, unknown>): void {
  writeFileAtomic(path, canonicalJson(doc), 0o600);
  restrictMode(path);
}
