// `tinychain test` (docs/contracts.md): contract tests written in the contract language, run on the
// chain's own transition. Each `(deftest name statement…)` starts from a fresh genesis state with five
// funded accounts (alice … eve); each statement that is a program runs as a transaction of the current
// sender through simulateTransaction, the same checks and execution as a block's (without a
// signature), and its effects stay for the next statement. A few statement forms are the test
// language's own: let (binds values across statements), as, next-block, expect-abort, expect-status,
// assert-eq. `(deploy-file "x.lisp")` anywhere in a program is the contract of that file, deployed.
// This is tooling, not consensus: a test's random cases use a seeded generator of their own.

import { dirname, join, resolve } from "node:path";
import { genesisState } from "../chain/genesis-state.ts";
import { compiledContract, type State } from "../chain/state.ts";
import { type BlockContext, type Receipt, simulateTransaction } from "../chain/transition.ts";
import { DataError } from "../lang/errors.ts";
import { printForm } from "../lang/printer.ts";
import { type Form, isHead, readAll, readOne } from "../lang/reader.ts";
import { type TraceFrame, Tracer } from "../lang/trace.ts";
import { Failed, TestFailure } from "./failures.ts";
import { authorPositions, type PositionMap } from "./positions.ts";
import { property } from "./property.ts";
import { readSourceIn, readTestFile } from "./source-file.ts";
import { substitute } from "./substitute.ts";

export const TEST_ACCOUNTS: Record<string, string> = {
  alice: "0x00000000000000000000000000000000000a11ce",
  bob: "0x0000000000000000000000000000000000000b0b",
  carol: "0x00000000000000000000000000000000000ca201",
  dave: "0x0000000000000000000000000000000000000da7",
  eve: "0x0000000000000000000000000000000000000e7e",
};
/** each test account's sneed at genesis */
export const TEST_BALANCE = 10n ** 24n;
const CHAIN_ID = 31337;
const GAS_LIMIT = 30_000_000;
const COINBASE = "0x0000000000000000000000000000000000c0ffee";

export interface TestResult {
  file: string;
  name: string;
  ok: boolean;
  /** gas of every transaction the test ran */
  gas: number;
  error?: string;
  /** property tests: the cases run, and the seed that reproduces them */
  cases?: number;
  seed?: number;
  /** the gas of each statement that is one contract call: `fn` is Contract.function */
  calls: { fn: string; gas: number }[];
  /** what each transaction did (--trace), or what the failing one did */
  traces?: TraceFrame[];
}

export type List = Form & { kind: "list" };

/** A test file is at most 1 MiB: a file the search found is read whole. */
const MAX_TEST_FILE_BYTES = 1024 * 1024;

/** A contract file of the test's folder, read once per version of it (a property test deploys it in every case). */
function contractFile(folder: string, name: string): Form {
  const file = readSourceIn(folder, name, `deploy-file "${name}"`);
  const version = `${file.real}\0${file.mtimeMs}\0${file.text.length}`;
  let form = contractFiles.get(version);
  if (!form) contractFiles.set(version, (form = readOne(file.text)));
  return form;
}
const contractFiles = new Map<string, Form>();

/** Where a chain of tests (or the console) starts: its state, its next block, who acts, the names known. */
export interface ChainStart {
  state: State;
  block: BlockContext;
  sender: string;
  names: [string, string][];
}

/** A fresh genesis with the five funded test accounts, base fee 0, chain id 31337. */
export function testStart(): ChainStart {
  const state = genesisState({
    chainId: CHAIN_ID,
    name: "test",
    minter: TEST_ACCOUNTS.alice!,
    coinbase: COINBASE,
    blockGasLimit: GAS_LIMIT,
    minBaseFee: 0n,
    initialBaseFee: 0n,
    alloc: new Map(Object.values(TEST_ACCOUNTS).map((a) => [a, TEST_BALANCE])),
    timestamp: 0,
  });
  const block = {
    number: 1n,
    timestamp: 12n,
    baseFee: 0n,
    gasLimit: GAS_LIMIT,
    coinbase: COINBASE,
    chainId: CHAIN_ID,
  };
  return { state, block, sender: TEST_ACCOUNTS.alice!, names: Object.entries(TEST_ACCOUNTS) };
}

/** The test forms: statements of the test language, not programs. */
export const TEST_FORMS = [
  "do",
  "let",
  "def",
  "as",
  "next-block",
  "expect-abort",
  "expect-status",
  "assert-eq",
];

/** One test's chain (or the console's): the state, the block, who acts, and what was bound. */
export class TestChain {
  state: State;
  block: BlockContext;
  sender: string;
  gas = 0;
  calls: { fn: string; gas: number }[] = [];
  /** the printed value of each name bound so far, innermost last */
  bindings: [string, string][];
  /** what each transaction did, in order */
  traces: TraceFrame[] = [];
  /** the events of the last transaction that emitted any, as ((Name arg…)…) */
  events = "()";

