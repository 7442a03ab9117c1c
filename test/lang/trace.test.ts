// The tracer (--trace): what a run did, as a tree of calls with their effects; and a traced run is the
// same run, to the unit of gas, as an untraced one.

import { describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { formatTrace, Tracer } from "../../src/lang/trace.ts";
import { evaluate } from "../../src/lang/vm.ts";

const PROGRAM = `(let ((t (deploy (contract T
    (defvar n 0)
    (defmap m)
    (defn f (x) (set! n (+ n x)) (put! m x n) (emit Set x n) (transfer origin 0) n)
    (defview g () n)))))
  (call t 'f 5)
  (try-call t 'f "a")
  (call t 'g))`;

describe("the tracer", () => {
  it("changes nothing: the same status, value and gas as the untraced run", () => {
    const plain = evaluate(PROGRAM, { gas: 1_000_000, host: emptyWorld() });
    const tracer = new Tracer();
    const traced = evaluate(PROGRAM, { gas: 1_000_000, host: emptyWorld(), tracer });
    expect(traced).toEqual(plain);
    expect(tracer.root.gasUsed).toBe(("gasUsed" in plain && plain.gasUsed) || -1);
  });

  it("records the call tree with gas per call, storage before and after, events and failures", () => {
    const tracer = new Tracer();
    evaluate(PROGRAM, { gas: 1_000_000, host: emptyWorld(), tracer });
    const root = tracer.root;
    expect(root).toMatchObject({ contract: "script", status: 0, result: "5" });
    const calls = root.steps.flatMap((s) => (s.op === "call" ? [s.frame] : []));
    expect(calls.map((c) => [c.contract, c.fn, c.args, c.status])).toEqual([
      ["T", "f", ["5"], 0],
      ["T", "f", ['"a"'], 3],
      ["T", "g", [], 0],
    ]);
    expect(calls[0]!.steps).toContainEqual({
      op: "write",
      contract: expect.any(String),
      key: "n",
      before: "0",
      after: "5",
    });
    expect(calls[0]!.steps).toContainEqual({
      op: "write",
      contract: expect.any(String),
      key: "(m 5)",
      before: null,
      after: "5",
    });
    expect(calls[0]!.steps).toContainEqual(
      expect.objectContaining({ op: "event", event: "Set", args: ["5", "5"] }),
    );
    expect(calls[0]!.steps).toContainEqual(expect.objectContaining({ op: "transfer", amount: "0" }));
    expect(calls[1]!.result).toContain("argument 2 of + must be an int");
    // each call's gas is part of its caller's
    expect(calls[0]!.gasUsed).toBeGreaterThan(0);
    expect(calls.reduce((a, c) => a + c.gasUsed, 0)).toBeLessThan(root.gasUsed);
    const text = formatTrace(root);
    expect(text).toMatch(/^script {2}\[gas \d+\] → 5$/m);
    expect(text).toMatch(/^ {2}T\.f\("a"\) {2}\[gas \d+\] ✗ runtime error: /m);
    expect(text).toContain("    write  n: 0 → 5");
  });
});
