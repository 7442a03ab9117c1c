// Our recovery (libsecp256k1 in wasm, with our own checks) against @noble/curves on random keys,
// random digests, and malleated signatures: both must agree on every verdict and every address.

import { secp256k1 } from "@noble/curves/secp256k1.js";
import { numberToBytesBE } from "@noble/curves/utils.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "../../src/crypto/hex.ts";
import { addressOfPublicKey } from "../../src/crypto/keys.ts";
import { CURVE_N, HALF_N, recoverSigner, signDigest } from "../../src/crypto/signature.ts";

/** The reference verdict: noble/curves recovery with Ethereum's rules (v 27/28, low s). */
function reference(digest: Uint8Array, sigHex: string): string | null {
  const b = hexToBytes(sigHex.slice(2));
  const v = b[64]!;
  if (v !== 27 && v !== 28) return null;
  try {
    const sig = secp256k1.Signature.fromBytes(b.subarray(0, 64), "compact").addRecoveryBit(v - 27);
    if (sig.s > HALF_N) return null;
    return addressOfPublicKey(sig.recoverPublicKey(digest).toBytes(false));
  } catch {
    return null;
  }
}

function ours(digest: Uint8Array, sigHex: string): string | null {
  const r = recoverSigner(digest, sigHex);
  return "address" in r ? r.address : null;
}

const keyArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((k) => secp256k1.utils.isValidSecretKey(k));
const digestArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe("recovery agrees with @noble/curves", () => {
  it("on random keys and digests", () => {
    fc.assert(
      fc.property(keyArb, digestArb, (key, digest) => {
        const sig = signDigest(digest, key);
        const want = addressOfPublicKey(secp256k1.getPublicKey(key, false));
        expect(ours(digest, sig)).toBe(want);
        expect(reference(digest, sig)).toBe(want);
      }),
      { numRuns: 200 },
    );
  });

  it("on malleated signatures: high s, flipped v, other v values, flipped bits, zero and huge r/s", () => {
    fc.assert(
      fc.property(
        keyArb,
        digestArb,
        fc.nat(520),
        fc.constantFrom("highS", "flipV", "vByte", "bit", "zeroR", "bigS"),
        (key, digest, bit, kind) => {
          const sig = hexToBytes(signDigest(digest, key).slice(2));
          const s = BigInt(`0x${bytesToHex(sig.subarray(32, 64))}`);
          if (kind === "highS") {
            sig.set(numberToBytesBE(CURVE_N - s, 32), 32);
            sig[64] = sig[64] === 27 ? 28 : 27;
          } else if (kind === "flipV") sig[64] = sig[64] === 27 ? 28 : 27;
          else if (kind === "vByte") sig[64] = bit % 256;
          else if (kind === "bit") sig[(bit % 65) >> 0]! ^= 1 << (bit % 8);
          else if (kind === "zeroR") sig.set(new Uint8Array(32), 0);
          else sig.set(numberToBytesBE(CURVE_N + 1n, 32), 32);
          const hex = `0x${bytesToHex(sig)}`;
          expect(ours(digest, hex)).toBe(reference(digest, hex));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("refuses the high-s twin of a valid signature with a clear reason", () => {
    const key = keccak_256(new Uint8Array([1]));
    const digest = keccak_256(new Uint8Array([2]));
    const sig = hexToBytes(signDigest(digest, key).slice(2));
    const s = BigInt(`0x${bytesToHex(sig.subarray(32, 64))}`);
    sig.set(numberToBytesBE(CURVE_N - s, 32), 32);
    sig[64] = sig[64] === 27 ? 28 : 27;
    expect(recoverSigner(digest, `0x${bytesToHex(sig)}`)).toEqual({
      error: expect.stringContaining("upper half"),
    });
  });
});
