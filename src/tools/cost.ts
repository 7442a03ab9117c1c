// The static gas bound of `tinychain check` (docs/contracts.md "Gas bounds"): for each function of a
// contract, the most gas one call of it can use, read off the author's text the way Clarity's cost
// analysis reads a contract. It mirrors every charge site of the VM (compile.ts, special-forms.ts,
// fast-ops.ts, builtins.ts, effects.ts, runtime.ts) and takes the dearer branch of each
// `if`. What depends on the size of data at run time (bytes stored, elements copied, nodes of a value
// crossing a boundary) is not a number here but a term: "+ 20/byte written". A loop, a recursive call, a
// call of another contract or a `map` over a list of unknown length has no bound: the answer names it.
// test/lang/cost.test.ts runs the examples and random calls with those per-size prices set to zero and
// checks that no call ever uses more than the fixed part.

import { arityProblem } from "../lang/arity.ts";
import { BUILTINS } from "../lang/builtins.ts";
import type { Pos } from "../lang/errors.ts";
import { GAS } from "../lang/gas.ts";
import type { ListForm } from "../lang/reader.ts";
import { type Form, symbolName } from "../lang/reader.ts";
import { CONTEXT } from "../lang/runtime.ts";
import { contractsIn, type Definition, definitions, kindOf } from "./check.ts";

/** What a size-dependent charge is proportional to, and its price per unit. */
export const UNITS = {
  "byte read": GAS.storageReadByte,
  "byte written": GAS.storageWriteByte,
  "byte emitted": GAS.eventByte,
  "byte of a string": GAS.perByte,
  "byte printed": GAS.perByte + GAS.printPiece,
  element: GAS.perElement,
  "pair of nodes compared": 2 * GAS.perElement,
  "int made by range": GAS.perElement + GAS.newValue,
  "node of data": GAS.dataNode,
  "big-number word": GAS.arithmeticWord,
  "hashed word": GAS.keccakWord,
  "byte of code": GAS.deployByte,
} as const;
export type Unit = keyof typeof UNITS;
const ORDER = Object.keys(UNITS) as Unit[];

export type GasBound =
  | { contract: string; fn: string; pos: Pos; gas: number; per: Unit[] }
  | { contract: string; fn: string; pos: Pos; unbounded: string; at: Pos };

/** The cost of evaluating a form, and what is known of its value. */
interface Est {
  gas: number;
  per: Set<Unit>;
  /** a list's length, when the text fixes it (a literal list, `(range 10)`) */
  count?: number;
  /** a function value: the cost of one call of it (overhead included), when known */
  fn?: Est;
}

class Unbounded {
  constructor(
    readonly why: string,
    readonly pos: Pos,
  ) {}
}

type Env = Map<string, Est>;

const est = (gas: number, ...per: Unit[]): Est => ({ gas, per: new Set(per) });
function add(into: Est, ...others: Est[]): Est {
  for (const o of others) {
    into.gas += o.gas;
    for (const u of o.per) into.per.add(u);
  }
  return into;
}
const sum = (parts: Est[]): Est => add(est(0), ...parts);
/** `into`, knowing of its value what is known of `from`'s (a list's length, a function's cost) */
function knownOf(from: Est, into: Est): Est {
  if (from.count !== undefined) into.count = from.count;
  if (from.fn) into.fn = from.fn;
  return into;
}
/** a storage write, priced as a new slot; a map key, checked to be data and printed */
const store = () => est(GAS.storageCreate, "byte written", "node of data");
const mapKey = () => est(0, "node of data", "byte of a string");
function dearer(a: Est, b: Est): Est {
  const out = est(Math.max(a.gas, b.gas), ...a.per, ...b.per);
  if (a.count !== undefined && b.count !== undefined) out.count = Math.max(a.count, b.count);
  return out;
}
/** dict look-ups charge log2(size + 1): a dict (a JS array of entries) has fewer than 2^32 entries */
const LOG_SIZE_BOUND = 32;
const log2ceil = (n: number) => (n <= 1 ? 1 : Math.ceil(Math.log2(n)));
const ops = (n: number) => GAS.arithmetic * Math.max(1, n - 1);
type Rule = (n: number) => [number, ...Unit[]];
/** a charge that does not depend on the number of arguments (these prices are fixed: never per size) */
const fixed =
  (gas: number, ...units: Unit[]): Rule =>
  () => [gas, ...units];
