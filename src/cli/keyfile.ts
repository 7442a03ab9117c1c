// Key files: {"address", "privateKey"} in the clear, or encrypted with a passphrase. tinychain writes
// encrypted keys as Web3 Secret Storage (v3) keystores (src/client/keystore.ts), which geth, Foundry and
// wallets read too, and reads those keystores from anyone; it still reads its own earlier encrypted form
// (scrypt + AES-256-GCM). The ciphers are node:crypto's; the KDFs @noble/hashes'.

import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { scrypt } from "@noble/hashes/scrypt.js";
import { canonicalJson } from "../chain/canonical-json.ts";
import {
  type Aes128Ctr,
  checkKeystore,
  decryptKeystore,
  encryptKeystore,
  isKeystoreV3,
} from "../client/keystore.ts";
import { bytesToHex, hexToBytes } from "../crypto/hex.ts";
import { addressOfPrivateKey, parsePrivateKey } from "../crypto/keys.ts";
import { writeFileAtomic } from "../store/files.ts";
import { keyError, UsageError } from "./errors.ts";
import { askPassphrase } from "./passphrase.ts";

export interface Key {
  address: string;
  privateKey: Uint8Array;
}

const KEYGEN_HINT = "make one with 'tinychain keygen --out ~/.tinychain/key.json'";

/**
 * Reads a key file: {"address", "privateKey"}, or an encrypted one, a v3 keystore from tinychain, geth,
 * Foundry or a wallet (its passphrase from passphrase.ts: TINYCHAIN_PASSPHRASE, the terminal, or stdin).
 */
export async function readKey(path: unknown): Promise<Key> {
  if (typeof path !== "string") throw new UsageError("--key FILE is required", KEYGEN_HINT);
  if (!existsSync(path)) throw keyError(`key file ${path} does not exist`, KEYGEN_HINT);
  // as ssh does with identity files: a key others can read is not a secret any more
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== "win32" && (mode & 0o077) !== 0)
    throw keyError(
      `key file ${path} is readable by ${mode & 0o007 ? "everyone" : "its group"} (mode ${mode.toString(8).padStart(4, "0")}); refusing to use a key others can read`,
      `chmod 600 ${path}`,
    );
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw keyError(`key file ${path} is not JSON`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw keyError(`key file ${path} is not a JSON object`);
  const hexKey = await privateKeyOf(doc, path);
  const key = typeof hexKey === "string" ? parsePrivateKey(hexKey) : undefined;
  if (!key) throw keyError(`key file ${path} has no valid privateKey (0x followed by 64 hex digits)`);
  const address = addressOfPrivateKey(key);
  // a keystore writes its address without 0x, as geth does
  const said = typeof doc.address === "string" ? doc.address.toLowerCase().replace(/^(0x)?/, "0x") : address;
  if (said !== address)
    throw keyError(`key file ${path} says address ${doc.address}, but its key belongs to ${address}`);
  return { address, privateKey: key };
}

/** A key file: canonical JSON, the owner's alone (0600 from the start, whatever the umask). */
export function writeKeyFile(path: string, doc: Record<string, unknown>): void {
  writeFileAtomic(path, canonicalJson(doc), 0o600);
  chmodSync(path, 0o600);
}

const aes128ctr: Aes128Ctr = (key, iv, data) => {
  const cipher = createCipheriv("aes-128-ctr", key, iv);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
};

/** A new v3 keystore of a private key (scrypt N = 2^17, r = 8, p = 1; aes-128-ctr). */
export function encryptKeyFile(privateKey: Uint8Array, passphrase: string): Record<string, unknown> {
  return encryptKeystore(privateKey, passphrase, aes128ctr, {
    salt: randomBytes(32),
    iv: randomBytes(16),
    uuid: randomBytes(16),
  });
}

/** The private key a key file holds (0x + 64 hex digits, unchecked), asking its passphrase if encrypted. */
async function privateKeyOf(doc: Record<string, unknown>, path: string): Promise<unknown> {
  const v3 = isKeystoreV3(doc);
  if (!v3 && !isTinychainEncrypted(doc)) {
    if (doc.crypto !== undefined || doc.Crypto !== undefined)
      throw keyError(
        `key file ${path} is encrypted in a form tinychain does not read (version ${JSON.stringify(doc.version)}); it reads Web3 Secret Storage v3 keystores`,
      );
    return doc.privateKey;
  }
  // a keystore it cannot open is said before any passphrase is asked
  if (v3)
    try {
      checkKeystore(doc);
    } catch (e) {
      const why = (e as Error).message;
      throw keyError(`key file ${path} is not a keystore tinychain can read: ${why}`);
    }
  const passphrase = await askPassphrase(`passphrase for ${path}`);
  try {
    return `0x${bytesToHex(v3 ? decryptKeystore(doc, passphrase, aes128ctr) : decryptTinychain(doc, passphrase))}`;
  } catch {
    throw keyError(`the passphrase does not open ${path}`);
  }
}

/** tinychain's first encrypted form: {"address", "crypto": {"cipher": "aes-256-gcm", …}}, no "version". */
function isTinychainEncrypted(doc: Record<string, unknown>): boolean {
  const c = doc.crypto as Record<string, unknown> | null | undefined;
  return typeof c === "object" && c !== null && c.cipher === "aes-256-gcm";
}

function decryptTinychain(doc: Record<string, unknown>, passphrase: string): Uint8Array {
  const c = doc.crypto as {
    kdfparams: { n: number; r: number; p: number; salt: string };
    iv: string;
    tag: string;
    ciphertext: string;
  };
  const key = scrypt(passphrase, hexToBytes(c.kdfparams.salt), {
    N: c.kdfparams.n,
    r: c.kdfparams.r,
    p: c.kdfparams.p,
    dkLen: 32,
  });
  const decipher = createDecipheriv("aes-256-gcm", key, hexToBytes(c.iv));
  decipher.setAuthTag(hexToBytes(c.tag));
  return new Uint8Array(Buffer.concat([decipher.update(hexToBytes(c.ciphertext)), decipher.final()]));
}
