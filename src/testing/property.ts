// Property tests (defprop): N random cases, each on a fresh chain, drawn by fast-check from a seed; the
// first failing case is shrunk by fast-check to a minimal one (an integer to the boundary, a list to its
// fewest elements, an address toward alice), run once more so that the trace shown is that case's, and
// reported with the command that reproduces it. Tooling, not consensus.
//
// Invariant (stateful) tests, `(definvariant name ((x type)…) clause…)` (docs/contracts.md), as Foundry's:
// after the (setup statement…) clause, a random sequence of steps, each one of the (action statement…)
// clauses run as a random sender (the test accounts, or those of a (senders ADDR…) clause) with fresh
// random values of the parameters; every (invariant statement…) clause is checked after the setup and
// after each step. An action that aborts is a reverted call (counted; the chain undid it); any other
// failure of an action, or of an invariant, fails the test. fast-check draws the sequences from the seed
// and shrinks a failing one (fewer steps, smaller values, actions and senders toward the first); the
// shrunk sequence runs once more, so that the trace shown is its own, and is printed as a deftest to
// paste. Tooling, not consensus.

import fc from "fast-check";
import { printForm, printString } from "../lang/printer.ts";
import type { ListForm } from "../lang/reader.ts";
import { type Form, isHead } from "../lang/reader.ts";
import { ADDRESS, substitute, TEST_ACCOUNTS, type TestChain } from "./chain.ts";
import { Failed, TestFailure } from "./failures.ts";

/** A value's literal, as a test statement reads it. */
export type Gen = fc.Arbitrary<string>;

const WIDE = 1n << 64n;
const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;
const ints = (min: bigint, max: bigint) => fc.bigInt({ min, max }).map(String);
// one of the five test accounts: they can act and hold sneed (the holders an invariant can sum)
const account = () => fc.constantFrom(...Object.values(TEST_ACCOUNTS));
const SIMPLE: Record<string, () => Gen> = {
  int: () => ints(-WIDE, WIDE),
  nat: () => ints(0n, WIDE),
  bool: () => fc.boolean().map(String),
  account,
  // the test accounts most of the time (they can act and hold sneed), any address otherwise
  address: () =>
    fc.oneof(
      { arbitrary: account(), weight: 3 },
      { arbitrary: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hex), weight: 1 },
    ),
  string: () => fc.string({ maxLength: 32 }).map(printString),
};

export const TYPES = "int, nat, bool, account, address, string, (int MIN MAX) or (list TYPE)";

/** The generator of a parameter's type: a name, (int MIN MAX) or (list TYPE). */
export function generator(type: Form | undefined): Gen | undefined {
  if (type?.kind === "symbol") return SIMPLE[type.name]?.();
  const [, a, b, ...more] = type?.kind === "list" ? type.items : [];
  if (more.length > 0) return undefined;
  if (isHead(type, "int") && a?.kind === "int" && b?.kind === "int" && a.value <= b.value)
    return ints(a.value, b.value);
  const element = isHead(type, "list") && !b ? generator(a) : undefined;
  return element && fc.array(element, { maxLength: 8 }).map((xs) => `(${xs.join(" ")})`);
}

/** The parameters of a defprop or definvariant, `((name type)…)`, with their generators. */
export function parameters(form: string, params: Form[]): { name: string; gen: Gen }[] {
  return params.map((p) => {
    const [param, type] = p.kind === "list" ? p.items : [];
    const gen = p.kind === "list" && p.items.length === 2 ? generator(type) : undefined;
    if (param?.kind !== "symbol" || !gen)
      throw new TestFailure(`${form}'s parameters are (name type), the type one of ${TYPES}`, p.pos);
    return { name: param.name, gen };
  });
}

/** A seed per property, from --seed and its name only: the same cases with or without --match. */
export function seedOf(seed: number, name: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (const c of Buffer.from(name)) h = Math.imul(h ^ c, 0x01000193);
  return (h ^ seed) | 0;
}

/** One fresh chain for `work` (the runner's): its gas. */
type Session = (work: (chain: TestChain) => void) => { gas: number };

/** A property's or invariant's run: its name, how many cases from which seed, the command that re-runs it. */
export type Run = { name: string; cases: number; seed: number; depth: number; rerun: string };

/**
 * Runs `cases` random values of `arbitrary`, drawn from the seed of `name`; a case fails by throwing
 * TestFailure. The first failing one, shrunk by fast-check, runs once more (the trace shown is its own,
 * and so is the message) and goes to `fail` with how it was found. The gas of the runs otherwise.
 */
