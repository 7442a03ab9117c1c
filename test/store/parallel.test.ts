// Signature recovery on two cores gives exactly the answers of one core: 300 files (over the
// parallel threshold), some with bad signatures, validated by the bundled CLI both ways.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alice, bob, carol } from "../chain/fixtures.ts";
import { scratchChain, writeTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

describe("parallel signature recovery", () => {
  it("agrees with single-threaded recovery", () => {
    const dir = scratchChain();
    for (let i = 0; i < 150; i++) writeTx(dir, alice, `(transfer ${carol.address} ${i})`, { nonce: i });
    for (let i = 0; i < 150; i++) {
      const tx = writeTx(dir, bob, `(transfer ${carol.address} ${i})`, { nonce: i });
      if (i % 10 === 3) {
        // corrupt a few signatures: flip a nibble of s, or sign as someone else
        const path = join(dir, `txs/${bob.address}-${i}.json`);
        const doc = JSON.parse(readFileSync(path, "utf8"));
        doc.signature = `${tx.signature.slice(0, 80)}${tx.signature[80] === "a" ? "b" : "a"}${tx.signature.slice(81)}`;
        writeFileSync(path, JSON.stringify(doc));
      }
    }
    const two = cli(["validate", "--json"], { cwd: dir });
    const one = cli(["validate", "--json"], { cwd: dir, env: { TINYCHAIN_THREADS: "1" } });
    expect(two.stdout).toBe(one.stdout);
    const results = JSON.parse(two.stdout).results as { valid: boolean; error: { code: string } | null }[];
    expect(results.filter((r) => r.error?.code === "E_SIGNATURE").length).toBeGreaterThan(0);
    expect(results.filter((r) => r.valid).length).toBeGreaterThan(150);
  });
});
