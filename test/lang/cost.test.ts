// The static gas bound of `tinychain check`: sound (no call uses more than its bound), tight on
// straight-line code, and "unbounded" naming the loop, the recursion or the call that makes it so.
// Soundness is checked with every per-size price set to zero: what is left of a call's gas is exactly
// what the bound's fixed part must cover, and the size terms are the prices that were zeroed.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { ARITY } from "../../src/lang/arity.ts";
import { BUILTINS } from "../../src/lang/builtins.ts";
import { GAS } from "../../src/lang/gas.ts";
import { readAll } from "../../src/lang/reader.ts";
import { evaluate } from "../../src/lang/vm.ts";
import { runTestFile } from "../../src/testing/runner.ts";
import { checkSource } from "../../src/tools/check.ts";
import { type GasBound, gasBounds } from "../../src/tools/cost.ts";
import { type TraceFrame, Tracer } from "../../src/tools/trace.ts";
import { fuzzCase } from "./fuzz-grammar.ts";

const PER_SIZE = [
  "perElement",
  "newValue",
  "perByte",
  "printPiece",
  "storageReadByte",
  "storageWriteByte",
  "eventByte",
  "dataNode",
  "arithmeticWord",
  "keccakWord",
  "deployByte",
] as const;
const prices = GAS as unknown as Record<string, number>;
const saved = Object.fromEntries(PER_SIZE.map((k) => [k, prices[k]]));
beforeAll(() => {
  for (const k of PER_SIZE) prices[k] = 0;
});
afterAll(() => Object.assign(prices, saved));

const bounds = (source: string) =>
  new Map(gasBounds(readAll(source)).map((b) => [`${b.contract}.${b.fn}`, b]));

/** Every contract call of a trace, however deep: [Contract.fn, gas used]. */
function frames(f: TraceFrame): [string, number][] {
  const own: [string, number][] = f.contract === "script" ? [] : [[`${f.contract}.${f.fn}`, f.gasUsed]];
  return [...own, ...f.steps.flatMap((s) => (s.op === "call" ? frames(s.frame) : []))];
}

function expectWithin(all: Map<string, GasBound>, trace: TraceFrame): number {
  let checked = 0;
  for (const [name, used] of frames(trace)) {
    const b = all.get(name);
    if (!b || !("gas" in b)) continue;
    expect(used, `${name} used ${used} gas, above its bound ${b.gas}`).toBeLessThanOrEqual(b.gas);
    checked++;
  }
  return checked;
}

const FORMS_CONTRACT = `(contract Forms
  (defvar total 0)
  (defmap seen)
  (defn-  double (x) (* x 2))
  (defn straight (a b c) (+ a (* b c)))
  (defn branches (x)
    (if (> x 10)
        (do (set! total (+ total x)) (put! seen x (double x)) (emit Big x) total)
        (cond ((= x 0) (del! seen x))
              ((< x 0) (and (> x -5) (or (has? seen x) (get seen x 0))))
              (else (let ((y (double x)) (f (fn (z) (+ z y)))) (f 1))))))
  (defn lists (x)
    (let ((xs (map (fn (i) (+ i x)) (range 8))) (ys (filter (fn (i) (> i 3)) (list 1 2 3 4 5))))
      (fold + (len ys) (append xs ys (reverse (cons x (list 1 2)))))))
  (defn words (s n) (str (keccak256 s) (len s) (mod n 7) (/ n 3) (= s "a") (dict 1 2 3 4)))
  (defn pays (to n) (assert (>= n 0) "negative") (transfer to n) (balance to))
  (defview peek (x) (list total (get seen x) sender block-number (nth (list 1 2 3) 1) (first (list x)))))`;

