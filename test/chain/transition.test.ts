// The state transition (docs/spec.md §3.2, 4, 5): fees, statuses, stateful validity, contracts, SneedToken.
import { describe, expect, it } from "vitest";
import { intrinsicGas } from "../../src/chain/fees.ts";
import { contractAddress } from "../../src/chain/state.ts";
import { applyTransaction, type Receipt } from "../../src/chain/transition.ts";
import { alice, bob, carol, ctx, freshState, miner, prepared, SNEED, signed } from "./fixtures.ts";

function apply(state = freshState(), ...txs: ReturnType<typeof signed>[]) {
  const results = txs.map((t) => applyTransaction(state, prepared(t), ctx()));
  return { state, results };
}

const receipt = (r: unknown) => r as Receipt;

describe("fees", () => {
  it("charges gasUsed × effective price, burns the base fee, pays the tip, refunds the rest", () => {
    const { state, results } = apply(
      undefined,
      signed(alice, `(transfer ${bob.address} 250)`, { maxFeePerGas: 20n, maxPriorityFeePerGas: 2n }),
    );
    const r = receipt(results[0]);
    expect(r.status).toBe(0);
    expect(r.effectiveGasPrice).toBe(12n); // min(20, 10 + 2)
    expect(r.fee).toBe(BigInt(r.gasUsed) * 12n);
    expect(state.account(alice.address).balance).toBe(10n ** 12n - 250n - r.fee);
    expect(state.account(bob.address).balance).toBe(10n ** 9n + 250n);
    expect(state.account(miner.address).balance).toBe(BigInt(r.gasUsed) * 2n);
    expect(state.totalBurned()).toBe(BigInt(r.gasUsed) * 10n);
    expect(state.totalSupply()).toBe(10n ** 12n + 10n ** 9n - BigInt(r.gasUsed) * 10n);
    expect(state.account(alice.address).nonce).toBe(1);
    expect(r.gasUsed).toBeGreaterThan(intrinsicGas(`(transfer ${bob.address} 250)`));
  });

  it("a failed program still pays its fee and bumps the nonce, and changes nothing else", () => {
    const { state, results } = apply(
      undefined,
      signed(alice, `(do (transfer ${bob.address} 250) (abort "no"))`),
    );
    const r = receipt(results[0]);
    expect(r.status).toBe(1);
    expect(r.error).toBe("no (in script, at 1:63)");
    expect(state.account(bob.address).balance).toBe(10n ** 9n);
    expect(state.account(alice.address).balance).toBe(10n ** 12n - r.fee);
    expect(state.account(alice.address).nonce).toBe(1);
    expect(
      r.changes
        .map((c) => `${c.address === alice.address ? "alice" : c.address} ${c.field} ${c.key ?? ""}`.trim())
        .sort(),
    ).toEqual(
      [
        `${miner.address} balance`,
        `${SNEED} storage burned`,
        `${SNEED} storage supply`,
        "alice balance",
        "alice nonce",
      ].sort(),
    );
  });

  it("out of gas uses the whole gas limit", () => {
    const { results } = apply(undefined, signed(alice, "(loop () (recur))", { gasLimit: 100_000 }));
    expect(receipt(results[0])).toMatchObject({ status: 2, gasUsed: 100_000 });
  });
});

describe("stateful validity (docs/spec.md §3.1)", () => {
  it.each([["E_NONCE_LOW", () => apply(undefined, signed(alice, "1"), signed(alice, "2"))]])(
    "%s",
    (code, run) => {
      expect((run().results[1] as { code: string }).code).toBe(code);
    },
  );

  it("E_NONCE_GAP, E_DATA, E_GAS, E_FEE, E_FUNDS", () => {
    const s = freshState();
    const check = (t: ReturnType<typeof signed>, c = ctx()) => {
      const r = applyTransaction(s, prepared(t), c);
      return "code" in r ? `${r.code}: ${r.message}` : "ok";
    };
    expect(check(signed(alice, "1", { nonce: 5 }))).toMatch(/^E_NONCE_GAP: nonce 5 .* the next nonce is 0/);
    expect(check(signed(alice, "(+ 1"))).toMatch(/^E_DATA: data: 1:5: unexpected end of input/);
    expect(check(signed(alice, `"${"x".repeat(33 * 1024)}"`, { gasLimit: 29_000_000 }))).toMatch(
      /^E_DATA: data: data is \d+ bytes, over the limit/,
    );
    expect(check(signed(alice, "1", { gasLimit: 20_000 }))).toMatch(
      /^E_GAS: gasLimit 20000 is below the intrinsic gas 21016/,
    );
    expect(check(signed(alice, "1", { gasLimit: 40_000_000 }))).toMatch(
      /^E_GAS: gasLimit 40000000 is above the block gas limit/,
    );
    expect(check(signed(alice, "1", { maxFeePerGas: 9n, maxPriorityFeePerGas: 1n }))).toMatch(
      /^E_FEE: maxFeePerGas 9 is below the block's base fee 10/,
    );
    expect(check(signed(alice, "1", { maxFeePerGas: 20n, maxPriorityFeePerGas: 21n }))).toMatch(
      /^E_FEE: maxPriorityFeePerGas 21 is above maxFeePerGas 20/,
    );
    expect(check(signed(carol, "1"))).toMatch(
      /^E_FUNDS: balance 0 of 0x[0-9a-f]+ is below gasLimit × maxFeePerGas = 4000000/,
    );
    // nothing was charged for any of them
    expect(s.account(alice.address)).toMatchObject({ nonce: 0, balance: 10n ** 12n });
  });
});

