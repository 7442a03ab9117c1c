// The chain a contract test (and the console) runs on (docs/contracts.md): a fresh genesis state with
// five funded accounts (alice … eve); each statement that is a program runs as ONE transaction of the
// current sender through simulateTransaction, the same checks and execution as a block's (without a
// signature), and its effects stay for the next statement. `(do a b)` is one program, so one
// transaction, as on the chain; it is a sequence of statements only when it holds a statement form.
// The statement forms are the test language's own: let (binds values across statements), def, as,
// next-block, expect-abort, expect-status, assert-eq, and the file's helpers whose bodies hold them.
// `(deploy-file "x.lisp")` anywhere in a program is the contract of that file, deployed.

import { dirname, join, resolve } from "node:path";
import { genesisState } from "../chain/genesis-state.ts";
import type { State } from "../chain/state.ts";
import { type BlockContext, simulateTransaction } from "../chain/transition.ts";
import { arityMessage } from "../lang/arity.ts";
import type { Pos } from "../lang/errors.ts";
import { printForm } from "../lang/printer.ts";
import type { ListForm } from "../lang/reader.ts";
import { type Form, isHead, readOne, symbolName } from "../lang/reader.ts";
import { type TraceFrame, Tracer } from "../tools/trace.ts";
import { Failed, TestFailure } from "./failures.ts";
import type { PositionMap } from "./positions.ts";
import { readSourceIn } from "./source-file.ts";

export const TEST_ACCOUNTS: Record<string, string> = {
  alice: "0x00000000000000000000000000000000000a11ce",
  bob: "0x0000000000000000000000000000000000000b0b",
  carol: "0x00000000000000000000000000000000000ca201",
  dave: "0x0000000000000000000000000000000000000da7",
  eve: "0x0000000000000000000000000000000000000e7e",
};
/** an address as a program prints it */
export const ADDRESS = /^0x[0-9a-f]{40}$/;
/** each test account's sneed at genesis */
export const TEST_BALANCE = 10n ** 24n;
/** the test chain's id, block gas limit (each test transaction's too) and coinbase: its every block's */
const CHAIN = {
  chainId: 31337,
  gasLimit: 30_000_000,
  coinbase: "0x0000000000000000000000000000000000c0ffee",
};
/** what a test's transaction offers to pay: nothing (the base fee is 0) */
const NO_FEES = { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };

/** A contract function's call as the trace saw it: `fn` is Contract.function, `gas` the call's own. */
export type CallGas = { fn: string; gas: number };

export const sym = (name: string, pos: Pos): Form => ({ kind: "symbol", name, pos });
export const list = (pos: Pos, items: Form[]): ListForm => ({ kind: "list", pos, items });

/** A contract file of the test's folder, read once per version of it (a property test deploys it in every case). */
function contractFile(folder: string, name: string): Form {
  const file = readSourceIn(folder, name, `deploy-file "${name}"`);
  const version = `${file.real}\0${file.mtimeMs}\0${file.text.length}`;
  try {
    if (!contractFiles.has(version)) contractFiles.set(version, readOne(file.text));
  } catch (e) {
    throw new TestFailure(`deploy-file ${name}: ${(e as Error).message}`); // the reader's DataError
  }
  return contractFiles.get(version)!;
}
const contractFiles = new Map<string, Form>();

/** Where a chain of tests (or the console) starts: its state, its next block, who acts, the names known. */
export type ChainStart = ReturnType<typeof testStart>;

/** A fresh genesis with the five funded test accounts, base fee 0, chain id 31337. */
export function testStart() {
  const alloc = new Map(Object.values(TEST_ACCOUNTS).map((a) => [a, TEST_BALANCE]));
  const state = genesisState({ minter: TEST_ACCOUNTS.alice!, alloc });
  const block: BlockContext = { ...CHAIN, number: 1n, timestamp: 12n, baseFee: 0n };
  return { state, block, sender: TEST_ACCOUNTS.alice!, names: Object.entries(TEST_ACCOUNTS) };
}