const all = (names: string[], rule: Rule) => Object.fromEntries(names.map((name) => [name, rule]));
/** The builtins and effects whose charge needs no list length: gas for n arguments, and what else it
 *  scales with (list, cons, rest, reverse, append, map, filter and fold count lengths in Walker.builtin). */
const SIMPLE: Record<string, Rule> = {
  ...all(["+", "-", "<", "<=", ">", ">="], (n) => [ops(n)]),
  // `not` pays arithmetic, less
  ...all(
    ["not", ...Object.keys(BUILTINS).filter((b) => b.endsWith("?") && b !== "has?")],
    fixed(GAS.predicate),
  ),
  "*": (n) => [ops(n), "big-number word"],
  ...all(["/", "mod"], fixed(GAS.arithmetic, "big-number word")),
  ...all(["=", "!="], fixed(GAS.equal, "pair of nodes compared", "byte of a string")),
  str: fixed(GAS.collection, "byte printed"),
  keccak256: fixed(GAS.keccak, "hashed word"),
  ...all(["first", "nth"], fixed(GAS.collection)),
  len: fixed(GAS.collection, "byte of a string"),
  ...all(["get", "has?"], fixed(GAS.collection + GAS.dictStep * LOG_SIZE_BOUND)),
  ...all(["assoc", "dissoc", "keys", "vals"], fixed(0, "element")),
  range: fixed(0, "int made by range"), // a literal length is counted by walk
  dict: (n) => [GAS.collection + GAS.dictStep * (n / 2) * log2ceil(n / 2 + 1)],
  // the effects' own charges (forms.ts; a call of another contract has no bound: Walker.walk)
  emit: fixed(GAS.event, "byte emitted", "node of data"),
  assert: fixed(GAS.control, "byte printed"), // the message is printed when it fails
  abort: fixed(0, "byte printed"), // its message printed
  ...all(["transfer", "system-mint", "system-move"], fixed(GAS.transfer)),
  ...all(["balance", "system-supply"], fixed(GAS.balance)),
};

/** The bound of every function of every contract in a file's forms (contracts deployed inside too). */
export function gasBounds(forms: Form[]): GasBound[] {
  return contractsIn(forms).flatMap((f) => new Walker(f).bounds());
}

class Walker {
  private readonly name: string;
  private readonly vars = new Map<string, Definition>();
  readonly maps = new Map<string, Definition>();
  readonly fns = new Map<string, Definition>();
  private readonly memo = new Map<string, Est>();
  private readonly calling: string[] = [];

  constructor(form: ListForm) {
    this.name = symbolName(form.items[1]) ?? "?";
    for (const d of definitions(form))
      if (d.head === "defvar") this.vars.set(d.name, d);
      else if (d.head === "defmap") this.maps.set(d.name, d);
      else if (d.params) this.fns.set(d.name, d);
  }

  bounds(): GasBound[] {
    return [...this.fns].map(([fn, { pos }]) => {
      const base = { contract: this.name, fn, pos };
      try {
        // a call from outside: the call itself, the body, and the returned value checked to be data
        const e = add(est(0, "node of data"), this.callOf(fn)); // (callOf's answer is memoised: not changed)
        return { ...base, gas: e.gas, per: ORDER.filter((u) => e.per.has(u)) };
      } catch (u) {
        if (!(u instanceof Unbounded)) throw u;
        return { ...base, unbounded: u.why, at: u.pos };
      }
    });
  }

  /** What deploying this contract costs: the code, then each defvar's initialiser called and stored. */
  deployCost(env: Env): Est {
    const e = est(GAS.deploy, "byte of code");
    for (const { body } of this.vars.values())
      for (const init of body) add(e, est(GAS.call), this.walk(init, env), store());
    return e;
  }

