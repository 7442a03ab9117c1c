// The grammar fuzzer in `npm test` (issue 29): a seeded, bounded sample of test/lang/fuzz-grammar.ts's
// programs and contracts, each held to test/lang/fuzz-oracle.ts (no host exception, no internal error,
// check and the compiler agree, gas within check's bound, the same outcome twice and in a child process
// at a smaller and a larger --stack-size), and every
// counterexample `npm run fuzz` ever found (test/lang/fuzz-cases.json) replayed. And should an internal
// error still happen, its receipt is one every node agrees on.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { STATUS_RUNTIME } from "../../src/lang/errors.ts";
import { compileProgram, INTERNAL_ERROR, run } from "../../src/lang/vm.ts";
import { ROOT } from "../helpers.ts";
import { fuzzCase } from "./fuzz-grammar.ts";
import { runOnce, violations } from "./fuzz-oracle.ts";

const STACK_CHILD = join(import.meta.dirname, "fuzz-stack.ts");

const cases = JSON.parse(readFileSync(join(import.meta.dirname, "fuzz-cases.json"), "utf8")) as {
  found: string;
  contract: string;
  program: string;
}[];

describe("the grammar fuzzer", () => {
  it("finds no violation in a seeded sample of programs and contracts", () => {
    fc.assert(
      fc.property(fuzzCase, (c) => {
        expect(violations(c)).toEqual([]);
      }),
      { seed: 29, numRuns: 250 },
    );
  });

  it.each([400, 4000])(
    "gives the same status, gas, value, events and state changes at --stack-size=%i as here",
    (stackSize) => {
      // the programs that run (check's errors aside), deep nesting and long loops among them
      const programs = fc
        .sample(fuzzCase, { seed: 29, numRuns: 120 })
        .map((c) => c.program)
        .filter((p) => runOnce(p).status !== "E_DATA");
      const child = spawnSync(
        process.execPath,
        [
          `--stack-size=${stackSize}`,
          "--import",
          "tsx",
          "--import",
          "./scripts/register-raw.mjs",
          STACK_CHILD,
        ],
        { cwd: ROOT, input: JSON.stringify(programs), encoding: "utf8", maxBuffer: 1 << 28 },
      );
      expect(child.stderr).toBe("");
      expect(JSON.parse(child.stdout)).toEqual(programs.map((p) => JSON.parse(JSON.stringify(runOnce(p)))));
    },
    60_000,
  );

  it.each(cases)("keeps what it found fixed: $found", (c) => {
    expect(violations(c)).toEqual([]);
  });

  it("ends a host failure inside the VM with one receipt: status 3, all gas, a fixed message, no effects", () => {
    const program = compileProgram(
      "(do (transfer 0x0000000000000000000000000000000000000002 0) (balance self))",
    );
    const outcome = () => {
      const world = emptyWorld();
      // a host that fails as a bug of ours would: a TypeError from inside the machine
      world.balance = () => {
        throw new TypeError("Cannot read properties of undefined (reading 'hex')");
      };
      const r = run(program, { gas: 50_000, host: world });
      return { ...r, effects: world.endTransaction() };
    };
    const r = outcome();
    expect(r).toMatchObject({
      status: STATUS_RUNTIME,
      gasUsed: 50_000,
      error: INTERNAL_ERROR,
      printed: "nil",
    });
    expect(r.error).not.toContain("Cannot read");
    expect(r.effects).toEqual({ logs: [], changes: [] });
    expect(outcome()).toEqual(r);
  });
});
