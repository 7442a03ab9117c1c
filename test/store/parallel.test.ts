// Signature recovery on two cores gives exactly the answers of one core: 300 files (over the
// parallel threshold), some with bad signatures, validated by the bundled CLI both ways.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockPath } from "../../src/store/snapshot.ts";
import { alice, bob, carol } from "../chain/fixtures.ts";
import { commitAll, scratchChain, writeTx } from "../chain-helpers.ts";
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

  it("verify recovers a window of small blocks together, and still names the first bad block", () => {
    // 40 blocks of 8 transactions: each block alone is below the parallel threshold, a window is not
    const dir = scratchChain();
    for (let b = 0; b < 40; b++) {
      for (let i = 0; i < 4; i++) {
        writeTx(dir, alice, `(transfer ${carol.address} 1)`, { nonce: b * 4 + i });
        writeTx(dir, bob, `(transfer ${carol.address} 1)`, { nonce: b * 4 + i });
      }
      commitAll(dir, `block ${b + 1}`);
      expect(
        cli(["apply", "--timestamp", String(b + 1), "--commit", "c".repeat(40)], { cwd: dir }).code,
      ).toBe(0);
    }
    const two = cli(["verify", "--json"], { cwd: dir });
    const one = cli(["verify", "--json"], { cwd: dir, env: { TINYCHAIN_THREADS: "1" } });
    expect(JSON.parse(two.stdout)).toEqual({ ok: true, blocks: 40, transactions: 320 });
    expect(two.stdout).toBe(one.stdout);
    // a forged signature in block 30 and a damaged file at block 35: block 30 is the first difference
    const path30 = join(dir, blockPath(30));
    const record = JSON.parse(readFileSync(path30, "utf8"));
    const t = record.transactions[2];
    const doc = JSON.parse(t.content);
    doc.signature = `${doc.signature.slice(0, 80)}${doc.signature[80] === "a" ? "b" : "a"}${doc.signature.slice(81)}`;
    t.content = JSON.stringify(doc);
    writeFileSync(path30, `${JSON.stringify(record, null, 2)}\n`);
    writeFileSync(join(dir, blockPath(35)), "{ not json");
    const bad = JSON.parse(cli(["verify", "--json"], { cwd: dir }).stdout);
    expect(bad).toMatchObject({ ok: false, block: 30 });
    expect(bad.reason).toContain("E_SIGNATURE");
  });
});