function runCases<T>(
  arbitrary: fc.Arbitrary<T>,
  run: (value: T) => { gas: number },
  { name, cases, seed }: Run,
  fail: (value: T, failure: TestFailure, found: { runs: number; shrunk: string }) => never,
) {
  const gas: number[] = [];
  const details = fc.check(
    fc.property(arbitrary, (value) => {
      gas.push(run(value).gas);
    }),
    { seed: seedOf(seed, name), numRuns: cases },
  );
  if (details.failed) {
    const error = details.errorInstance;
    if (!(error instanceof TestFailure)) throw error; // a bug of ours, not the contract's
    const value = details.counterexample![0];
    try {
      run(value); // once more, the minimal case last: the trace shown is its own (its failure is `error`)
    } catch (e) {
      if (!(e instanceof TestFailure)) throw e;
    }
    fail(value, error, {
      runs: details.numRuns,
      shrunk: details.numShrinks ? `, shrunk ${details.numShrinks} times` : "",
    });
  }
  const total = gas.reduce((a, b) => a + b, 0);
  const median = gas.sort((a, b) => a - b)[Math.floor((gas.length - 1) / 2)]!;
  return { gas: total, cases, seed, runs: { mean: Math.round(total / gas.length), median } };
}

/** Runs a property; a failing one throws TestFailure after running its minimal case last. */
export function property(form: ListForm, session: Session, run: Run) {
  const vars = parameters("defprop", form.items[2]?.kind === "list" ? form.items[2].items : []);
  // each case: the parameters' names bound to their values
  const bindings = fc
    .tuple(...vars.map((v) => v.gen))
    .map((values) => vars.map((v, k): [string, string] => [v.name, values[k]!]));
  const once = (bound: [string, string][]) =>
    session((chain) => {
      for (const [n, v] of bound) chain.bind(n, v);
      chain.run(form.items.slice(3));
    });
  return runCases(bindings, once, run, (bound, failure, found) => {
    const shown = bound.map(([name, value]) => `${name} = ${value}`).join(", ");
    throw new TestFailure(
      `falsified after ${found.runs} case${found.runs === 1 ? "" : "s"}${found.shrunk}, with ${shown} (re-run: ${run.rerun}): ${failure.message}`,
    );
  });
}

/** One step: which action, which sender, the parameters' values (as literals). */
type Step = [action: number, sender: number, values: string[]];

const CLAUSES = "(setup statement…), (action statement…), (invariant statement…) and (senders ADDR…)";
const NAMES = new Map(Object.entries(TEST_ACCOUNTS).map(([n, a]) => [a, n]));

/** The clauses of a definvariant form; a malformed one is a TestFailure naming its place. */
export function parseInvariant(form: ListForm) {
  const ps = form.items[2];
  if (ps?.kind !== "list")
    throw new TestFailure(
      `definvariant takes a name, its parameters ((x type)…) and the clauses ${CLAUSES}`,
      form.pos,
    );
  const inv = {
    params: parameters("definvariant", ps.items),
    setup: [] as Form[],
    actions: [] as Form[][],
    /** the invariant clauses' statements, in order: all run after the setup and after each step */
    invariants: [] as Form[],
    /** who acts, as written (the test accounts' names by default) */
    senders: Object.keys(TEST_ACCOUNTS).map((n): Form => ({ kind: "symbol", name: n, pos: form.pos })),
  };
  for (const c of form.items.slice(3)) {
    const head = c.kind === "list" && c.items[0]?.kind === "symbol" ? c.items[0].name : "";
    const body = c.kind === "list" ? c.items.slice(1) : [];
    if (head === "setup") inv.setup.push(...body);
    else if (head === "action" && body.length > 0) inv.actions.push(body);
    else if (head === "invariant" && body.length > 0) inv.invariants.push(...body);
    else if (head === "senders" && body.length > 0) inv.senders = body;
    else throw new TestFailure(`a definvariant's clauses are ${CLAUSES}, each with statements`, c.pos);
  }
  if (inv.actions.length === 0 || inv.invariants.length === 0)
    throw new TestFailure("a definvariant needs at least one (action …) and one (invariant …)", form.pos);
  return inv;
}

type Invariant = ReturnType<typeof parseInvariant>;

/** How far the last sequence went: its steps begun, which of them reverted, and what it was doing. */
type Progress = { steps: number; reverted: boolean[]; during: "setup" | "invariant" | "action" };

/** A failure of the test's own, said as `what` then its message. */
const said = (e: unknown, what: string) =>
  e instanceof TestFailure ? new TestFailure(`${what}: ${e.message}`) : e;