  constructor(
    private readonly file: string,
    private readonly positions: PositionMap,
    start: ChainStart = testStart(),
  ) {
    this.state = start.state;
    this.block = start.block;
    this.sender = start.sender;
    this.bindings = [...start.names];
  }

  private get dir(): string {
    return dirname(resolve(this.file));
  }

  /** Runs a program as a transaction of the current sender; its receipt. */
  transact(program: Form): Receipt {
    // the values bound so far written in as literals: the transaction is what its author would write
    const bound = new Map([...this.bindings, ["events", this.events]]);
    const data = this.positions.script(this.file, this.expand(substitute(program, bound, new Set())));
    const tracer = new Tracer();
    const r = simulateTransaction(
      this.state,
      {
        chainId: this.block.chainId,
        from: this.sender,
        nonce: this.state.account(this.sender).nonce,
        gasLimit: GAS_LIMIT,
        maxFeePerGas: 0n,
        maxPriorityFeePerGas: 0n,
        data,
      },
      this.block,
      tracer,
    );
    const located = (f: TraceFrame): void => {
      if (f.status !== 0) f.result = this.positions.rewrite(f.result);
      for (const step of f.steps) if (step.op === "call") located(step.frame);
    };
    located(tracer.root);
    this.traces.push(tracer.root);
    if ("code" in r)
      throw new TestFailure(`the transaction is invalid: ${r.code}: ${this.positions.rewrite(r.message)}`);
    this.gas += r.gasUsed;
    if (r.logs.length > 0)
      this.events = `(${r.logs.map((l) => `(${[l.event, ...l.args].join(" ")})`).join(" ")})`;
    const call = isHead(program, "call") ? (program as List).items : undefined;
    const fn = call?.[2];
    const quoted = fn && isHead(fn, "quote") ? (fn as List).items[1] : undefined;
    if (call && quoted?.kind === "symbol") {
      const code = this.state.account(this.valueOf(call[1]!)).code;
      const target = code ? compiledContract(code).name : printForm(call[1]!);
      this.calls.push({ fn: `${target}.${quoted.name}`, gas: r.gasUsed });
    }
    return r;
  }

  /** A program that must succeed: its printed value. */
  value(program: Form): string {
    const r = this.transact(program);
    if (r.status !== 0) throw new Failed(r.status, this.positions.rewrite(r.error ?? ""));
    return r.return ?? "nil";
  }

  /** The printed value a name is bound to now (the innermost binding), or undefined. */
  lookup(name: string): string | undefined {
    for (let i = this.bindings.length - 1; i >= 0; i--)
      if (this.bindings[i]![0] === name) return this.bindings[i]![1];
    return undefined;
  }

  private valueOf(f: Form): string {
    return f.kind === "symbol" ? (this.lookup(f.name) ?? f.name) : printForm(f);
  }