  /** One call of a function of this contract: the call's overhead and its body. */
  private callOf(name: string): Est {
    const known = this.memo.get(name);
    if (known) return known;
    const fn = this.fns.get(name)!;
    if (this.calling.includes(name)) throw new Unbounded(`recursive call of ${name}`, fn.pos);
    this.calling.push(name);
    try {
      const e = this.called(fn.params!, fn.body, new Map());
      this.memo.set(name, e);
      return e;
    } finally {
      this.calling.pop();
    }
  }

  /** One call of a function: its overhead, then its body with its parameters bound (to values unknown). */
  private called(params: string[], body: Form[], env: Env): Est {
    const inner: Env = new Map(env);
    for (const p of params) inner.set(p, est(0));
    return add(est(GAS.call + GAS.callArgument * params.length), this.body(body, inner));
  }

  private body(forms: Form[], env: Env): Est {
    const parts = forms.map((f) => this.walk(f, env));
    const last = parts.at(-1) ?? est(0);
    const e = add(sum(parts), est(GAS.control * Math.max(0, forms.length - 1)));
    return knownOf(last, e);
  }

  private walk(f: Form, env: Env): Est {
    if (f.kind === "symbol") return this.symbol(f.name, env);
    if (f.kind !== "list") return est(0);
    if (f.items.length === 0) return { ...est(0), count: 0 };
    const head = symbolName(f.items[0])!;
    const args = f.items.slice(1);
    const kind = kindOf(f, (n) => env.has(n), this);
    if (kind === "value") {
      // a call through a value: the value's own call cost, when the text says what it is
      const callee = this.walk(f.items[0]!, env);
      if (!callee.fn) throw new Unbounded("call of a function value not known here", f.pos);
      return add(est(callee.gas, ...callee.per), ...args.map((a) => this.walk(a, env)), callee.fn);
    }
    // the arity of every form of the table (arity.ts): a call the compiler refuses has no bound
    const problem = kind === "own" ? undefined : arityProblem(head, args.length);
    if (problem) throw new Unbounded(`does not compile: ${problem}`, f.pos);
    if (kind === "special") return this.special(head, f, env);
    const each = () => args.map((a) => this.walk(a, env));
    // the arguments after the first: a map's name, or the event's name, is not evaluated
    const rest = () => sum(args.slice(1).map((a) => this.walk(a, env)));
    if (kind === "map") return add(rest(), mapKey(), est(GAS.storageRead, "byte read"));
    if (kind === "own") return add(sum(each()), this.callOf(head));
    // call, try-call, call-value, try-call-value: the callee's gas is its own
    if (kind === "effect" && head.includes("call"))
      throw new Unbounded("call of another contract, whose gas is its own", f.pos);
    if (kind === "effect") return this.builtin(head, head === "emit" ? [rest()] : each(), f.pos);
    if (head === "range" && args[0]?.kind === "int" && args[0].value >= 0n && args[0].value < 2n ** 32n) {
      const count = Number(args[0].value);
      return { ...est((GAS.perElement + GAS.newValue) * count), count };
    }
    if (kind === "builtin") return this.builtin(head, each(), f.pos);
    return sum(each());
  }

  private symbol(name: string, env: Env): Est {
    const local = env.get(name);
    if (local) return knownOf(local, est(0));
    if (this.vars.has(name)) return est(GAS.storageRead, "byte read");
    if (this.fns.has(name)) return { ...est(0), fn: this.callOf(name) };
    if (CONTEXT[name]) return est(GAS.context);
    if (BUILTINS[name]) {
      // passed as a value (to map, fold…): applyValue's call, then the builtin itself
      try {
        const call = est(GAS.call + 2 * GAS.callArgument);
        return { ...est(0), fn: add(call, this.builtin(name, [est(0), est(0)], undefined)) };
      } catch (u) {
        if (u instanceof Unbounded) return est(0);
        throw u;
      }
    }
    return est(0);
  }

