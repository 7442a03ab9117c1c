// `tinychain test [PATH…]`: runs the contract tests (*.test.lisp) under each path (default: here) on a
// fresh in-memory chain each (src/testing/runner.ts), and prints pass/fail with gas per test, like
// `forge test`. Exit 1 when a test fails or none is found.

import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatTrace } from "../../lang/trace.ts";
import { runTestFile, type TestResult } from "../../testing/runner.ts";
import { intFlag, parse } from "../args.ts";
import { CliError } from "../errors.ts";
import { color, makeOutput } from "../output.ts";
import type { Command } from "./types.ts";

/** Every *.test.lisp under a path, sorted (folders named node_modules or starting with a dot skipped). */
function testFiles(path: string): string[] {
  if (!existsSync(path)) throw new CliError("E_FILE", `${path} does not exist`, 2);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      if (e.isDirectory())
        return e.name.startsWith(".") || e.name === "node_modules" ? [] : testFiles(join(path, e.name));
      return e.name.endsWith(".test.lisp") ? [join(path, e.name)] : [];
    });
}

const indent = (text: string, by: string) => text.replace(/^/gm, by);

/** min / mean / max gas of each contract function a test called directly. */
function gasReport(
  results: TestResult[],
): { fn: string; calls: number; min: number; mean: number; max: number }[] {
  const by = new Map<string, number[]>();
  for (const r of results) for (const c of r.calls) by.set(c.fn, [...(by.get(c.fn) ?? []), c.gas]);
  return [...by]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([fn, g]) => ({
      fn,
      calls: g.length,
      min: Math.min(...g),
      mean: Math.round(g.reduce((x, y) => x + y, 0) / g.length),
      max: Math.max(...g),
    }));
}

export const testCommand: Command = {
  name: "test",
  summary: "run the contract tests (*.test.lisp) on a fresh in-memory chain each",
  usage: "tinychain test [PATH…] [--match NAME] [--gas-report] [--trace] [--seed N] [--cases N] [--json]",
  details: [
    "A test file holds (deftest name statement…) and (defprop name ((x int)…) statement…) forms; see",
    "docs/contracts.md. --match runs the tests whose name contains NAME; --gas-report prints the gas of",
    "each contract function the tests call; defprop runs --cases random cases (100) from --seed. A failing",
    "test shows what its last transaction did (calls, gas, storage, transfers, events); --trace shows all.",
  ].join("\n"),
  run(argv) {
    const { values, positionals } = parse("test", argv, {
      match: { type: "string" },
      "gas-report": { type: "boolean" },
      seed: { type: "string" },
      cases: { type: "string" },
      trace: { type: "boolean" },
    });
    const started = performance.now();
    const files = (positionals.length > 0 ? positionals : ["."]).flatMap(testFiles);
    if (files.length === 0)
      throw new CliError("E_FILE", `no *.test.lisp files under ${positionals.join(", ") || "."}`, 1);
    const options = {
      match: values.match as string | undefined,
      trace: values.trace === true,
      cases: intFlag("cases", values.cases, 100_000) ?? 100,
      seed: intFlag("seed", values.seed, 2 ** 32 - 1) ?? 1,
    };
    const out = makeOutput(values.json === true);
    const results: TestResult[] = [];
    for (const file of files) {
      const ran = runTestFile(file, options);
      if (ran.length === 0) continue;
      out.say(`${file}`);
      for (const r of ran) {
        const extra = r.cases ? `, ${r.cases} cases` : "";
        out.say(
          r.ok
            ? `  ${color.green("[PASS]")} ${r.name} (gas: ${r.gas}${extra})`
            : `  ${color.red("[FAIL]")} ${r.name}`,
        );
        if (!r.ok) out.say(`         ${r.error}`);
        for (const t of r.traces ?? []) out.say(indent(formatTrace(t), "         "));
      }
      results.push(...ran);
    }
    const failed = results.filter((r) => !r.ok).length;
    const ms = Math.round(performance.now() - started);
    const report = values["gas-report"] === true ? gasReport(results) : undefined;
    if (report) {
      out.say("");
      out.say("function                         calls        min       mean        max");
      for (const g of report)
        out.say(
          `${g.fn.padEnd(32)} ${[g.calls, g.min, g.mean, g.max].map((n) => String(n).padStart(10)).join(" ")}`,
        );
    }
    out.document({
      ok: failed === 0 && results.length > 0,
      passed: results.length - failed,
      failed,
      ms,
      tests: results,
      ...(report ? { gasReport: report } : {}),
    });
    out.say("");
    const summary = `${results.length - failed} passed, ${failed} failed (${files.length} file${files.length === 1 ? "" : "s"}, ${ms} ms)`;
    out.say(failed === 0 ? color.green(summary) : color.red(summary));
    if (results.length === 0)
      out.say(options.match ? `no test name contains "${options.match}"` : "no tests in these files");
    return failed === 0 && results.length > 0 ? 0 : 1;
  },
};
