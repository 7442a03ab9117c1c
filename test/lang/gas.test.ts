// Gas and statuses (docs/spec.md §3.2, 4): work is charged before it happens, so nothing a program does can
// exhaust the host's memory or time; every ending is one of four statuses.
import { describe, expect, it } from "vitest";
import { GAS } from "../../src/lang/gas.ts";
import { ev } from "../helpers.ts";

describe("statuses", () => {
  it("0 success, 1 abort/assert, 2 out of gas, 3 runtime error", () => {
    expect(ev("(+ 1 2)").status).toBe(0);
    expect(ev('(abort "stop")')).toMatchObject({ status: 1, error: "stop (in script, at 1:1)" });
    expect(ev('(assert (= 1 2) "one is not two")')).toMatchObject({
      status: 1,
      error: "one is not two (in script, at 1:1)",
    });
    expect(ev("(assert false)").error).toContain("assertion failed");
    expect(ev("(loop ((i 0)) (recur (+ i 1)))", 100_000)).toMatchObject({
      status: 2,
      error: "out of gas",
      gasUsed: 100_000,
    });
    expect(ev("(/ 1 0)").status).toBe(3);
  });

  it("an endless loop uses exactly its gas limit", () => {
    for (const limit of [1, 1000, 123_457]) expect(ev("(loop () (recur))", limit).gasUsed).toBe(limit);
  });
});

describe("gas is charged before memory is allocated", () => {
  it.each([
    ["(range 1000000000)"],
    ["(range 115792089237316195423570985008687907853269984665640564039457584007913129639935)"],
    ['(loop ((i 0) (s "ab")) (if (< i 40) (recur (+ i 1) (str s s)) (len s)))'],
    ["(loop ((i 0) (l (list 1 2))) (if (< i 40) (recur (+ i 1) (append l l)) (len l)))"],
    // sharing: a list of 40 levels of (list x x) prints to 2^40 leaves
    ["(let ((x (loop ((i 0) (x 1)) (if (< i 40) (recur (+ i 1) (list x x)) x)))) (str x))"],
    // equal but not identical structures, each sharing its halves: = must walk 2^40 leaves
    [
      "(let ((build (fn () (loop ((i 0) (x 1)) (if (< i 40) (recur (+ i 1) (list x x)) x))))) (= (build) (build)))",
    ],
    ["(loop ((i 0) (x 1)) (if (< i 40) (recur (+ i 1) (list x x)) x))"], // printing the return value
    ['(let ((s (loop ((i 0) (s "x")) (if (< i 30) (recur (+ i 1) (str s s)) s)))) (keccak256 s))'],
  ])("%s ends with status 2", (src) => {
    const r = ev(src, 5_000_000);
    expect(r.status).toBe(2);
  });

  it("charges by size: a longer list costs more to copy", () => {
    const small = ev("(reverse (range 10))").gasUsed;
    const big = ev("(reverse (range 1000))").gasUsed;
    expect(big - small).toBeGreaterThanOrEqual(990 * 2 * GAS.perElement);
  });

  it("storage writes cost more than reads, reads more than arithmetic", () => {
    const deploy =
      "(deploy (contract S (defvar v 0) (defn w () (set! v 1)) (defn r () v) (defn a () (+ 1 2))))";
    const cost = (fn: string) => ev(`(let ((c ${deploy})) (call c '${fn}))`).gasUsed;
    expect(cost("w")).toBeGreaterThan(cost("r"));
    expect(cost("r")).toBeGreaterThan(cost("a"));
  });

  it("gas-left decreases", () => {
    const r = ev("(let ((a gas-left) (b gas-left)) (- a b))", 1000);
    expect(Number(r.value)).toBeGreaterThan(0);
  });

  it("try-call keeps 1/64 of the gas for the caller when the callee runs out", () => {
    const src = `(let ((c (deploy (contract Spin (defn spin () (loop () (recur)))))))
      (let ((r (try-call c 'spin))) (list (first r) (> gas-left 0))))`;
    expect(ev(src, 5_000_000).value).toBe("(err true)");
  });
});
