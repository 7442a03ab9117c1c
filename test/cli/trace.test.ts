// --trace and --dry-run as a user runs them: see what a transaction does before signing anything.

import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alice } from "../chain/fixtures.ts";
import { commitAll, scratchChain } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

describe("--dry-run and --trace", () => {
  it("eval --trace prints the call tree; --json carries it", () => {
    const program =
      "(let ((c (deploy (contract C (defvar n 0) (defn add (k) (set! n (+ n k)) n))))) (call c 'add 2))";
    const r = cli(["eval", "--trace", program]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}C\.add\(2\) {2}\[gas \d+\] → 2$/m);
    expect(r.stdout).toContain("    write  n: 0 → 2");
    const doc = JSON.parse(cli(["eval", "--trace", "--json", program]).stdout);
    expect(doc.trace.steps.find((s: { op: string }) => s.op === "call").frame).toMatchObject({
      contract: "C",
      fn: "add",
      args: ["2"],
    });
  });

  it("call --dry-run shows the receipt and the trace on the head state, and writes nothing", () => {
    const dir = scratchChain();
    writeFileSync(
      join(dir, "counter.lisp"),
      "(contract Counter\n  (defvar n 0)\n  (defn add (k) (set! n (+ n k)) (emit Added k) n))\n",
    );
    const d = JSON.parse(
      cli(["deploy", "--key", "alice.json", "counter.lisp", "--json"], { cwd: dir }).stdout,
    );
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    const before = readdirSync(join(dir, "txs"));
    const r = cli(["call", "--key", "alice.json", d.contract, "add", "5", "--dry-run", "--trace"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^on the head state: status 0 \(success\), gas used \d+ of \d+$/m);
    expect(r.stdout).toContain("  returns 5");
    expect(r.stdout).toContain("  event Added 5");
    expect(r.stdout).toMatch(/^ {2}Counter\.add\(5\) {2}\[gas \d+\] → 5$/m);
    expect(r.stdout).toContain("nothing was signed or written (--dry-run)");
    expect(readdirSync(join(dir, "txs"))).toEqual(before);
    // who sends it can be said without a key; a failing call exits 1 with its error
    const failing = cli(["call", "--from", alice.address, d.contract, "add", '"x"', "--dry-run", "--json"], {
      cwd: dir,
    });
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.stdout)).toMatchObject({
      ok: false,
      status: 3,
      error: expect.stringContaining("must be an int"),
    });
  });
});
