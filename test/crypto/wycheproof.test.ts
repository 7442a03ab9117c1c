// Every Wycheproof ECDSA secp256k1/SHA-256 vector through our verification layer (recovery plus our
// own range checks). The bitcoin file also requires low s, as Ethereum and tinychain do; the P1363
// file does not, so it runs with the low-s policy off. DER decoding uses @noble/curves (strict).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { hexToBytes } from "../../src/crypto/hex.ts";
import { bytesToBigint, verifyWithPublicKey } from "./public-key.ts";

// vendored in test/vectors/wycheproof (its README says from where and at which commit)
const DIR = join(import.meta.dirname, "../vectors/wycheproof");

interface Vectors {
  testGroups: {
    publicKey: { uncompressed: string };
    tests: { tcId: number; comment: string; msg: string; sig: string; result: string }[];
  }[];
}

function load(name: string): Vectors {
  return JSON.parse(readFileSync(join(DIR, name), "utf8"));
}

function decodeP1363(sig: Uint8Array): { r: bigint; s: bigint } | undefined {
  if (sig.length !== 64) return undefined;
  return { r: bytesToBigint(sig.subarray(0, 32)), s: bytesToBigint(sig.subarray(32)) };
}

function decodeDer(sig: Uint8Array): { r: bigint; s: bigint } | undefined {
  try {
    const s = secp256k1.Signature.fromBytes(sig, "der");
    return { r: s.r, s: s.s };
  } catch {
    return undefined;
  }
}

for (const [file, decode, lowS] of [
  ["ecdsa_secp256k1_sha256_bitcoin_test.json", decodeDer, true],
  ["ecdsa_secp256k1_sha256_p1363_test.json", decodeP1363, false],
] as const) {
  describe(`Wycheproof ${file}`, () => {
    const vectors = load(file);
    const count = vectors.testGroups.reduce((n, g) => n + g.tests.length, 0);
    it(`agrees with all ${count} vectors`, () => {
      const disagreements: string[] = [];
      for (const g of vectors.testGroups) {
        const pub = hexToBytes(g.publicKey.uncompressed);
        for (const t of g.tests) {
          const digest = sha256(hexToBytes(t.msg));
          const rs = decode(hexToBytes(t.sig));
          const ok = rs !== undefined && verifyWithPublicKey(digest, rs.r, rs.s, pub, lowS);
          const expected = t.result === "valid" || (t.result === "acceptable" && ok);
          if (ok !== expected)
            disagreements.push(
              `#${t.tcId} ${t.comment}: expected ${t.result}, got ${ok ? "valid" : "invalid"}`,
            );
        }
      }
      expect(disagreements).toEqual([]);
      expect(count).toBeGreaterThan(200);
    });
  });
}
