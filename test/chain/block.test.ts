// Block building (docs/spec.md §4): the auction's order, the gas limit, nonce gaps; and EIP-1559's base fee.
import { describe, expect, it } from "vitest";
import { nextBaseFee } from "../../src/chain/fees.ts";
import { buildBlock } from "../../src/sequencer/auction.ts";
import { alice, bob, carol, ctx, freshState, genesis, prepared, signed } from "./fixtures.ts";

describe("the auction", () => {
  it("orders by effective tip, then nonce within a sender, then id", () => {
    const s = freshState(
      genesis({
        alloc: new Map([
          [alice.address, 10n ** 12n],
          [bob.address, 10n ** 12n],
          [carol.address, 10n ** 12n],
        ]),
      }),
    );
    const a0 = prepared(signed(alice, "'a0", { nonce: 0, maxPriorityFeePerGas: 1n }));
    const a1 = prepared(signed(alice, "'a1", { nonce: 1, maxPriorityFeePerGas: 9n }));
    const b0 = prepared(signed(bob, "'b0", { nonce: 0, maxPriorityFeePerGas: 5n }));
    const c0 = prepared(signed(carol, "'c0", { nonce: 0, maxPriorityFeePerGas: 5n }));
    const built = buildBlock(s, [a1, c0, a0, b0], ctx());
    const order = built.receipts.map((r) => r.return);
    // b0 and c0 tie on tip 5: id decides; alice's nonce 0 (tip 1) must precede her nonce 1 (tip 9)
    const [first, second] = [b0, c0].sort((x, y) => (x.id < y.id ? -1 : 1)).map((p) => p.tx.data.slice(1));
    expect(order).toEqual([first, second, "a0", "a1"]);
  });

  it("caps the effective tip at maxFee − baseFee", () => {
    const s = freshState();
    const capped = prepared(signed(alice, "'capped", { maxFeePerGas: 12n, maxPriorityFeePerGas: 12n })); // tip min(12, 12 − 10) = 2
    const plain = prepared(signed(bob, "'plain", { maxFeePerGas: 20n, maxPriorityFeePerGas: 3n })); // tip 3
    expect(buildBlock(s, [capped, plain], ctx()).receipts.map((r) => r.return)).toEqual(["plain", "capped"]);
  });

  it("fills the block by gasLimit; the rest stays pending; a gap waits; a bad one is rejected", () => {
    const s = freshState();
    // big uses about 470,000 gas of a 700,000 block, so a 300,000 gasLimit no longer fits after it
    const big = prepared(
      signed(alice, "(loop ((i 0)) (if (< i 50000) (recur (+ i 1)) 'big))", {
        gasLimit: 600_000,
        maxPriorityFeePerGas: 9n,
      }),
    );
    const small = prepared(signed(bob, "'small", { gasLimit: 300_000 }));
    const after = prepared(signed(alice, "'after", { nonce: 1, gasLimit: 300_000 }));
    const gap = prepared(signed(bob, "'gap", { nonce: 5 }));
    const bad = prepared(signed(carol, "(+ 1", { gasLimit: 100_000 }));
    const built = buildBlock(s, [big, small, after, gap, bad], ctx({ gasLimit: 700_000 }));
    expect(built.receipts.map((r) => r.return)).toEqual(["big"]);
    expect(built.gasUsed).toBeGreaterThan(400_000);
    expect(built.rejected.map((r) => r.error.code)).toEqual(["E_DATA"]);
    expect(built.pending.map((p) => p.tx.data).sort()).toEqual(["'after", "'gap", "'small"]);
    // the next block takes them in order; the gap still waits
    const next = buildBlock(s, built.pending, ctx({ number: 2n, gasLimit: 700_000 }));
    expect(next.receipts.map((r) => r.return).sort()).toEqual(["after", "small"]);
    expect(next.pending.map((p) => p.tx.data)).toEqual(["'gap"]);
  });
});

describe("EIP-1559 base fee", () => {
  it.each([
    [1000n, 15_000_000, 1000n], // at target
    [1000n, 30_000_000, 1125n], // full: +1/8
    [1000n, 0, 875n], // empty: −1/8
    [8n, 30_000_000, 9n], // +1/8 rounds to 1 at least
    [1n, 0, 1n], // never below minBaseFee
  ])("after a block at base fee %s using %s gas: %s", (base, used, next) => {
    expect(nextBaseFee(base, used, 30_000_000, 1n)).toBe(next);
  });
});