/** A form as an author writes it: 'x for (quote x). */
const show = (f: Form): string =>
  f.kind !== "list"
    ? printForm(f)
    : isHead(f, "quote") && f.items.length === 2
      ? `'${show(f.items[1]!)}`
      : `(${f.items.map(show).join(" ")})`;

/** The test accounts' addresses by their names (outside quoted data): what a test author writes. */
function named(f: Form): Form {
  if (f.kind === "address") {
    const name = NAMES.get(f.value.hex);
    return name ? { kind: "symbol", name, pos: f.pos } : f;
  }
  if (f.kind !== "list" || isHead(f, "quote") || isHead(f, "contract")) return f;
  return { ...f, items: f.items.map(named) };
}

/** The failing sequence as a deftest: the setup, each step as its sender with its values, the invariants. */
function reproduction(name: string, inv: Invariant, steps: Step[], failure: Progress): string {
  const lines = inv.setup.map(show);
  for (const [k, [action, sender, values]] of steps.slice(0, failure.steps).entries()) {
    const bound = new Map(inv.params.map((p, i) => [p.name, values[i]!]));
    const body = inv.actions[action]!.map((f) => show(named(substitute(f, bound, new Set()))));
    const step = `(as ${show(inv.senders[sender]!)} ${body.join(" ")})`;
    lines.push(failure.reverted[k] ? `(expect-abort ${step})` : step);
  }
  if (failure.during === "invariant") lines.push(...inv.invariants.map(show));
  return `(deftest ${name}-counterexample\n${lines.map((l) => `  ${l}`).join("\n")})\n`;
}

/** Runs `cases` random sequences of at most `depth` steps; a failing one throws TestFailure, with the shrunk sequence as a test to paste. */
export function invariant(inv: Invariant, session: Session, run: Run) {
  const step: fc.Arbitrary<Step> = fc.tuple(
    fc.nat({ max: inv.actions.length - 1 }),
    fc.nat({ max: inv.senders.length - 1 }),
    fc.tuple(...inv.params.map((p) => p.gen)),
  );
  const sequences = fc.array(step, { maxLength: run.depth, size: "max" });
  const tally = { calls: 0, reverts: 0 };
  const at: Progress = { steps: 0, reverted: [], during: "setup" }; // the failing sequence's: it runs last
  /** Runs the setup, then the steps, checking the invariants after the setup and after each step. */
  const sequence = (steps: Step[]) =>
    session((chain) => {
      Object.assign(at, { steps: 0, reverted: [], during: "setup" });
      try {
        chain.run(inv.setup);
      } catch (e) {
        throw said(e, "the setup failed");
      }
      const senders = inv.senders.map((f) => {
        const who = (f.kind === "symbol" ? chain.lookup(f.name) : undefined) ?? chain.value(f);
        if (!ADDRESS.test(who)) throw new TestFailure(`senders takes addresses, got ${who}`, f.pos);
        return who;
      });
      const check = (k: number) => {
        at.during = "invariant";
        try {
          chain.run(inv.invariants);
        } catch (e) {
          throw said(e, `the invariant broke ${k === 0 ? "after the setup" : `after step ${k}`}`);
        }
      };
      check(0);
      for (const [k, [action, sender, values]] of steps.entries()) {
        Object.assign(at, { steps: k + 1, during: "action" });
        tally.calls++;
        try {
          chain.scoped(() => {
            for (const [i, p] of inv.params.entries()) chain.bindings.push([p.name, values[i]!]);
            chain.run(inv.actions[action]!);
          }, senders[sender]!);
          at.reverted.push(false);
        } catch (e) {
          // an abort is a reverted call, as Foundry counts them; any other failure fails the sequence
          if (!(e instanceof Failed && e.status === 1)) throw said(e, `step ${k + 1} failed`);
          at.reverted.push(true);
          tally.reverts++;
        }
        check(k + 1);
      }
    });
  const runs = runCases(sequences, sequence, run, (steps, failure, found) => {
    const where = `run ${found.runs} of ${run.cases}${found.shrunk}; re-run: ${run.rerun}`;
    if (at.during === "setup") throw new TestFailure(`${failure.message} (${where})`);
    const n = at.steps;
    throw Object.assign(
      new TestFailure(
        `a sequence of ${n} step${n === 1 ? "" : "s"} breaks it (${where}): ${failure.message}`,
      ),
      { reproduction: reproduction(run.name, inv, steps, at) },
    );
  });
  return { ...runs, steps: { depth: run.depth, ...tally } };
}
