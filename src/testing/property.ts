// Property tests (defprop): N random cases, each on a fresh chain, drawn by fast-check from a seed; the
// first failing case is shrunk by fast-check to a minimal one (an integer to the boundary, a list to its
// fewest elements, an address toward alice), run once more so that the trace shown is that case's, and
// reported with the command that reproduces it. Tooling, not consensus.

import fc from "fast-check";
import { printString } from "../lang/printer.ts";
import type { Form } from "../lang/reader.ts";
import { type List, TEST_ACCOUNTS } from "./chain.ts";
import { TestFailure } from "./failures.ts";

/** A value's literal, as a test statement reads it. */
export type Gen = fc.Arbitrary<string>;

const WIDE = 1n << 64n;
const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;
const SIMPLE: Record<string, () => Gen> = {
  int: () => fc.bigInt({ min: -WIDE, max: WIDE }).map(String),
  nat: () => fc.bigInt({ min: 0n, max: WIDE }).map(String),
  bool: () => fc.boolean().map(String),
  // the test accounts most of the time (they can act and hold sneed), any address otherwise
  // one of the five test accounts: they can act and hold sneed (the holders an invariant can sum)
  account: () => fc.constantFrom(...Object.values(TEST_ACCOUNTS)),
  address: () =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...Object.values(TEST_ACCOUNTS)), weight: 3 },
      { arbitrary: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hex), weight: 1 },
    ),
  string: () => fc.string({ maxLength: 32 }).map(printString),
};

export const TYPES = "int, nat, bool, account, address, string, (int MIN MAX) or (list TYPE)";

/** The generator of a parameter's type: a name, (int MIN MAX) or (list TYPE). */
export function generator(type: Form | undefined): Gen | undefined {
  if (type?.kind === "symbol") return SIMPLE[type.name]?.();
  if (type?.kind !== "list") return undefined;
  const [head, a, b] = type.items;
  if (head?.kind !== "symbol") return undefined;
  if (
    head.name === "int" &&
    a?.kind === "int" &&
    b?.kind === "int" &&
    a.value <= b.value &&
    type.items.length === 3
  )
    return fc.bigInt({ min: a.value, max: b.value }).map(String);
  if (head.name === "list" && type.items.length === 2) {
    const element = generator(a);
    return element && fc.array(element, { maxLength: 8 }).map((xs) => `(${xs.join(" ")})`);
  }
  return undefined;
}

/** The parameters of a defprop or definvariant, `((name type)…)`, with their generators. */
export function parameters(form: string, params: Form[]): { name: string; gen: Gen }[] {
  return params.map((p) => {
    const [param, type] = p.kind === "list" ? p.items : [];
    const gen = p.kind === "list" && p.items.length === 2 ? generator(type) : undefined;
    if (param?.kind !== "symbol" || !gen)
      throw new TestFailure(
        `${form}'s parameters are (name type), the type one of ${TYPES} (at ${p.pos.line}:${p.pos.col})`,
      );
    return { name: param.name, gen };
  });
}

/** A seed per property, from --seed and its name only: the same cases with or without --match. */
export function seedOf(seed: number, name: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (const c of Buffer.from(name)) h = Math.imul(h ^ c, 0x01000193);
  return (h ^ seed) | 0;
}

export interface PropertyRun {
  gas: number;
  cases: number;
  seed: number;
  runs: { mean: number; median: number };
}

/**
 * Runs `cases` random values of `arbitrary`, drawn from the seed of `name`; a case fails by throwing
 * TestFailure. The first failing one, shrunk by fast-check, runs once more (the trace shown is its own,
 * and so is the message) and goes to `fail` with how it was found. The gas of the runs otherwise.
 */
export function runCases<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  run: (value: T) => { gas: number },
  options: { cases: number; seed: number },
  fail: (value: T, failure: TestFailure, found: { runs: number; shrunk: string }) => never,
): PropertyRun {
  const gas: number[] = [];
  const details = fc.check(
    fc.property(arbitrary, (value) => {
      gas.push(run(value).gas);
    }),
    { seed: seedOf(options.seed, name), numRuns: options.cases },
  );
  if (details.failed) {
    const error = details.errorInstance;
    if (!(error instanceof TestFailure)) throw error; // a bug of ours, not the contract's
    const value = details.counterexample![0];
    let failure = error;
    try {
      run(value);
    } catch (e) {
      if (!(e instanceof TestFailure)) throw e;
      failure = e;
    }
    fail(value, failure, {
      runs: details.numRuns,
      shrunk: details.numShrinks ? `, shrunk ${details.numShrinks} times` : "",
    });
  }
  const sorted = [...gas].sort((a, b) => a - b);
  const total = gas.reduce((a, b) => a + b, 0);
  return {
    gas: total,
    ...options,
    runs: { mean: Math.round(total / gas.length), median: sorted[Math.floor((sorted.length - 1) / 2)]! },
  };
}

/** Runs a property; a failing one throws TestFailure after running its minimal case last. */
export function property(
  form: List,
  once: (bindings: [string, string][]) => { gas: number },
  cases: number,
  seed: number,
  rerun: string,
): PropertyRun {
  const name = form.items[1]?.kind === "symbol" ? form.items[1].name : "";
  const params = form.items[2]?.kind === "list" ? form.items[2].items : [];
  const vars = parameters("defprop", params);
  const bind = (values: string[]) => vars.map((v, k): [string, string] => [v.name, values[k]!]);
  const values = fc.tuple(...vars.map((v) => v.gen));
  return runCases(
    name,
    values,
    (v) => once(bind(v)),
    { cases, seed },
    (v, failure, found) => {
      const shown = vars.map((x, k) => `${x.name} = ${v[k]}`).join(", ");
      throw new TestFailure(
        `falsified after ${found.runs} case${found.runs === 1 ? "" : "s"}${found.shrunk}, with ${shown} (re-run: ${rerun}): ${failure.message}`,
      );
    },
  );
}
