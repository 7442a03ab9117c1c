// `tinychain test` (docs/contracts.md): contract tests written in the contract language, run on the
// chain's own transition (./chain.ts). A test file holds (deftest name statement…), (defprop name
// ((x type)…) statement…), (definvariant name ((x type)…) clause…) and helpers, (defn name (params)
// body…), that any test of the file may use. This is tooling, not consensus: the random cases and
// sequences come from fast-check's seeded generator.

import { DataError } from "../lang/errors.ts";
import type { ListForm } from "../lang/reader.ts";
import { type Form, isHead, readAll, symbolName } from "../lang/reader.ts";
import type { TraceFrame } from "../tools/trace.ts";
import { type CallGas, TestChain } from "./chain.ts";
import { TEST_FILE_FORMS, TEST_FORMS } from "./check-tests.ts";
import { TestFailure } from "./failures.ts";
import { authorPositions, type PositionMap } from "./positions.ts";
import { invariant, parseInvariant, property } from "./property.ts";
import { readNamedFile } from "./source-file.ts";

/**
 * A test's result. `gas`: of every transaction the test ran (a property: of its first case… its last,
 * their mean in `runs`). Property tests: the cases run, the seed that reproduces them, the mean and
 * median gas of a case; invariant tests: `steps`, the most steps of a sequence, and the calls made and
 * reverted in all of them (property.ts). `reproduction`: a failing invariant test's shrunk sequence as
 * a deftest to paste. `calls`: every contract call the test made, however deep, with the call's own
 * gas. `traces`: what each transaction did (--trace), or what the failing one did. `labels`: the
 * addresses the test named, by their account and binding names, for traces.
 */
export type TestResult = Partial<ReturnType<typeof invariant>> & {
  file: string;
  name: string;
  ok: boolean;
  gas: number;
  error?: string;
  reproduction?: string;
  calls: CallGas[];
  traces?: TraceFrame[];
  labels?: Record<string, string>;
};

export interface RunOptions {
  match?: string;
  trace?: boolean;
  /** property tests: how many cases (at least 1), and the seed of every property */
  cases: number;
  seed: number;
  /** invariant tests: the most steps of one sequence (20; their runs are `cases`) */
  depth?: number;
  /** the positions of each chain (a coverage collector watches the contracts it deploys) */
  positions?: () => PositionMap;
}

/** The most steps of an invariant test's sequence, unless told (Foundry's default depth is 500, of far cheaper calls). */
const DEPTH = 20;

/** A test file is at most 1 MiB: a file the search found is read whole. */
const MAX_TEST_FILE_BYTES = 1024 * 1024;

const nameOf = (f: Form) => (f.kind === "list" ? symbolName(f.items[1]) : undefined);

/** A test that failed before it ran. */
const failed = (file: string, name: string, error: string): TestResult => ({
  file,
  name,
  ok: false,
  gas: 0,
  error,
  calls: [],
});

/** Runs every deftest and defprop of one file. */
export function runTestFile(file: string, options: RunOptions): TestResult[] {
  let forms: Form[];
  try {
    forms = readAll(readNamedFile(file, MAX_TEST_FILE_BYTES));
  } catch (e) {
    if (!(e instanceof DataError || e instanceof TestFailure)) throw e;
    return [failed(file, "(reading the file)", e.message)];
  }
  const results: TestResult[] = [];
  // the file's helpers, (defn name (params) body…): a name defined twice is the last definition
  const helpers = new Map<string, ListForm>();
  for (const f of forms)
    if (isHead(f, "defn") && nameOf(f) && (f as ListForm).items[2]?.kind === "list")
      helpers.set(nameOf(f)!, f as ListForm);
  for (const f of forms) {
    const kind = TEST_FORMS.find((h) => isHead(f, h));
    const name = nameOf(f);
    if (name && helpers.get(name) === f) continue;
    if (!kind || !name) {
      results.push(failed(file, `(form at ${f.pos.line}:${f.pos.col})`, TEST_FILE_FORMS));
      continue;
    }
    if (options.match && !name.includes(options.match)) continue;
    let last: TestChain | undefined; // a failed test's gas and calls count too
    const calls: CallGas[] = [];
    /** One fresh chain for `work`; its calls count for the gas report however it ends. */
    const session = (work: (chain: TestChain) => void) => {
      last = new TestChain(file, (options.positions ?? authorPositions)(), undefined, helpers);
      last.calls = calls;
      work(last);
      return last;
    };
    const result: TestResult = { file, name, ok: true, gas: 0, calls };
    const { cases, seed, depth = DEPTH } = options;
    const rerun = `tinychain test ${file} --match ${name} --seed ${seed} --cases ${cases}${kind === "definvariant" ? ` --depth ${depth}` : ""}`;
    const run = { name, cases, seed, depth, rerun };
    try {
      if (kind === "deftest") result.gas = session((chain) => chain.run((f as ListForm).items.slice(2))).gas;
      else if (kind === "defprop") Object.assign(result, property(f as ListForm, session, run));
      else Object.assign(result, invariant(parseInvariant(f as ListForm), session, run));
    } catch (e) {
      if (!(e instanceof TestFailure)) throw e;
      Object.assign(result, { ok: false, error: e.message, gas: last?.gas ?? 0 });
      if (e.reproduction) result.reproduction = e.reproduction;
    }
    // a failure shows what its last transaction did (a property's: its smallest failing case's); --trace all
    if (last && (options.trace || !result.ok)) result.traces = last.traces.slice(options.trace ? 0 : -1);
    if (last) result.labels = Object.fromEntries(last.labels);
    results.push(result);
  }
  return results;
}
