// The example contracts (examples/*.lisp) do what their comments say.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contractAddress } from "../src/chain/state.ts";
import { applyTransaction, type Receipt } from "../src/chain/transition.ts";
import { alice, bob, carol, ctx, freshState, prepared, signed, type TestKey } from "./chain/fixtures.ts";
import { ROOT } from "./helpers.ts";

const source = (name: string) => readFileSync(join(ROOT, "examples", name), "utf8");

/** A little world: send programs from keys, nonces tracked. */
function world() {
  const state = freshState();
  const nonces = new Map<string, number>();
  const send = (k: TestKey, data: string): Receipt => {
    const nonce = nonces.get(k.address) ?? 0;
    nonces.set(k.address, nonce + 1);
    const r = applyTransaction(state, prepared(signed(k, data, { nonce, gasLimit: 3_000_000 })), ctx());
    if (!("status" in r)) throw new Error(`${r.code}: ${r.message}`);
    return r;
  };
  const deploy = (k: TestKey, file: string) => {
    const nonce = nonces.get(k.address) ?? 0;
    const r = send(k, `(deploy ${source(file)})`);
    expect(r.status, r.error ?? "").toBe(0);
    return contractAddress(k.address, nonce, 0);
  };
  return { state, send, deploy };
}

describe("examples", () => {
  it("counter", () => {
    const w = world();
    const c = w.deploy(alice, "counter.lisp");
    w.send(bob, `(call ${c} 'increment)`);
    expect(w.send(bob, `(call ${c} 'increment)`).return).toBe("2");
    expect(w.send(alice, `(list (call ${c} 'value) (call ${c} 'count-of ${bob.address}))`).return).toBe(
      "(2 2)",
    );
  });

  it("token: mint, transfer, approve, transfer-from, and refusals", () => {
    const w = world();
    const t = w.deploy(alice, "token.lisp");
    expect(w.send(alice, `(call ${t} 'mint ${bob.address} 100)`).status).toBe(0);
    expect(w.send(bob, `(call ${t} 'mint ${bob.address} 100)`).error).toContain("only the owner mints");
    expect(w.send(bob, `(call ${t} 'approve ${carol.address} 30)`).status).toBe(0);
    const r = w.send(alice, `(call ${t} 'transfer ${carol.address} 1)`);
    expect(r.error).toContain("insufficient balance");
    w.send(bob, `(call ${t} 'transfer ${alice.address} 10)`);
    expect(
      w.send(
        alice,
        `(list (call ${t} 'balance-of ${bob.address}) (call ${t} 'allowance ${bob.address} ${carol.address}) (call ${t} 'total-supply))`,
      ).return,
    ).toBe("(90 30 100)");
  });

  it("escrow: fund, release to the seller; refunds only by the arbiter", () => {
    const w = world();
    const e = w.deploy(alice, "escrow.lisp");
    w.send(alice, `(call ${e} 'setup ${bob.address} ${carol.address})`);
    expect(w.send(alice, `(call ${e} 'fund)`).error).toContain("send sneed with the call");
    expect(w.send(alice, `(call-value ${e} 5000 'fund)`).status).toBe(0);
    expect(w.state.account(e).balance).toBe(5000n);
    expect(w.send(bob, `(call ${e} 'refund)`).error).toContain("only the arbiter refunds");
    const before = w.state.account(bob.address).balance;
    expect(w.send(alice, `(call ${e} 'release)`).status).toBe(0);
    expect(w.state.account(bob.address).balance).toBe(before + 5000n);
    expect(w.send(alice, `(call ${e} 'status)`).return).toBe("released");
  });

  it("registry: first come first served, transfer, release", () => {
    const w = world();
    const g = w.deploy(alice, "registry.lisp");
    expect(w.send(bob, `(call ${g} 'claim "bob" 42)`).status).toBe(0);
    expect(w.send(alice, `(call ${g} 'claim "bob" 1)`).error).toContain("taken");
    w.send(bob, `(call ${g} 'give "bob" ${carol.address})`);
    expect(w.send(alice, `(list (call ${g} 'owner-of "bob") (call ${g} 'resolve "bob"))`).return).toBe(
      `(${carol.address} 42)`,
    );
  });

  it("multisig: a 2-of-3 transfer executes on the second confirmation", () => {
    const w = world();
    const m = w.deploy(alice, "multisig.lisp");
    w.send(alice, `(call ${m} 'init (list ${alice.address} ${bob.address} ${carol.address}) 2)`);
    w.send(alice, `(transfer ${m} 1000)`);
    const id = w.send(alice, `(call ${m} 'propose ${carol.address} 400)`).return;
    expect(id).toBe("0");
    expect(w.send(alice, `(call ${m} 'confirm 0)`).error).toContain("already confirmed");
    const before = w.state.account(carol.address).balance;
    const r = w.send(bob, `(call ${m} 'confirm 0)`);
    expect(r.logs.map((l) => l.event)).toEqual(["Executed"]);
    expect(w.state.account(carol.address).balance).toBe(before + 400n);
  });

  it("vault: try-call skips the payments the token refuses and keeps the rest", () => {
    const w = world();
    const t = w.deploy(alice, "token.lisp");
    const v = w.deploy(alice, "vault.lisp");
    w.send(alice, `(call ${t} 'mint ${v} 50)`);
    w.send(alice, `(call ${v} 'use-token ${t})`);
    const r = w.send(
      alice,
      `(call ${v} 'pay-all (list (list ${bob.address} 30) (list ${carol.address} 40) (list ${carol.address} 20)))`,
    );
    expect(r.return).toBe(`((${carol.address} ok) (${carol.address} err) (${bob.address} ok))`);
    expect(
      w.send(
        alice,
        `(list (call ${t} 'balance-of ${bob.address}) (call ${t} 'balance-of ${carol.address}) (call ${t} 'balance-of ${v}))`,
      ).return,
    ).toBe("(30 20 0)");
  });
});