  /** (deploy-file "path") → (deploy (contract …)) of that file, relative to the test file. */
  private expand(f: Form): Form {
    if (f.kind !== "list") return f;
    if (isHead(f, "deploy-file")) {
      const path = (f as List).items[1];
      if (path?.kind !== "string")
        throw new TestFailure(
          `deploy-file takes the path of a .lisp file, as a string (at ${f.pos.line}:${f.pos.col})`,
        );
      let written: Form;
      try {
        written = contractFile(this.dir, path.value);
      } catch (e) {
        if (e instanceof TestFailure) throw e;
        throw new TestFailure(`deploy-file ${path.value}: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.positions.add(join(dirname(this.file), path.value), written);
      return { kind: "list", pos: f.pos, items: [{ kind: "symbol", name: "deploy", pos: f.pos }, written] };
    }
    if (isHead(f, "quote")) return f;
    return { ...f, items: f.items.map((x) => this.expand(x)) };
  }

  /** Runs the statements of a test body. */
  run(statements: Form[]): void {
    for (const s of statements) this.statement(s);
  }

  statement(s: Form): void {
    const [, ...args] = s.kind === "list" ? s.items : [];
    if (isHead(s, "do")) {
      this.run(args);
      return;
    }
    const at = `(at ${s.pos.line}:${s.pos.col})`;
    if (isHead(s, "def")) {
      if (args[0]?.kind !== "symbol" || args.length !== 2)
        throw new TestFailure(`def takes a name and a value: (def t (deploy-file "token.lisp")) ${at}`);
      this.bindings.push([args[0].name, this.value(args[1]!)]); // bound for every later statement
      return;
    }
    if (isHead(s, "let") && args[0]?.kind === "list") {
      const depth = this.bindings.length;
      for (const b of args[0].items) {
        if (b.kind !== "list" || b.items[0]?.kind !== "symbol" || !b.items[1])
          throw new TestFailure(`let takes bindings (name value) (at ${b.pos.line}:${b.pos.col})`);
        this.bindings.push([b.items[0].name, this.value(b.items[1])]);
      }
      this.run(args.slice(1));
      this.bindings.length = depth;
      return;
    }
    if (isHead(s, "as")) {
      const who = this.value(args[0] ?? { kind: "nil", pos: s.pos });
      if (!/^0x[0-9a-f]{40}$/.test(who)) throw new TestFailure(`as takes an address, got ${who} ${at}`);
      const before = this.sender;
      this.sender = who;
      try {
        this.run(args.slice(1));
      } finally {
        this.sender = before;
      }
      return;
    }
    if (isHead(s, "next-block")) {
      const n = args[0] === undefined ? 1n : args[0].kind === "int" ? args[0].value : 0n;
      if (n < 1n || args.length > 1)
        throw new TestFailure(`next-block takes nothing or a count of blocks ≥ 1 ${at}`);
      this.block = {
        ...this.block,
        number: this.block.number + n,
        timestamp: this.block.timestamp + 12n * n,
      };
      return;
    }
    if (isHead(s, "expect-abort") || isHead(s, "expect-status")) {
      const abort = isHead(s, "expect-abort");
      if (!abort && (args[0]?.kind !== "int" || args[0].value < 1n || args[0].value > 3n))
        throw new TestFailure(`expect-status takes a status from 1 to 3, then statements ${at}`);
      const want = abort ? 1n : (args[0] as Form & { kind: "int" }).value;
      const message = abort && args[0]?.kind === "string" ? args[0].value : undefined;
      const body = abort ? args.slice(message === undefined ? 0 : 1) : args.slice(1);
      const what = abort ? `an abort${message ? ` with "${message}"` : ""}` : `status ${want}`;
      try {
        this.run(body); // test forms too: (expect-abort (as bob (call …)))
      } catch (e) {
        if (!(e instanceof Failed)) throw e;
        if (BigInt(e.status) !== want || (message && !e.error.includes(message)))
          throw new TestFailure(`expected ${what}, got ${e.message}`);
        return;
      }
      throw new TestFailure(`expected ${what}, but every statement succeeded ${at}`);
    }
    if (isHead(s, "assert-eq")) {
      if (args.length !== 2) throw new TestFailure(`assert-eq takes an expected and an actual value ${at}`);
      // both in one transaction (views in it emit nothing: `events` stays what the statement before emitted)
      const both = readOne(
        this.value({
          kind: "list",
          pos: s.pos,
          items: [{ kind: "symbol", name: "list", pos: s.pos }, ...args],
        }),
      );
      const [expected, actual] = (both as List).items.map(printForm);
      if (expected !== actual)
        throw new TestFailure(
          `assert-eq at ${s.pos.line}:${s.pos.col}: expected ${expected}, got ${actual} (${printForm(args[1]!)})`,
        );
      return;
    }
    this.value(s);
  }
}

export interface RunOptions {
  match?: string;
  trace?: boolean;
  /** property tests: how many cases, and the seed of the first test (then one per test) */
  cases: number;
  seed: number;
}

/** Runs every deftest and defprop of one file. */
export function runTestFile(file: string, options: RunOptions): TestResult[] {
  let forms: Form[];
  try {
    forms = readAll(readTestFile(file, MAX_TEST_FILE_BYTES));
  } catch (e) {
    if (!(e instanceof DataError || e instanceof TestFailure)) throw e;
    return [{ file, name: "(reading the file)", ok: false, gas: 0, error: e.message, calls: [] }];
  }
  const results: TestResult[] = [];
  for (const f of forms) {
    const kind = isHead(f, "deftest") ? "test" : isHead(f, "defprop") ? "prop" : undefined;
    const name = f.kind === "list" && f.items[1]?.kind === "symbol" ? f.items[1].name : undefined;
    if (!kind || !name) {
      results.push({
        file,
        name: `(form at ${f.pos.line}:${f.pos.col})`,
        ok: false,
        gas: 0,
        calls: [],
        error: "a test file holds (deftest name …) and (defprop name ((x int)…) …) forms only",
      });
      continue;
    }
    if (options.match && !name.includes(options.match)) continue;
    const body = (f as List).items.slice(kind === "test" ? 2 : 3);
    let last: TestChain | undefined; // a failed test's gas and calls count too
    const once = (bindings: [string, string][] = []) => {
      last = new TestChain(file, authorPositions());
      last.bindings.push(...bindings);
      last.run(body);
      return last;
    };
    const result: TestResult = { file, name, ok: true, gas: 0, calls: [] };
    try {
      if (kind === "test") once();
      else Object.assign(result, property(f as List, once, options.cases, options.seed + results.length));
    } catch (e) {
      if (!(e instanceof TestFailure)) throw e;
      Object.assign(result, { ok: false, error: e.message });
    }
    if (kind === "test" && last) Object.assign(result, { gas: last.gas, calls: last.calls });
    // a failure shows what its last transaction did; --trace shows every transaction
    if (last && (options.trace || !result.ok))
      result.traces = options.trace ? last.traces : last.traces.slice(-1);
    results.push(result);
  }
  return results;
}
