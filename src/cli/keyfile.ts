// Key files: {"address", "privateKey"} in the clear, or encrypted with a passphrase. tinychain writes
// encrypted keys as Web3 Secret Storage (v3) keystores, which geth, Foundry (`cast wallet`), ethers and
// wallets read too, and reads those keystores from anyone; it still reads its own earlier encrypted form
// (scrypt + AES-256-GCM). In a v3 keystore a KDF (scrypt, or pbkdf2 with HMAC-SHA256) stretches the
// passphrase into 32 bytes; the first 16 key AES-128-CTR over the private key, and keccak-256 of the
// other 16 followed by the ciphertext is the MAC that tells a wrong passphrase. The ciphers are
// node:crypto's; the KDFs @noble/hashes' (OpenSSL's scrypt refuses N >= 2^(16·r), as RFC 7914 asks, and
// so the definition's own example, N = 2^18 with r = 1).

import { createCipheriv, createDecipheriv, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync } from "node:fs";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { canonicalJson } from "../chain/canonical-json.ts";
import { bytesToHex, concatBytes, hexToBytes } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { addressOfPrivateKey, parsePrivateKey } from "../crypto/keys.ts";
import { writeFileAtomic } from "../store/files.ts";
import { keyError, UsageError } from "./command.ts";
import { askPassphrase } from "./passphrase.ts";

const KEYGEN_HINT = "make one with 'tinychain keygen --out ~/.tinychain/key.json'";

/**
 * Reads a key file: {"address", "privateKey"}, or an encrypted one, a v3 keystore from tinychain, geth,
 * Foundry or a wallet (its passphrase from passphrase.ts: TINYCHAIN_PASSPHRASE, the terminal, or stdin).
 */