/** One test's chain (or the console's): the state, the block, who acts, and what was bound. */
export class TestChain {
  state: State;
  block: BlockContext;
  sender: string;
  gas = 0;
  /** every contract call of every transaction, however deep (the gas report) */
  calls: CallGas[] = [];
  /** the printed value of each name bound so far, innermost last */
  bindings: [string, string][] = [];
  /** what each transaction did, in order */
  traces: TraceFrame[] = [];
  /** the events of the last transaction, as ((Name arg…)…): () when it emitted none */
  events = "()";
  /** each address bound to a name, by the first name it had: the labels of traces */
  readonly labels = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly positions: PositionMap,
    start: ChainStart = testStart(),
    /** the test file's helpers: (defn name (params) body…) */
    private readonly helpers = new Map<string, ListForm>(),
  ) {
    ({ state: this.state, block: this.block, sender: this.sender } = start);
    for (const [name, value] of start.names) this.bind(name, value);
  }

  /** Runs `work` acting as `sender`, then drops the names it bound and acts as before, whatever happened. */
  scoped<T>(work: () => T, sender = this.sender): T {
    const [depth, before] = [this.bindings.length, this.sender];
    this.sender = sender;
    try {
      return work();
    } finally {
      this.bindings.length = depth;
      this.sender = before;
    }
  }

  /** Binds a name for the statements that follow (and labels an address with it). */
  bind(name: string, value: string): void {
    this.bindings.push([name, value]);
    if (ADDRESS.test(value) && !this.labels.has(value)) this.labels.set(value, name);
  }

  /** Is this form a statement of the test language, not one program? A test's own `let` always is. */
  isStatement(f: Form): boolean {
    return isHead(f, "let") || this.holdsStatements(f);
  }

  /**
   * Does this form hold a statement form? A call of a helper whose body holds one (however indirectly)
   * is itself a statement; `seen` are the helpers already looked into (a cycle holds nothing).
   */
  private holdsStatements(f: Form, seen = new Set<string>()): boolean {
    const [head, ...rest] = f.kind === "list" ? f.items : [];
    const name = symbolName(head) ?? "";
    if (Object.hasOwn(STATEMENTS, name) || this.statementHelper(name, seen)) return true;
    return (name === "do" || name === "let") && rest.some((x) => this.holdsStatements(x, seen));
  }

  /** Is `name` a helper whose body holds statements (however indirectly)? `seen`: as above. */
  private statementHelper(name: string, seen = new Set<string>()): boolean {
    const helper = seen.has(name) ? undefined : this.helpers.get(name);
    if (!helper) return false;
    seen.add(name);
    return helper.items.slice(3).some((x) => this.holdsStatements(x, seen));
  }

  /** The program with the helpers it names (however indirectly) bound around it, in the file's order. */
  private withHelpers(program: Form): Form {
    const used = new Set<string>();
    const visit = (f: Form): void => {
      if (f.kind === "symbol" && this.helpers.has(f.name) && !used.has(f.name)) {
        used.add(f.name);
        visit(this.helpers.get(f.name)!);
      } else if (f.kind === "list" && !isHead(f, "quote")) f.items.forEach(visit);
    };
    visit(program);
    if (used.size === 0) return program;
    const pos = program.pos;
    const bindings = [...this.helpers]
      .filter(([name]) => used.has(name))
      .map(([name, d]) => list(d.pos, [sym(name, pos), list(d.pos, [sym("fn", pos), ...d.items.slice(2)])]));
    return list(pos, [sym("let", pos), list(pos, bindings), program]);
  }

  /** Runs a program as a transaction of the current sender, which must succeed: its printed value. */
  value(program: Form): string {
    // the values bound so far written in as literals: the transaction is what its author would write
    const bound = new Map([...this.bindings, ["events", this.events]]);
    const written = substitute(this.withHelpers(program), bound, new Set());
    const data = this.positions.script(this.file, this.expand(written));
    const tracer = new Tracer();
    const { chainId } = this.block;
    const nonce = this.state.account(this.sender).nonce;
    const tx = { chainId, from: this.sender, nonce, gasLimit: CHAIN.gasLimit, ...NO_FEES, data };
    const r = simulateTransaction(this.state, tx, this.block, tracer);
    // each failure placed in the author's files; each contract call, however deep, for the gas report
    const walk = (f: TraceFrame): void => {
      if (f.status !== 0) f.result = this.positions.rewrite(f.result);
      for (const s of f.steps)
        if (s.op === "call") {
          this.calls.push({ fn: `${s.frame.contract}.${s.frame.fn}`, gas: s.frame.gasUsed });
          walk(s.frame);
        }
    };
    walk(tracer.root);
    this.traces.push(tracer.root);
    if ("code" in r)
      throw new TestFailure(`the transaction is invalid: ${r.code}: ${this.positions.rewrite(r.message)}`);
    this.gas += r.gasUsed;
    this.events = `(${r.logs.map((l) => `(${[l.event, ...l.args].join(" ")})`).join(" ")})`;
    if (r.status !== 0) throw new Failed(r.status, this.positions.rewrite(r.error ?? ""));
    return r.return ?? "nil";
  }

  /** The printed value a name is bound to now (the innermost binding), or undefined. */
  lookup(name: string): string | undefined {
    return [...this.bindings].reverse().find(([n]) => n === name)?.[1];
  }

  /** An argument's value: a bound name's or a literal's without a transaction, else the program's. */
  private argument(f: Form): string {
    const bound = f.kind === "symbol" ? this.lookup(f.name) : undefined;
    if (bound !== undefined) return bound;
    return f.kind === "list" || f.kind === "symbol" ? this.value(f) : printForm(f);
  }

  /** (deploy-file "path") → (deploy (contract …)) of that file, relative to the test file. */
  private expand(f: Form): Form {
    if (f.kind !== "list") return f;
    if (isHead(f, "deploy-file")) {
      const path = (f as ListForm).items[1];
      if (path?.kind !== "string") throw new TestFailure(USAGE["deploy-file"], f.pos);
      const written = contractFile(dirname(resolve(this.file)), path.value);
      this.positions.add(join(dirname(this.file), path.value), written);
      return list(f.pos, [sym("deploy", f.pos), written]);
    }
    if (isHead(f, "quote")) return f;
    return { ...f, items: f.items.map((x) => this.expand(x)) };
  }

  /** Runs the statements of a test body. */
  run(statements: Form[]): void {
    for (const s of statements) this.statement(s);
  }

  statement(s: Form): void {
    const [head, ...args] = s.kind === "list" ? s.items : [];
    const name = symbolName(head) ?? "";
    // a program, `do` of programs included, is one transaction
    if (!this.isStatement(s)) this.value(s);
    else if (name === "do") this.run(args);
    else if (name === "let" && args[0]?.kind === "list") {
      const bindings = args[0].items;
      this.scoped(() => {
        for (const b of bindings) {
          if (b.kind !== "list" || b.items[0]?.kind !== "symbol" || !b.items[1])
            throw new TestFailure("let takes bindings (name value)", b.pos);
          this.bind(b.items[0].name, this.value(b.items[1]));
        }
        this.run(args.slice(1));
      });
    } else if (Object.hasOwn(STATEMENTS, name)) STATEMENTS[name]!(this, args, s);
    else if (!this.statementHelper(name))
      this.value(s); // a malformed let (a helper may be named let): the compiler names it
    else {
      // a helper whose body holds statements: its parameters bound, its body run as statements
      const [, , params, ...body] = this.helpers.get(name)!.items;
      const names = (params as ListForm).items.map((p) => symbolName(p) ?? "");
      if (names.length !== args.length)
        throw new TestFailure(arityMessage(name, names.length, names.length, args.length), s.pos);
      const values = args.map((a) => this.argument(a));
      this.scoped(() => {
        for (const [i, n] of names.entries()) this.bind(n, values[i]!);
        this.run(body);
      });
    }
  }
}