describe("the static gas bound", () => {
  it("is never below what a call of an example contract used, in every example test", () => {
    let checked = 0;
    for (const file of readdirSync("examples").filter((f) => f.endsWith(".test.lisp"))) {
      const contract = readFileSync(join("examples", file.replace(".test.lisp", ".lisp")), "utf8");
      const all = bounds(contract);
      for (const r of runTestFile(join("examples", file), { trace: true, cases: 5, seed: 1 }))
        for (const t of r.traces ?? []) checked += expectWithin(all, t);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("is never below what random calls of every form use", () => {
    const all = bounds(FORMS_CONTRACT);
    for (const b of all.values()) expect(b, `${b.fn} should be bounded`).toHaveProperty("gas");
    fc.assert(
      fc.property(fc.bigInt({ min: -20n, max: 40n }), fc.string({ maxLength: 40 }), (x, s) => {
        const program = `(let ((c (deploy ${FORMS_CONTRACT})))
          (try-call c 'branches ${x}) (try-call c 'branches ${x}) (try-call c 'lists ${x})
          (try-call c 'words ${JSON.stringify(s)} ${x}) (try-call c 'pays origin ${x})
          (try-call c 'peek ${x}) (try-call c 'straight ${x} 2 ${x}))`;
        const tracer = new Tracer();
        const r = evaluate(program, { gas: 10_000_000, host: emptyWorld(), tracer });
        expect(r).toMatchObject({ status: 0 });
        expect(expectWithin(all, tracer.root)).toBe(7);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("is exact on straight-line code", () => {
    const all = bounds(FORMS_CONTRACT);
    const tracer = new Tracer();
    evaluate(`(call (deploy ${FORMS_CONTRACT}) 'straight 3 4 5)`, {
      gas: 1_000_000,
      host: emptyWorld(),
      tracer,
    });
    const [[, used]] = frames(tracer.root) as [[string, number]];
    // call 15 + 3 arguments, two arithmetic ops of 3; a big product and the returned value are size terms
    expect(all.get("Forms.straight")).toMatchObject({ gas: 24, per: ["node of data", "big-number word"] });
    expect(used).toBe(24);
  });

  it("names the size terms of a function that stores, reads and emits", () => {
    expect(bounds(FORMS_CONTRACT).get("Forms.branches")).toMatchObject({
      per: expect.arrayContaining(["byte read", "byte written", "byte emitted", "node of data"]),
    });
  });

  it("reads (get m k) of a local m as the builtin the compiler makes it, not as the map m", () => {
    const all = bounds(`(contract A (defmap m) (defn f (k) (let ((m (dict 1 2))) (get m k))))`);
    expect(all.get("A.f")).toMatchObject({ gas: expect.any(Number) });
    expect((all.get("A.f") as { per: string[] }).per).not.toContain("byte read");
  });

  it("says unbounded, naming the loop, the recursion, the list or the contract call", () => {
    const all = bounds(`(contract U
  (defn spin (n) (loop ((i 0)) (if (< i n) (recur (+ i 1)) i)))
  (defn down (n) (if (= n 0) 0 (down (- n 1))))
  (defn each (xs) (map (fn (x) x) xs))
  (defn ask (a) (call a 'f))
  (defn apply-it (f) (f 1)))`);
    expect(all.get("U.spin")).toMatchObject({ unbounded: "loop", at: { line: 2, col: 18 } });
    expect(all.get("U.down")).toMatchObject({ unbounded: "recursive call of down" });
    expect(all.get("U.each")).toMatchObject({
      unbounded: "map over a list of unknown length",
      at: { line: 4 },
    });
    expect(all.get("U.ask")).toMatchObject({ unbounded: expect.stringContaining("another contract") });
    expect(all.get("U.apply-it")).toMatchObject({ unbounded: "call of a function value not known here" });
  });

  // on the fuzzer's grammar (test/lang/fuzz-grammar.ts): every form, the same generator as `npm run fuzz`
  it("answers for any contract check accepts, and holds when it runs", () => {
    let accepted = 0;
    let checkedRuns = 0;
    fc.assert(
      fc.property(fuzzCase, fc.constantFrom("1", '"s"', "(list 1 2)", "nil"), ({ contract }, arg) => {
        if (checkSource(contract).some((f) => f.severity === "error")) return;
        accepted++;
        const all = bounds(contract);
        expect([...all.keys()]).toEqual(expect.arrayContaining(["F.f", "F.g", "F.h", "F.k"]));
        // and it holds: each public function called as a transaction would, the per-size prices zeroed
        const tracer = new Tracer();
        const program = `(let ((c (deploy ${contract}))) (try-call c 'f ${arg}) (try-call c 'h ${arg}) (try-call c 'k))`;
        evaluate(program, { gas: 10_000_000, host: emptyWorld(), tracer });
        checkedRuns += expectWithin(all, tracer.root);
      }),
      { numRuns: 600, seed: 11 },
    );
    expect(accepted).toBeGreaterThan(30);
    expect(checkedRuns).toBeGreaterThan(20);
  });

  it("has a rule for every builtin", () => {
    for (const name of Object.keys(BUILTINS)) {
      const args = Array.from({ length: ARITY[name]!.min }, () => "(list 1 2)").join(" ");
      const [b] = gasBounds(readAll(`(contract B (defn f () (${name} ${args})))`));
      expect(b, name).toBeDefined();
    }
  });
});
