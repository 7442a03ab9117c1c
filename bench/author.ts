// The contract author's loop (issue: check, test, console, trace): `tinychain test` on the examples'
// suite and `tinychain check` on their contracts, as processes, the way an author runs them: the time
// to the first result line, the whole run, and tests per second. Median of 7 with the spread.

import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fmt, median, type Report } from "./measure.ts";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist/cli.js");

/** ms to the first line matching `first`, ms to exit, and the whole output. */
function timed(args: string[], first: RegExp): Promise<{ firstMs: number; totalMs: number; out: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    let firstMs = Number.NaN;
    let out = "";
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
    });
    child.stdout.on("data", (c) => {
      out += c;
      if (Number.isNaN(firstMs) && first.test(out)) firstMs = performance.now() - t;
    });
    child.on("error", reject);
    child.on("exit", () => resolve({ firstMs, totalMs: performance.now() - t, out }));
  });
}

export async function benchAuthor(report: Report): Promise<void> {
  report.section(
    "The contract author's loop: tinychain test and check on the examples (processes, start included)",
  );
  const contracts = readdirSync(join(ROOT, "examples")).filter(
    (f) => f.endsWith(".lisp") && !f.endsWith(".test.lisp"),
  );
  const runs = { first: [] as number[], total: [] as number[], check: [] as number[] };
  let tests = 0;
  for (let i = 0; i < 8; i++) {
    const t = await timed(["test", "examples", "--cases", "100"], /\[(PASS|FAIL)\]/);
    const c = await timed(["check", ...contracts.map((f) => join("examples", f))], /errors/);
    tests = Number(/(\d+) passed, 0 failed/.exec(t.out)?.[1] ?? Number.NaN);
    if (Number.isNaN(tests)) throw new Error(`the examples' tests did not all pass:\n${t.out}`);
    if (i === 0) continue; // the first run warms the file cache
    runs.first.push(t.firstMs);
    runs.total.push(t.totalMs);
    runs.check.push(c.totalMs);
  }
  const spread = (xs: number[]) =>
    `${fmt(median(xs), 0)} ms (${fmt(Math.min(...xs), 0)}–${fmt(Math.max(...xs), 0)})`;
  report.row(
    `tinychain test examples: ${tests} tests (two property tests of 100 cases each) — first result after ${spread(runs.first)}, all done in ${spread(runs.total)}: ${fmt((tests / median(runs.total)) * 1000, 0)} tests/s (each test deploys its contracts on a fresh chain)`,
  );
  report.row(`tinychain check on the ${contracts.length} example contracts: ${spread(runs.check)}`);
}
