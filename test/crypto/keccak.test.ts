import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keccak256 } from "../../src/crypto/keccak.ts";

describe("keccak-256", () => {
  it("agrees with @noble/hashes on random input of any length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        expect(Buffer.from(keccak256(b)).toString("hex")).toBe(Buffer.from(keccak_256(b)).toString("hex"));
      }),
      { numRuns: 2000 },
    );
  });

  it("knows the empty string's hash", () => {
    expect(Buffer.from(keccak256(new Uint8Array())).toString("hex")).toBe(
      "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
  });
});
