// `tinychain test` (docs/contracts.md): contract tests written in the contract language, run on the
// chain's own transition (./chain.ts). A test file holds (deftest name statement…), (defprop name
// ((x type)…) statement…) and helpers, (defn name (params) body…), that any test of the file may use.
// This is tooling, not consensus: a property's random cases come from fast-check's seeded generator.

import { DataError } from "../lang/errors.ts";
import { type Form, readAll } from "../lang/reader.ts";
import type { TraceFrame } from "../lang/trace.ts";
import { type CallGas, type List, TestChain } from "./chain.ts";
import { TestFailure } from "./failures.ts";
import { authorPositions } from "./positions.ts";
import { property } from "./property.ts";
import { readNamedFile } from "./source-file.ts";

export { type ChainStart, TEST_ACCOUNTS, TEST_BALANCE, TestChain, testStart } from "./chain.ts";

export interface TestResult {
  file: string;
  name: string;
  ok: boolean;
  /** gas of every transaction the test ran (a property: of its first case… its last, their mean in `runs`) */
  gas: number;
  error?: string;
  /** property tests: the cases run, the seed that reproduces them, the mean and median gas of a case */
  cases?: number;
  seed?: number;
  runs?: { mean: number; median: number };
  /** every contract call the test made, however deep, with the call's own gas */
  calls: CallGas[];
  /** what each transaction did (--trace), or what the failing one did */
  traces?: TraceFrame[];
  /** the addresses the test named: account and binding names, for traces */
  labels?: Record<string, string>;
}

export interface RunOptions {
  match?: string;
  trace?: boolean;
  /** property tests: how many cases (at least 1), and the seed of every property */
  cases: number;
  seed: number;
}

/** A test file is at most 1 MiB: a file the search found is read whole. */
const MAX_TEST_FILE_BYTES = 1024 * 1024;

const KINDS: Record<string, "test" | "prop" | "helper"> = {
  deftest: "test",
  defprop: "prop",
  defn: "helper",
};
const kindOf = (f: Form) => KINDS[f.kind === "list" && f.items[0]?.kind === "symbol" ? f.items[0].name : ""];

/** Runs every deftest and defprop of one file. */
export function runTestFile(file: string, options: RunOptions): TestResult[] {
  let forms: Form[];
  try {
    forms = readAll(readNamedFile(file, MAX_TEST_FILE_BYTES));
  } catch (e) {
    if (!(e instanceof DataError || e instanceof TestFailure)) throw e;
    return [{ file, name: "(reading the file)", ok: false, gas: 0, error: e.message, calls: [] }];
  }
  const results: TestResult[] = [];
  const helpers = new Map<string, List>();
  for (const f of forms)
    if (
      kindOf(f) === "helper" &&
      f.kind === "list" &&
      f.items[1]?.kind === "symbol" &&
      f.items[2]?.kind === "list"
    )
      helpers.set(f.items[1].name, f);
  for (const f of forms) {
    const kind = kindOf(f);
    const name = f.kind === "list" && f.items[1]?.kind === "symbol" ? f.items[1].name : undefined;
    if (kind === "helper" && name && helpers.get(name) === f) continue;
    if (!kind || kind === "helper" || !name) {
      results.push({
        file,
        name: `(form at ${f.pos.line}:${f.pos.col})`,
        ok: false,
        gas: 0,
        calls: [],
        error:
          "a test file holds (deftest name …), (defprop name ((x int)…) …) and (defn name (params) body…) forms only",
      });
      continue;
    }
    if (options.match && !name.includes(options.match)) continue;
    const body = (f as List).items.slice(kind === "test" ? 2 : 3);
    let last: TestChain | undefined; // a failed test's gas and calls count too
    const calls: CallGas[] = [];
    const once = (bindings: [string, string][] = []) => {
      last = new TestChain(file, authorPositions(), undefined, helpers);
      for (const [n, v] of bindings) last.bind(n, v);
      try {
        last.run(body);
      } finally {
        for (const c of last.calls) calls.push(c);
      }
      return last;
    };
    const result: TestResult = { file, name, ok: true, gas: 0, calls };
    try {
      if (kind === "test") result.gas = once().gas;
      else {
        const rerun = `tinychain test ${file} --match ${name} --seed ${options.seed} --cases ${options.cases}`;
        Object.assign(result, property(f as List, once, options.cases, options.seed, rerun));
      }
    } catch (e) {
      if (!(e instanceof TestFailure)) throw e;
      Object.assign(result, { ok: false, error: e.message, gas: last?.gas ?? 0 });
    }
    // a failure shows what its last transaction did (a property's: its smallest failing case's); --trace all
    if (last && (options.trace || !result.ok))
      result.traces = options.trace ? last.traces : last.traces.slice(-1);
    if (last) result.labels = Object.fromEntries(last.labels);
    results.push(result);
  }
  return results;
}
