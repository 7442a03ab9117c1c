// Invariants over randomized blocks (issue 3): conservation of sneed, one nonce per executed
// transaction, failures that change only nonce and fee, and byte-identical replays.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { receiptRecord } from "../../src/chain/block.ts";
import { canonicalEncoding } from "../../src/chain/canonical-json.ts";
import { genesisState } from "../../src/chain/genesis-state.ts";
import type { Receipt } from "../../src/chain/transition.ts";
import { buildBlock } from "../../src/sequencer/auction.ts";
import {
  alice,
  bob,
  carol,
  ctx,
  genesis,
  key,
  miner,
  prepared,
  SNEED,
  signed,
  type TestKey,
} from "./fixtures.ts";

const dave = key("dave");
const KEYS = [alice, bob, carol, dave];
const EVERYONE = [...KEYS.map((k) => k.address), miner.address, SNEED];

const programArb = fc.oneof(
  fc
    .tuple(fc.nat(3), fc.bigInt({ min: 0n, max: 10n ** 10n }))
    .map(([to, n]) => `(transfer ${KEYS[to]!.address} ${n})`),
  fc
    .tuple(fc.nat(3), fc.bigInt({ min: 1n, max: 10n ** 6n }))
    .map(([to, n]) => `(call ${SNEED} 'mint ${KEYS[to]!.address} ${n})`),
  fc
    .tuple(fc.nat(3), fc.bigInt({ min: 0n, max: 10n ** 6n }))
    .map(([to, n]) => `(call ${SNEED} 'transfer ${KEYS[to]!.address} ${n})`),
  fc.constantFrom(
    '(abort "no")',
    "(/ 1 0)",
    "(loop () (recur))",
    "(+ 1 2)",
    `(do (transfer ${bob.address} 5) (assert false "undo"))`,
  ),
);

const txArb = fc.record({
  sender: fc.nat(3),
  program: programArb,
  nonceSkew: fc.constantFrom(0, 0, 0, 0, 1, -1),
  tip: fc.bigInt({ min: 0n, max: 5n }),
  gasLimit: fc.constantFrom(60_000, 100_000, 300_000),
});

interface TxSpec {
  sender: number;
  program: string;
  nonceSkew: number;
  tip: bigint;
  gasLimit: number;
}

function run(blocks: TxSpec[][]) {
  const g = genesis({ alloc: new Map(KEYS.map((k) => [k.address, 10n ** 12n])) });
  const state = genesisState(g);
  state.clearDirty();
  const nonces = new Map<TestKey, number>(KEYS.map((k) => [k, 0]));
  const receipts: Receipt[] = [];
  let minted = 0n;
  blocks.forEach((txs, b) => {
    const candidates = txs.map((t) => {
      const k = KEYS[t.sender]!;
      const nonce = Math.max(0, nonces.get(k)! + t.nonceSkew);
      nonces.set(k, Math.max(nonces.get(k)!, nonce + 1));
      return prepared(
        signed(k, t.program, { nonce, gasLimit: t.gasLimit, maxFeePerGas: 30n, maxPriorityFeePerGas: t.tip }),
      );
    });
    const before = new Map(KEYS.map((k) => [k.address, state.account(k.address).nonce]));
    const built = buildBlock(state, candidates, ctx({ number: BigInt(b + 1) }));
    for (const r of built.receipts) {
      receipts.push(r);
      if (r.status === 0 && r.logs.some((l) => l.event === "Mint"))
        minted += BigInt(r.logs.find((l) => l.event === "Mint")!.args[1]!);
    }
    // each executed transaction bumps its sender's nonce by exactly one
    for (const k of KEYS) {
      const executed = built.receipts.filter((r) => r.from === k.address).length;
      expect(state.account(k.address).nonce).toBe(before.get(k.address)! + executed);
    }
    // conservation: Σ balances + burned = alloc + minted
    const total = EVERYONE.reduce((n, a) => n + state.account(a).balance, 0n);
    expect(total + state.totalBurned()).toBe(4n * 10n ** 12n + minted);
    expect(state.totalSupply()).toBe(total);
  });
  return { state, receipts };
}

describe("invariants over random blocks", () => {
  it("conservation, nonces, failed transactions, deterministic replay", () => {
    fc.assert(
      fc.property(fc.array(fc.array(txArb, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), (blocks) => {
        const a = run(blocks);
        // a failed transaction changes nothing but its sender's nonce and balance (the fee), the
        // coinbase (the tip) and SneedToken's supply and burned counters
        for (const r of a.receipts.filter((x) => x.status !== 0)) {
          for (const c of r.changes) {
            const allowed =
              (c.address === r.from && (c.field === "nonce" || c.field === "balance")) ||
              (c.address === miner.address && c.field === "balance") ||
              (c.address === SNEED && (c.key === "supply" || c.key === "burned"));
            expect(allowed, `${r.error}: ${c.address} ${c.field} ${c.key ?? ""}`).toBe(true);
          }
        }
        // replaying the same blocks gives byte-identical receipts and state
        const b = run(blocks);
        expect(b.receipts.map((r) => canonicalEncoding(receiptRecord(r)))).toEqual(
          a.receipts.map((r) => canonicalEncoding(receiptRecord(r))),
        );
        for (const addr of EVERYONE) expect(b.state.account(addr)).toEqual(a.state.account(addr));
      }),
      { numRuns: 40 },
    );
  });
});

describe("receipt records", () => {
  it("are built in canonical key order, so JSON.stringify is their canonical encoding", () => {
    fc.assert(
      fc.property(fc.array(fc.array(txArb, { maxLength: 6 }), { minLength: 1, maxLength: 2 }), (blocks) => {
        for (const r of run(blocks).receipts)
          expect(JSON.stringify(receiptRecord(r))).toBe(canonicalEncoding(receiptRecord(r)));
      }),
      { numRuns: 20 },
    );
  });
});
