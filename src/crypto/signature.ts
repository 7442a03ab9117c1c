// Signatures (docs/spec.md §2): 65 bytes r ‖ s ‖ v, v ∈ {27, 28}, s in the lower half of the curve order.
// Signing uses @noble/secp256k1 over the EIP-712 digest itself (prehash: false). Recovery, the
// throughput bound of validation, uses libsecp256k1 compiled to wasm (tiny-secp256k1: about 4,000
// recoveries/s here against 424/s for noble; docs/performance.md). Our own range and low-s checks
// run first, whatever either library's defaults are.

import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import * as secp from "@noble/secp256k1";
import * as wasm from "tiny-secp256k1";
import { bytesToHex, hexToBytes } from "./hex.ts";
import { addressOfPublicKey } from "./keys.ts";

// noble-secp256k1 v3 signs synchronously only once it is given its hash functions (RFC 6979 nonces)
secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, message) => hmac(sha256, key, message);

/** The order n of secp256k1's group. */
export const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const HALF_N = CURVE_N >> 1n;

export function signDigest(digest: Uint8Array, privateKey: Uint8Array): string {
  // 'recovered' is recovery byte first, then r ‖ s; noble produces low-s by default
  const sig = secp.sign(digest, privateKey, { prehash: false, format: "recovered", lowS: true });
  const recovery = sig[0]!;
  return `0x${bytesToHex(sig.subarray(1))}${(27 + recovery).toString(16)}`;
}

export type Recovered = { address: string } | { error: string };

const N_HEX = CURVE_N.toString(16).padStart(64, "0");
const HALF_N_HEX = HALF_N.toString(16).padStart(64, "0");
const ZERO_HEX = "0".repeat(64);
const SIG_RE = /^0x[0-9a-fA-F]{130}$/;

/** The signer of a transaction digest, or a sentence saying why the signature is not acceptable. */
export function recoverSigner(digest: Uint8Array, signature: string): Recovered {
  if (!SIG_RE.test(signature))
    return {
      error: `signature must be 0x followed by 130 hex digits (65 bytes r ‖ s ‖ v), got ${signature.length > 20 ? `${signature.slice(0, 20)}…` : JSON.stringify(signature)}`,
    };
  // fixed-width lowercase hex compares like the numbers it spells
  const hex = signature.slice(2).toLowerCase();
  const r = hex.slice(0, 64);
  const s = hex.slice(64, 128);
  const v = Number.parseInt(hex.slice(128), 16);
  if (v !== 27 && v !== 28) return { error: `signature v must be 27 or 28, got ${v}` };
  if (r === ZERO_HEX || r >= N_HEX) return { error: "signature r is out of range" };
  if (s === ZERO_HEX || s >= N_HEX) return { error: "signature s is out of range" };
  if (s > HALF_N_HEX)
    return {
      error: "signature s is in the upper half of the curve order (a malleable twin); use the low-s form",
    };
  let pub: Uint8Array | null = null;
  try {
    pub = wasm.recover(digest, hexToBytes(hex.slice(0, 128)), (v - 27) as 0 | 1, false);
  } catch {
    pub = null;
  }
  if (!pub) return { error: "signature does not recover to any public key" };
  return { address: addressOfPublicKey(pub) };
}
