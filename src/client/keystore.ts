// Web3 Secret Storage (v3) keystores: the encrypted key file that geth, Foundry (`cast wallet`), ethers
// and wallets read and write. A KDF (scrypt, or pbkdf2 with HMAC-SHA256) stretches the passphrase into 32
// bytes; the first 16 key AES-128-CTR over the private key, and keccak-256 of the other 16 followed by the
// ciphertext is the MAC that tells a wrong passphrase. The KDFs are @noble/hashes'; the cipher comes from
// the caller (node:crypto in the CLI), so this module stays pure and runs anywhere.

import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, concatBytes, hexToBytes, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { addressOfPrivateKey } from "../crypto/keys.ts";

export type Aes128Ctr = (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => Uint8Array;

export type Kdf = { kdf: "scrypt"; n: number; r: number; p: number } | { kdf: "pbkdf2"; c: number };

/** What tinychain writes: scrypt with N = 2^17, r = 8, p = 1 (ethers' default: 128 MiB, about a second). */
export const DEFAULT_KDF: Kdf = { kdf: "scrypt", n: 1 << 17, r: 8, p: 1 };

/** The random inputs of one encryption: a 32-byte salt, a 16-byte iv, 16 bytes for the file's UUID. */
export interface KeystoreRandom {
  salt: Uint8Array;
  iv: Uint8Array;
  uuid: Uint8Array;
}

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

interface Parsed {
  kdf: Kdf;
  salt: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  mac: Uint8Array;
}

/** Is this JSON document a v3 keystore (geth's old files spell `Crypto` with a capital)? */
export function isKeystoreV3(doc: Record<string, unknown>): boolean {
  return doc.version === 3 && typeof (doc.crypto ?? doc.Crypto) === "object";
}

/**
 * The passphrases to try, as ethers and BIP-39 do: NFKC first, so "ä" typed precomposed or as a + ◌̈
 * opens the same file; then the bytes as typed, which geth and Foundry use without normalizing.
 */
function passphraseForms(passphrase: string): string[] {
  const nfkc = passphrase.normalize("NFKC");
  return nfkc === passphrase ? [passphrase] : [nfkc, passphrase];
}

export function decryptKeystore(
  doc: Record<string, unknown>,
  passphrase: string,
  aes: Aes128Ctr,
): Uint8Array {
  const ks = checkKeystore(doc);
  for (const form of passphraseForms(passphrase)) {
    const dk = derive(ks.kdf, utf8(form), ks.salt);
    if (sameBytes(mac(dk, ks.ciphertext), ks.mac)) return aes(dk.subarray(0, 16), ks.iv, ks.ciphertext);
  }
  throw new KeystoreError("passphrase", "the passphrase does not open this key file");
}

/** A v3 keystore of a private key, laid out as geth writes it (address lowercase, without 0x). */
export function encryptKeystore(
  privateKey: Uint8Array,
  passphrase: string,
  aes: Aes128Ctr,
  random: KeystoreRandom,
  kdf: Kdf = DEFAULT_KDF,
): Record<string, unknown> {
  const dk = derive(kdf, utf8(passphrase.normalize("NFKC")), random.salt);
  const ciphertext = aes(dk.subarray(0, 16), random.iv, privateKey);
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
    id: uuidV4(random.uuid),
    version: 3,
  };
}

function derive(kdf: Kdf, passphrase: Uint8Array, salt: Uint8Array): Uint8Array {
  if (kdf.kdf === "scrypt")
    return scrypt(passphrase, salt, {
      N: kdf.n,
      r: kdf.r,
      p: kdf.p,
      dkLen: 32,
      maxmem: 2 * MAX_SCRYPT_MEMORY,
    });
  return pbkdf2(sha256, passphrase, salt, { c: kdf.c, dkLen: 32 });
}

const mac = (dk: Uint8Array, ciphertext: Uint8Array) =>
  keccak256(concatBytes(dk.subarray(16, 32), ciphertext));

/** Compares in time independent of where the bytes differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function uuidV4(bytes: Uint8Array): string {
  const b = Uint8Array.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = bytesToHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---- reading a file someone else wrote: every field checked, each mistake named ----

/** The keystore's fields; a KeystoreError names the field when it is not one this module can open. */
export function checkKeystore(doc: Record<string, unknown>): Parsed {
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
