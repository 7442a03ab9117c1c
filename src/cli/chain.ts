// What the chain commands share: finding the chain folder, opening it, and key files.

import { chmodSync, existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { addressOfPrivateKey, parseAddress, parsePrivateKey } from "../crypto/keys.ts";
import { recoverInterruptedApply } from "../store/ledger.ts";
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
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new CliError("E_KEY", `key file ${path} is not JSON`, 2);
  }
  let hexKey = doc.privateKey;
  if (isEncryptedKeyFile(doc)) {
    const pass = process.env.TINYCHAIN_PASSPHRASE;
    if (!pass)
      throw new CliError(
        "E_KEY",
        `key file ${path} is encrypted`,
        2,
        "set TINYCHAIN_PASSPHRASE to its passphrase",
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

export function restrictMode(path: string): void {
  chmodSync(path, 0o600);
}