describe("contracts on chain", () => {
  const TOKEN = `(contract Token
    (defvar owner origin)
    (defmap balances)
    (defn mint (to n) (assert (= sender owner) "only the owner mints") (put! balances to (+ n (get balances to 0))) (emit Minted to n))
    (defn send (to n)
      (let ((have (get balances sender 0)))
        (assert (>= have n) "insufficient tokens")
        (put! balances sender (- have n))
        (put! balances to (+ n (get balances to 0)))
        (emit Sent sender to n)))
    (defview balance-of (who) (get balances who 0)))`;

  it("deploys at the documented address and is called by later transactions", () => {
    const s = freshState();
    const token = contractAddress(alice.address, 0, 0);
    const r1 = receipt(
      applyTransaction(s, prepared(signed(alice, `(deploy ${TOKEN})`, { gasLimit: 2_000_000 })), ctx()),
    );
    expect(r1).toMatchObject({ status: 0, return: token, created: [token] });
    const r2 = receipt(
      applyTransaction(
        s,
        prepared(signed(alice, `(call ${token} 'mint ${bob.address} 100)`, { nonce: 1 })),
        ctx(),
      ),
    );
    expect(r2.status).toBe(0);
    expect(r2.logs).toEqual([{ address: token, event: "Minted", args: [bob.address, "100"] }]);
    const r3 = receipt(
      applyTransaction(
        s,
        prepared(
          signed(
            bob,
            `(do (call ${token} 'send ${carol.address} 30) (call ${token} 'balance-of ${bob.address}))`,
          ),
        ),
        ctx(),
      ),
    );
    expect(r3.return).toBe("70");
    expect(
      r3.changes
        .filter((c) => c.field === "storage" && c.address === token)
        .map((c) => [c.key, c.before, c.after]),
    ).toEqual([
      [`(balances ${bob.address})`, "100", "70"],
      [`(balances ${carol.address})`, null, "30"],
    ]);
    const r4 = receipt(
      applyTransaction(
        s,
        prepared(signed(bob, `(call ${token} 'mint ${bob.address} 1)`, { nonce: 1 })),
        ctx(),
      ),
    );
    expect(r4).toMatchObject({ status: 1, logs: [] });
    expect(r4.error).toContain("only the owner mints");
  });

  it("two deploys in one transaction get distinct predictable addresses", () => {
    const s = freshState();
    const r = receipt(
      applyTransaction(
        s,
        prepared(
          signed(alice, "(list (deploy (contract A (defn f () 1))) (deploy (contract B (defn f () 2))))", {
            gasLimit: 2_000_000,
          }),
        ),
        ctx(),
      ),
    );
    expect(r.return).toBe(
      `(${contractAddress(alice.address, 0, 0)} ${contractAddress(alice.address, 0, 1)})`,
    );
  });

  it("block context reaches the program", () => {
    const r = receipt(
      applyTransaction(
        freshState(),
        prepared(signed(alice, "(list block-number block-time chain-id origin sender self)")),
        ctx({ number: 7n }),
      ),
    );
    expect(r.return).toBe(`(7 1700000100 7357 ${alice.address} ${alice.address} ${alice.address})`);
  });
});

describe("SneedToken", () => {
  it("mints only for the minter, transfers, and reports balances and supply", () => {
    const s = freshState();
    const mint = receipt(
      applyTransaction(s, prepared(signed(alice, `(call ${SNEED} 'mint ${carol.address} 5000000)`)), ctx()),
    );
    expect(mint.status).toBe(0);
    expect(mint.logs).toEqual([{ address: SNEED, event: "Mint", args: [carol.address, "5000000"] }]);
    expect(s.account(carol.address).balance).toBe(5_000_000n);
    const notMinter = receipt(
      applyTransaction(s, prepared(signed(bob, `(call ${SNEED} 'mint ${bob.address} 1)`)), ctx()),
    );
    expect(notMinter.status).toBe(1);
    expect(notMinter.error).toContain("only the chain's minter can mint");
    const t = receipt(
      applyTransaction(
        s,
        prepared(signed(bob, `(call ${SNEED} 'transfer ${carol.address} 7)`, { nonce: 1 })),
        ctx(),
      ),
    );
    expect(t.logs).toEqual([{ address: SNEED, event: "Transfer", args: [bob.address, carol.address, "7"] }]);
    const v = receipt(
      applyTransaction(
        s,
        prepared(
          signed(
            bob,
            `(list (call ${SNEED} 'balance-of ${carol.address}) (call ${SNEED} 'total-supply) (call ${SNEED} 'total-burned))`,
            { nonce: 2 },
          ),
        ),
        ctx(),
      ),
    );
    expect(v.return).toBe(
      `(5000007 ${s.totalSupply() + BigInt(v.gasUsed) * 10n} ${s.totalBurned() - BigInt(v.gasUsed) * 10n})`,
    );
    const over = receipt(
      applyTransaction(
        s,
        prepared(
          signed(carol, `(call ${SNEED} 'transfer ${bob.address} 999999999)`, {
            gasLimit: 100_000,
            maxFeePerGas: 10n,
            maxPriorityFeePerGas: 0n,
          }),
        ),
        ctx(),
      ),
    );
    expect(over.error).toContain("insufficient balance");
  });
});
