// The tracer (--trace): what a run did, as a tree of calls with their effects; and a traced run is the
// same run, to the unit of gas, as an untraced one.

import { describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { evaluate } from "../../src/lang/vm.ts";
import { MAX_COMMENT, renderComment } from "../../src/report/comment.ts";
import { formatTrace, Tracer } from "../../src/tools/trace.ts";

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

  it("traces a call whose argument is nested deeper than a trace line shows, as the run goes", () => {
    const arg = `${"(".repeat(11)}1${")".repeat(11)}`;
    const deep = `(let ((c (deploy (contract D (defn f (x) 1))))) (call c 'f '${arg}))`;
    const plain = evaluate(deep, { gas: 1_000_000, host: emptyWorld() });
    const tracer = new Tracer();
    expect(evaluate(deep, { gas: 1_000_000, host: emptyWorld(), tracer })).toEqual(plain);
    expect(plain).toMatchObject({ status: 0 });
    const call = tracer.root.steps.find((s) => s.op === "call");
    expect(call && call.op === "call" && call.frame.args).toEqual(["<a value nested deeper than 8 levels>"]);
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

describe("the trace in a pull-request comment", () => {
  it("is folded, escaped, and cut with a note when it is long; the comment stays under GitHub's limit", () => {
    // a contract that writes 3,000 entries: its trace has thousands of lines
    const program = `(let ((c (deploy (contract Big (defmap m)
        (defn fill (n) (loop ((i 0)) (if (< i n) (do (put! m i "<b>@x</b>") (recur (+ i 1))) n)))))))
      (call c 'fill 3000))`;
    const tracer = new Tracer();
    const r = evaluate(program, { gas: 200_000_000, host: emptyWorld(), tracer });
    expect("status" in r && r.status).toBe(0);
    const receipt = {
      id: `0x${"ab".repeat(32)}`,
      file: "txs/x.json",
      from: `0x${"11".repeat(20)}`,
      nonce: 0,
      status: 0 as const,
      gasUsed: 1,
      gasLimit: 1,
      effectiveGasPrice: 1n,
      fee: 1n,
      return: "3000",
      error: null,
      logs: [],
      created: [],
      changes: [],
      block: 1,
    };
    const head = { number: 0, hash: `0x${"00".repeat(32)}` } as never;
    const body = renderComment(
      { head, baseFee: 1n, receipts: [receipt], invalid: [] },
      { programs: new Map(), traces: new Map([["txs/x.json", tracer.root]]) },
    );
    expect(body).toContain("<details><summary>trace: calls, gas, storage, transfers, events</summary>");
    expect(body).toMatch(/… \d+ more lines: 'tinychain validate --trace' shows them all<\/pre>/);
    expect(body).toContain("&lt;b&gt;@x&lt;/b&gt;"); // GitHub links no mention inside a <pre>
    expect(body).not.toContain("<b>");
    expect(body.length).toBeLessThan(MAX_COMMENT);
  });
});
