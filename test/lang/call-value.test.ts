// Payable calls (issue 26): (call-value a amount 'f args…) sends sneed from self with the call as one
// atomic unit, and the callee reads the amount as `value` (0 for a plain call and for the program).
import { describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { GAS } from "../../src/lang/gas.ts";
import { evaluate } from "../../src/lang/vm.ts";
import { checkSource } from "../../src/tools/check.ts";
import { formatTrace, Tracer } from "../../src/tools/trace.ts";
import { ev } from "../helpers.ts";

const VAULT = `(contract Vault
  (defmap paid)
  (defn deposit () (put! paid sender (+ value (get paid sender 0))) value)
  (defn refuse () (abort "no thanks"))
  (defn seen () value)
  (defn forward (to) (list value (call to 'seen) (call-value to 3 'seen) value))
  (defview paid-by (who) (get paid who 0))
  (defview pays (to) (call-value to 1 'seen)))`;

/** Two vaults deployed in a world where the program's signer holds 100 sneed. */
function world() {
  const host = emptyWorld();
  host.setBalance(host.origin.hex, 100n);
  const a = ev(`(deploy ${VAULT})`, 10_000_000, host).value;
  const b = ev(`(deploy ${VAULT})`, 10_000_000, host).value;
  const run = (program: string) => ev(program, 10_000_000, host);
  const balances = () => run(`(list (balance origin) (balance ${a}) (balance ${b}))`).value;
  return { host, a, b, run, balances };
}

describe("call-value", () => {
  it("moves the amount to the callee, which reads it as value and its caller as sender", () => {
    const { a, run, balances } = world();
    expect(run(`(call-value ${a} 40 'deposit)`)).toMatchObject({ status: 0, value: "40" });
    expect(balances()).toBe("(60 40 0)");
    expect(run(`(call ${a} 'paid-by origin)`).value).toBe("40");
  });

  it("value is 0 in a plain call and in the transaction's program", () => {
    const { a, run } = world();
    expect(run(`(list value (call ${a} 'seen) (try-call ${a} 'seen))`).value).toBe("(0 0 (ok 0))");
  });

  it("a nested call sees its own value, and the caller's is unchanged after it", () => {
    const { a, b, run, balances } = world();
    expect(run(`(call-value ${a} 10 'forward ${b})`).value).toBe("(10 0 3 10)");
    expect(balances()).toBe("(90 7 3)");
  });

  it("is atomic: a failing callee reverts the transfer; try-call-value returns (err …) and goes on", () => {
    const { a, run, balances } = world();
    const r = run(`(call-value ${a} 10 'refuse)`);
    expect(r.status).toBe(1);
    expect(r.error).toContain("Vault.refuse: no thanks");
    expect(balances()).toBe("(100 0 0)");
    const t = run(`(list (try-call-value ${a} 10 'refuse) (balance ${a}) (call-value ${a} 5 'deposit))`);
    expect(t.status).toBe(0);
    expect(t.value).toMatch(/^\(\(err "Vault\.refuse: no thanks.*"\) 0 5\)$/);
    expect(balances()).toBe("(95 5 0)");
  });

  it("an overdraft aborts with status 1, as transfer does; try-call-value returns it as (err …)", () => {
    const { a, run, balances } = world();
    const r = run(`(call-value ${a} 101 'deposit)`);
    expect(r.status).toBe(1);
    expect(r.error).toMatch(
      /^Vault\.deposit: insufficient balance: 0x[0-9a-f]{40} has 100 sneed, the call needs 101/,
    );
    expect(run(`(try-call-value ${a} 101 'deposit)`).value).toMatch(
      /^\(err "Vault\.deposit: insufficient balance/,
    );
    expect(balances()).toBe("(100 0 0)");
  });

  it("refuses a negative amount, a non-int amount, and sending from a view (status 3)", () => {
    const { a, b, run } = world();
    expect(run(`(call-value ${a} -1 'deposit)`)).toMatchObject({
      status: 3,
      error: expect.stringContaining("call-value amount must not be negative, got -1"),
    });
    expect(run(`(call-value ${a} "5" 'deposit)`).error).toContain("the amount of call-value must be an int");
    expect(run(`(call ${a} 'pays ${b})`).error).toContain("call-value is not allowed in a view");
  });

  it("refuses sending sneed to a view, which could not record who paid (status 3, nothing moves)", () => {
    const { a, run, balances } = world();
    expect(run(`(call-value ${a} 10 'paid-by origin)`)).toMatchObject({
      status: 3,
      error: expect.stringContaining("Vault.paid-by is a view: it cannot receive sneed"),
    });
    expect(balances()).toBe("(100 0 0)");
    // sending nothing is a plain call, to a view too
    expect(run(`(call-value ${a} 0 'paid-by origin)`)).toMatchObject({ status: 0, value: "0" });
  });

  it("costs a call plus a transfer", () => {
    const { a, run } = world();
    const plain = run(`(call ${a} 'seen)`);
    const paying = run(`(call-value ${a} 5 'seen)`);
    expect(paying.gasUsed - plain.gasUsed).toBe(GAS.transfer);
  });

  it("check knows it: arity, a view that sends sneed, value as a known name", () => {
    const codes = (src: string) => checkSource(src).map((f) => `${f.code}: ${f.message}`);
    expect(codes("(call-value 0x0000000000000000000000000000000000000001 'f)")).toEqual([
      "E_ARITY: call-value takes an address, an amount, a function name and arguments: (call-value 0x… 100 'deposit)",
    ]);
    expect(codes("(contract V (defview v (to) (try-call-value to value 'f)))")).toEqual([
      "E_VIEW_WRITES: view v sends sneed: a view only reads (use defn)",
    ]);
    // a name used in a call with an arity mistake is used: one finding, not also W_UNUSED
    expect(codes("(let ((j 0x0000000000000000000000000000000000000001)) (try-call-value j))")).toEqual([
      "E_ARITY: try-call-value takes an address, an amount, a function name and arguments: (try-call-value 0x… 100 'deposit)",
    ]);
  });

  it("--trace shows the value on the call's line and the transfer inside the call", () => {
    const { host, a } = world();
    const tracer = new Tracer();
    evaluate(`(call-value ${a} 7 'seen)`, { gas: 1_000_000, host, tracer });
    const text = formatTrace(tracer.root);
    expect(text).toContain("Vault.seen() sending 7 sneed");
    expect(text).toMatch(/\n {4}transfer 7 0x[0-9a-f]{40} → 0x/);
  });
});