  private special(head: string, f: ListForm, env: Env): Est {
    const [, ...args] = f.items;
    const w = (g: Form, e: Env = env) => this.walk(g, e);
    const operands = () => add(est(GAS.control * args.length), ...args.map((a) => w(a)));
    const rules: Record<string, () => Est> = {
      quote: () => (args[0]?.kind === "list" ? { ...est(0), count: args[0].items.length } : est(0)),
      if: () => add(est(GAS.control), w(args[0]!), dearer(w(args[1]!), args[2] ? w(args[2]) : est(0))),
      cond: () => {
        let worst = est(0);
        const e = est(0);
        for (const c of args) {
          if (c.kind !== "list" || c.items.length === 0) continue;
          const isElse = symbolName(c.items[0]) === "else";
          add(e, est(GAS.control), isElse ? est(0) : w(c.items[0]!));
          worst = dearer(worst, this.body(c.items.slice(1), env));
        }
        return add(e, worst);
      },
      do: () => this.body(args, env),
      and: operands,
      or: operands,
      let: () => {
        const inner: Env = new Map(env);
        const e = est(0);
        const bindings = args[0]?.kind === "list" ? args[0].items : [];
        for (const b of bindings) {
          if (b.kind !== "list" || !b.items[1]) continue;
          const v = w(b.items[1], inner);
          add(e, est(GAS.control), v);
          const name = symbolName(b.items[0]);
          if (name) inner.set(name, v);
        }
        return add(e, this.body(args.slice(1), inner));
      },
      fn: () => {
        const params =
          args[0]?.kind === "list" ? args[0].items.flatMap((p) => (p.kind === "symbol" ? [p.name] : [])) : [];
        // captures: at most every local in scope, each copied into the closure
        const fn = this.called(params, args.slice(1), env);
        return { ...est(GAS.closure + GAS.callArgument * env.size), fn };
      },
      loop: () => {
        throw new Unbounded("loop", f.pos);
      },
      "set!": () => add(w(args[1]!), store()),
      "put!": () => add(w(args[1]!), w(args[2]!), mapKey(), store()),
      "del!": () => add(w(args[1]!), mapKey(), est(GAS.storageDelete)),
      deploy: () =>
        args[0]?.kind === "list"
          ? new Walker(args[0]).deployCost(new Map())
          : est(GAS.deploy, "byte of code"),
    };
    // any other special form: each of its arguments
    return Object.hasOwn(rules, head) ? rules[head]!() : sum(args.map((a) => w(a)));
  }

  /** A builtin called with arguments of these costs (already included) and what is known of them. */
  private builtin(name: string, args: Est[], pos: Pos | undefined): Est {
    const n = args.length;
    const e = sum(args);
    const counts = args.map((a) => a.count);
    const elements = (count: number | undefined): Est =>
      count === undefined ? add(e, est(0, "element")) : { ...add(e, est(GAS.perElement * count)), count };
    /** map, filter, fold: the function value of their first argument, called on each element */
    const each = (count: number | undefined): number => {
      const [at, fn] = [pos ?? { line: 1, col: 1 }, args[0]!.fn];
      if (count === undefined) throw new Unbounded(`${name} over a list of unknown length`, at);
      if (!fn) throw new Unbounded(`${name} of a function value not known here (its first argument)`, at);
      for (const u of fn.per) e.per.add(u);
      return count * fn.gas;
    };
    const simple = SIMPLE[name];
    if (simple) return add(e, est(...simple(n)));
    const mapped = () => ({
      ...add(e, est(each(counts[1]) + GAS.perElement * counts[1]!)),
      count: counts[1]!,
    });
    const rules: Record<string, () => Est> = {
      // collection + 2 perElement an argument (builtins.ts)
      list: () => ({ ...add(elements(2 * n), est(GAS.collection)), count: n }),
      cons: () => elements(counts[1] === undefined ? undefined : counts[1] + 1),
      rest: () => elements(counts[0]),
      reverse: () => elements(counts[0]),
      append: () =>
        elements(counts.every((c) => c !== undefined) ? counts.reduce((a, b) => a + b, 0) : undefined),
      map: mapped,
      filter: mapped,
      fold: () => add(e, est(GAS.collection + each(counts[2]) + GAS.perElement * counts[2]!)),
    };
    if (!Object.hasOwn(rules, name)) throw new Error(`cost.ts has no rule for the builtin ${name}`);
    return rules[name]!();
  }
}