/** How the statements that take fixed arguments are written (check says it too: check-tests.ts). */
export const USAGE = {
  def: `def takes a name and a value: (def t (deploy-file "token.lisp"))`,
  "assert-eq": "assert-eq takes an expected and an actual value",
  "deploy-file": "deploy-file takes the path of a .lisp file, as a string",
};

type Statement = (chain: TestChain, args: Form[], s: Form) => void;

/** (expect-abort ["message"] statement…) and (expect-status N statement…): the body must end so. */
const expect =
  (abort: boolean): Statement =>
  (chain, args, s) => {
    if (!abort && (args[0]?.kind !== "int" || args[0].value < 1n || args[0].value > 3n))
      throw new TestFailure("expect-status takes a status from 1 to 3, then statements", s.pos);
    const want = abort ? 1n : (args[0] as Form & { kind: "int" }).value;
    const message = abort && args[0]?.kind === "string" ? args[0].value : undefined;
    const body = abort ? args.slice(message === undefined ? 0 : 1) : args.slice(1);
    const what = abort ? `an abort${message ? ` with "${message}"` : ""}` : `status ${want}`;
    try {
      chain.run(body); // test forms too: (expect-abort (as bob (call …)))
    } catch (e) {
      if (!(e instanceof Failed)) throw e;
      if (BigInt(e.status) !== want || (message && !e.error.includes(message)))
        throw new TestFailure(`expected ${what}, got ${e.message}`);
      return;
    }
    throw new TestFailure(`expected ${what}, but every statement succeeded`, s.pos);
  };

