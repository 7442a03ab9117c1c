// Passphrase-encrypted key files: scrypt (from @noble/hashes) derives a key that encrypts the private
// key with AES-256-GCM (node:crypto). The format names its parameters so they can change later.

import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { scrypt } from "@noble/hashes/scrypt.js";
import { bytesToHex, hexToBytes } from "../crypto/hex.ts";
import { CliError } from "./errors.ts";

const PARAMS = { N: 1 << 15, r: 8, p: 1, dkLen: 32 };

export function isEncryptedKeyFile(doc: Record<string, unknown>): boolean {
  return typeof doc.crypto === "object" && doc.crypto !== null;
}

export function encryptPrivateKey(
  address: string,
  privateKeyHex: string,
  passphrase: string,
): Record<string, unknown> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scrypt(passphrase, salt, PARAMS);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(hexToBytes(privateKeyHex.slice(2))), cipher.final()]);
  return {
    address,
    crypto: {
      kdf: "scrypt",
      kdfparams: { n: PARAMS.N, r: PARAMS.r, p: PARAMS.p, salt: bytesToHex(salt) },
      cipher: "aes-256-gcm",
      iv: bytesToHex(iv),
      tag: bytesToHex(cipher.getAuthTag()),
      ciphertext: bytesToHex(ciphertext),
    },
  };
}

export function decryptKeyFile(doc: Record<string, unknown>, passphrase: string): string {
  const c = doc.crypto as {
    kdfparams: { n: number; r: number; p: number; salt: string };
    iv: string;
    tag: string;
    ciphertext: string;
  };
  try {
    const key = scrypt(passphrase, hexToBytes(c.kdfparams.salt), {
      N: c.kdfparams.n,
      r: c.kdfparams.r,
      p: c.kdfparams.p,
      dkLen: 32,
    });
    const decipher = createDecipheriv("aes-256-gcm", key, hexToBytes(c.iv));
    decipher.setAuthTag(hexToBytes(c.tag));
    const plain = Buffer.concat([decipher.update(hexToBytes(c.ciphertext)), decipher.final()]);
    return `0x${bytesToHex(plain)}`;
  } catch {
    throw new CliError("E_KEY", "the passphrase does not open this key file", 2);
  }
}
