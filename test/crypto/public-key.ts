// Verification against a known public key, for the Wycheproof vectors (which give a key, not an
// address): through the same libsecp256k1 recovery the chain uses, with the chain's own range checks.

import { numberToBytesBE } from "@noble/curves/utils.js";
import * as wasm from "tiny-secp256k1";
import { bytesToHex } from "../../src/crypto/hex.ts";
import { CURVE_N, HALF_N } from "../../src/crypto/signature.ts";

export function bytesToBigint(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${bytesToHex(b)}`);
}

/**
 * Recovers the uncompressed public key that produced (r, s) with recovery id 0–3 over a 32-byte
 * digest, or undefined. Range-checks r and s itself; applies no low-s policy (callers decide).
 */
export function recoverPublicKey(
  digest: Uint8Array,
  r: bigint,
  s: bigint,
  recoveryId: number,
): Uint8Array | undefined {
  if (r <= 0n || r >= CURVE_N || s <= 0n || s >= CURVE_N) return undefined;
  const sig64 = new Uint8Array(64);
  sig64.set(numberToBytesBE(r, 32), 0);
  sig64.set(numberToBytesBE(s, 32), 32);
  try {
    return wasm.recover(digest, sig64, recoveryId as 0 | 1 | 2 | 3, false) ?? undefined;
  } catch {
    return undefined; // e.g. r + n beyond the field for recovery ids 2 and 3
  }
}

/**
 * ECDSA verification of (r, s) against a known public key, through recovery: valid when one of the
 * four recovery ids yields that key. `lowS` additionally refuses s > n/2 (Ethereum's rule).
 */
export function verifyWithPublicKey(
  digest: Uint8Array,
  r: bigint,
  s: bigint,
  publicKey: Uint8Array,
  lowS: boolean,
): boolean {
  if (lowS && s > HALF_N) return false;
  const want = bytesToHex(publicKey);
  for (let id = 0; id < 4; id++) {
    const pub = recoverPublicKey(digest, r, s, id);
    if (pub && bytesToHex(pub) === want) return true;
  }
  return false;
}