/**
 * The test language's statement forms besides do and let, by head (`s` is the statement): a
 * `do` (or `let`) holding none of them is one program.
 */
export const STATEMENTS: Record<string, Statement> = {
  def(chain, args, s) {
    if (args[0]?.kind !== "symbol" || args.length !== 2) throw new TestFailure(USAGE.def, s.pos);
    chain.bind(args[0].name, chain.value(args[1]!)); // bound for every later statement
  },
  as(chain, args, s) {
    const who = chain.value(args[0] ?? { kind: "nil", pos: s.pos });
    if (!ADDRESS.test(who)) throw new TestFailure(`as takes an address, got ${who}`, s.pos);
    chain.scoped(() => chain.run(args.slice(1)), who);
  },
  "next-block"(chain, args, s) {
    const n = args[0] === undefined ? 1n : args[0].kind === "int" ? args[0].value : 0n;
    if (n < 1n || args.length > 1)
      throw new TestFailure("next-block takes nothing or a count of blocks ≥ 1", s.pos);
    const { number, timestamp } = chain.block;
    chain.block = { ...chain.block, number: number + n, timestamp: timestamp + 12n * n };
  },
  "expect-abort": expect(true),
  "expect-status": expect(false),
  "assert-eq"(chain, args, s) {
    if (args.length !== 2) throw new TestFailure(USAGE["assert-eq"], s.pos);
    // both in one transaction (`events` in it: those of the transaction before)
    const both = readOne(chain.value(list(s.pos, [sym("list", s.pos), ...args])));
    const [expected, actual] = (both as ListForm).items.map(printForm);
    if (expected !== actual)
      throw new TestFailure(
        `assert-eq at ${s.pos.line}:${s.pos.col}: expected ${expected}, got ${actual} (${printForm(args[1]!)})`,
      );
  },
};

// The values a test bound (with let or def) written into a statement as literals, so that the
// transaction it runs is what its author would have written by hand.

/**
 * The form with each bound name (not shadowed by a let, loop or fn inside it, not in quoted data)
 * replaced by its value: a literal, or quoted when the printed value would read as code (a list, a
 * symbol).
 */
export function substitute(f: Form, bound: Map<string, string>, shadowed: Set<string>): Form {
  if (f.kind === "symbol") {
    const v = bound.get(f.name);
    if (v === undefined || shadowed.has(f.name)) return f;
    const literal = readOne(v);
    const plain = literal.kind !== "list" && literal.kind !== "symbol";
    return plain ? { ...literal, pos: f.pos } : list(f.pos, [sym("quote", f.pos), literal]);
  }
  // quoted data is data, and a contract is closed code: it cannot refer to the test's names
  if (f.kind !== "list" || isHead(f, "quote") || isHead(f, "contract")) return f;
  const binder = ["let", "loop", "fn"].find((h) => isHead(f, h));
  if (!binder || f.items[1]?.kind !== "list")
    return { ...f, items: f.items.map((x) => substitute(x, bound, shadowed)) };
  // (let ((x e)…) body…): each e sees the names bound before it (let is sequential); the body all of them
  const inner = new Set(shadowed);
  const bindings = f.items[1].items.map((b) => {
    if (binder === "fn") {
      if (b.kind === "symbol") inner.add(b.name);
      return b;
    }
    if (b.kind !== "list" || b.items[0]?.kind !== "symbol") return b;
    const init = b.items[1] ? [substitute(b.items[1], bound, binder === "let" ? inner : shadowed)] : [];
    inner.add(b.items[0].name);
    return { ...b, items: [b.items[0], ...init] };
  });
  const body = f.items.slice(2).map((x) => substitute(x, bound, inner));
  return { ...f, items: [f.items[0]!, { ...f.items[1], items: bindings }, ...body] };
}