export async function readKey(path: unknown) {
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

/** The private key a key file holds (0x + 64 hex digits, unchecked), asking its passphrase if encrypted. */
async function privateKeyOf(doc: Record<string, unknown>, path: string): Promise<unknown> {
  // geth's old files spell `Crypto` with a capital
  const v3 = doc.version === 3 && typeof (doc.crypto ?? doc.Crypto) === "object";
  // tinychain's first encrypted form: {"address", "crypto": {"cipher": "aes-256-gcm", …}}, no "version"
  const tinychain = (doc.crypto as { cipher?: unknown } | null | undefined)?.cipher === "aes-256-gcm";
  if (!v3 && !tinychain) {
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
    return `0x${bytesToHex(v3 ? decryptKeystore(doc, passphrase) : decryptTinychain(doc, passphrase))}`;
  } catch {
    throw keyError(`the passphrase does not open ${path}`);
  }
}

function decryptTinychain(doc: Record<string, unknown>, passphrase: string): Uint8Array {
  type Params = { kdfparams: { n: number; r: number; p: number; salt: string } };
  const c = doc.crypto as Params & Record<"iv" | "tag" | "ciphertext", string>;
  const { n, r, p, salt } = c.kdfparams;
  const key = derive({ kdf: "scrypt", n, r, p }, passphrase, hexToBytes(salt));
  const decipher = createDecipheriv("aes-256-gcm", key, hexToBytes(c.iv)).setAuthTag(hexToBytes(c.tag));
  return new Uint8Array(Buffer.concat([decipher.update(hexToBytes(c.ciphertext)), decipher.final()]));
}

// ---- Web3 Secret Storage (v3) ----

export type Kdf = { kdf: "scrypt"; n: number; r: number; p: number } | { kdf: "pbkdf2"; c: number };

/** What tinychain writes: scrypt with N = 2^17, r = 8, p = 1 (ethers' default: 128 MiB, about a second). */
export const DEFAULT_KDF: Kdf = { kdf: "scrypt", n: 1 << 17, r: 8, p: 1 };

/** `reason` tells a malformed file ("format", the message names the field) from a wrong passphrase. */
export class KeystoreError extends Error {
  constructor(
    readonly reason: "format" | "passphrase",
    message: string,
  ) {
    super(message);
  }
}

// bounds no wallet comes near; a file past them would take minutes or gigabytes to open
const MAX_SCRYPT_MEMORY = 2 ** 30; // 128 · r · N bytes
const MAX_SCRYPT_P = 16;
const MAX_PBKDF2_C = 10_000_000;

export function decryptKeystore(doc: Record<string, unknown>, passphrase: string): Uint8Array {
  const ks = checkKeystore(doc);
  // the passphrases to try, as ethers and BIP-39 do: NFKC first, so "ä" typed precomposed or as a + ◌̈
  // opens the same file; then the bytes as typed, which geth and Foundry use without normalizing
  for (const form of new Set([passphrase.normalize("NFKC"), passphrase])) {
    const dk = derive(ks.kdf, form, ks.salt);
    if (timingSafeEqual(mac(dk, ks.ciphertext), ks.mac))
      return aes128ctr(dk.subarray(0, 16), ks.iv, ks.ciphertext);
  }
  throw new KeystoreError("passphrase", "the passphrase does not open this key file");
}

/**
 * A v3 keystore of a private key, laid out as geth writes it (address lowercase, without 0x); by default
 * with fresh random inputs (a 32-byte salt, a 16-byte iv) and DEFAULT_KDF (scrypt N = 2^17, r = 8,
 * p = 1; aes-128-ctr).
 */
export function encryptKeystore(
  privateKey: Uint8Array,
  passphrase: string,
  random = { salt: randomBytes(32) as Uint8Array, iv: randomBytes(16) as Uint8Array },
  kdf: Kdf = DEFAULT_KDF,
): Record<string, unknown> {
  const dk = derive(kdf, passphrase.normalize("NFKC"), random.salt);
  const ciphertext = aes128ctr(dk.subarray(0, 16), random.iv, privateKey);
  const salt = bytesToHex(random.salt);
  return {
    address: addressOfPrivateKey(privateKey).slice(2),
    crypto: {
      cipher: "aes-128-ctr",
      cipherparams: { iv: bytesToHex(random.iv) },
      ciphertext: bytesToHex(ciphertext),
      kdf: kdf.kdf,
      kdfparams:
        kdf.kdf === "scrypt"
          ? { dklen: 32, n: kdf.n, p: kdf.p, r: kdf.r, salt }
          : { c: kdf.c, dklen: 32, prf: "hmac-sha256", salt },
      mac: bytesToHex(mac(dk, ciphertext)),
    },
    id: randomUUID(),
    version: 3,
  };
}

/** The 32 bytes a KDF stretches the passphrase (its UTF-8 bytes) into. */
function derive(kdf: Kdf, passphrase: string, salt: Uint8Array): Uint8Array {
  if (kdf.kdf === "pbkdf2") return pbkdf2(sha256, passphrase, salt, { c: kdf.c, dkLen: 32 });
  const { n: N, r, p } = kdf;
  return scrypt(passphrase, salt, { N, r, p, dkLen: 32, maxmem: 2 * MAX_SCRYPT_MEMORY });
}

function aes128ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const cipher = createCipheriv("aes-128-ctr", key, iv);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

const mac = (dk: Uint8Array, ciphertext: Uint8Array) =>
  keccak256(concatBytes(dk.subarray(16, 32), ciphertext));

// ---- reading a file someone else wrote: every field checked, each mistake named ----

/** The keystore's fields; a KeystoreError names the field when it is not one this module can open. */
function checkKeystore(doc: Record<string, unknown>) {
  const crypto = object(doc.crypto ?? doc.Crypto, "crypto");
  if (crypto.cipher !== "aes-128-ctr")
    fail(`crypto.cipher is ${JSON.stringify(crypto.cipher)}; v3 keystores use "aes-128-ctr"`);
  const params = object(crypto.kdfparams, "crypto.kdfparams");
  if (params.dklen !== 32) fail(`crypto.kdfparams.dklen is ${JSON.stringify(params.dklen)}; it must be 32`);
  return {
    kdf: kdfOf(crypto.kdf, params),
    salt: hex(params.salt, "crypto.kdfparams.salt"),
    iv: hex(object(crypto.cipherparams, "crypto.cipherparams").iv, "crypto.cipherparams.iv", 16),
    ciphertext: hex(crypto.ciphertext, "crypto.ciphertext", 32),
    mac: hex(crypto.mac, "crypto.mac", 32),
  };
}

function kdfOf(name: unknown, params: Record<string, unknown>): Kdf {
  if (name === "scrypt") {
    const n = integer(params.n, "crypto.kdfparams.n", 2, 2 ** 30);
    const r = integer(params.r, "crypto.kdfparams.r", 1, 2 ** 30);
    const p = integer(params.p, "crypto.kdfparams.p", 1, MAX_SCRYPT_P);
    if ((n & (n - 1)) !== 0) fail(`crypto.kdfparams.n is ${n}; scrypt's N is a power of two`);
    if (128 * r * n > MAX_SCRYPT_MEMORY)
      fail(`crypto.kdfparams asks scrypt for ${(128 * r * n) / 2 ** 20} MiB; at most 1024 MiB is allowed`);
    return { kdf: "scrypt", n, r, p };
  }
  if (name === "pbkdf2") {
    if (params.prf !== "hmac-sha256")
      fail(`crypto.kdfparams.prf is ${JSON.stringify(params.prf)}; pbkdf2 keystores use "hmac-sha256"`);
    return { kdf: "pbkdf2", c: integer(params.c, "crypto.kdfparams.c", 1, MAX_PBKDF2_C) };
  }
  return fail(`crypto.kdf is ${JSON.stringify(name)}; v3 keystores use "scrypt" or "pbkdf2"`);
}

function fail(message: string): never {
  throw new KeystoreError("format", message);
}

function object(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(`${field} is missing or not an object`);
  return v as Record<string, unknown>;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    fail(`${field} is ${JSON.stringify(v)}; it must be a whole number from ${min} to ${max}`);
  return v as number;
}

function hex(v: unknown, field: string, length?: number): Uint8Array {
  const digits = typeof v === "string" ? v.replace(/^0x/i, "") : undefined;
  if (digits === undefined || !/^([0-9a-fA-F]{2})+$/.test(digits) || (length && digits.length !== 2 * length))
    fail(`${field} is ${JSON.stringify(v)}; it must be ${length ? `${length} bytes of ` : ""}hex`);
  return hexToBytes(digits as string);
}
