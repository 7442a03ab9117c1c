// What the chain commands share: finding the chain folder, opening it, and key files.

import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { canonicalJson } from "../chain/canonical-json.ts";
import { addressOfPrivateKey, parseAddress, parsePrivateKey } from "../crypto/keys.ts";
import { writeFileAtomic } from "../store/files.ts";
import { recoverInterruptedApply } from "../store/journal.ts";
import { Snapshot } from "../store/snapshot.ts";
import { CliError, UsageError } from "./errors.ts";
import { privateKeyOf } from "./keyfile.ts";

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

/**
 * Reads a key file: {"address", "privateKey"}, or an encrypted one, a v3 keystore from tinychain, geth,
 * Foundry or a wallet (its passphrase from src/cli/passphrase.ts: TINYCHAIN_PASSPHRASE, the terminal, or
 * stdin).
 */
export async function readKey(path: unknown): Promise<Key> {
  if (typeof path !== "string")
    throw new UsageError(
      "--key FILE is required",
      "make one with 'tinychain keygen --out ~/.tinychain/key.json'",
    );
  if (!existsSync(path))
    throw new CliError(
      "E_KEY",
      `key file ${path} does not exist`,
      2,
      "make one with 'tinychain keygen --out ~/.tinychain/key.json'",
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
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new CliError("E_KEY", `key file ${path} is not a JSON object`, 2);
  const hexKey = await privateKeyOf(doc, path);
  const key = typeof hexKey === "string" ? parsePrivateKey(hexKey) : undefined;
  if (!key)
    throw new CliError("E_KEY", `key file ${path} has no valid privateKey (0x followed by 64 hex digits)`, 2);
  const address = addressOfPrivateKey(key);
  // a keystore writes its address without 0x, as geth does
  const said = typeof doc.address === "string" ? doc.address.toLowerCase().replace(/^(0x)?/, "0x") : address;
  if (said !== address)
    throw new CliError(
      "E_KEY",
      `key file ${path} says address ${doc.address}, but its key belongs to ${address}`,
      2,
    );
  return { address, privateKey: key };
}

export function restrictMode(path: string): void {
  chmodSync(path, 0o600);
}

/** A key file: canonical JSON, the owner's alone (0600 from the start, whatever the umask). */
export function writeKeyFile(path: string, doc: Record<string, unknown>): void {
  writeFileAtomic(path, canonicalJson(doc), 0o600);
  restrictMode(path);
}
