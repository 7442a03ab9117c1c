// The fuzzer's grammar (issue 29): fast-check arbitraries for programs and contracts over every form of
// the language. Each case is a transaction program that deploys a generated contract, calls its
// functions (call and try-call, with arguments of every type; call-value and try-call-value, with an
// amount of every type), and then does more of its own. Names come from small pools so that most are
// bound and some are not; argument counts follow arity.ts mostly and are wrong now and then; numbers
// reach the ends of the int range; nesting goes past the reader's limit.
// test/lang/fuzz.test.ts runs a seeded sample of it; `npm run fuzz` (scripts/fuzz.ts) runs it for longer.

import fc from "fast-check";
import { ARITY } from "../../src/lang/arity.ts";

const LOCALS = ["x", "y", "z", "acc", "i"];
/** contract names: two variables, a map, the contract's functions; `c` is the deployed contract */
const GLOBALS = ["v", "w", "f", "g", "h", "k", "c"];
const CONTEXT = ["sender", "origin", "self", "block-number", "block-time", "chain-id", "gas-left"];
const UNKNOWN = ["zz", "lenn"];
const BIG = [
  "0",
  "1",
  "-1",
  "7",
  "255",
  String(2n ** 64n),
  String(2n ** 128n + 1n),
  String(2n ** 255n),
  String(2n ** 256n - 1n),
  String(-(2n ** 256n - 1n)),
];
const STRINGS = ['""', '"a"', '"héllo"', '"\\n\\t"', '"0x00"', '"yes"'];
const ADDRESSES = [
  "0x0000000000000000000000000000000000000001",
  "0x0000000000000000000000000000000000005eed",
  "0xabcdefabcdefabcdefabcdefabcdefabcdefabcd",
];
const QUOTED = ["'sym", "'f", "'h", "'nope", "'()", "'(1 2 (3))", "'(dict 1 2)", "(quote (a . b))"];
const FNS = ["'f", "'g", "'h", "'k", "'nope"];
/** the names of the arity table whose arguments are any expressions: builtins and most effects */
const PLAIN = Object.keys(ARITY).filter(
  (n) =>
    ARITY[n]!.kind === "builtin" ||
    ["abort", "assert", "balance", "transfer", "if", "do", "and", "or"].includes(n) ||
    n.startsWith("system-"),
);
/** every name of the table, for the calls that are meant to be wrong */
const TABLE = Object.keys(ARITY);

const join = (head: string, args: string[]) => `(${[head, ...args].join(" ")})`;

/** How many arguments to give `name`: what it takes, or (when `wrong`) any count near it. */
function counts(name: string, wrong: boolean): fc.Arbitrary<number> {
  const a = ARITY[name]!;
  if (wrong) return fc.integer({ min: Math.max(0, a.min - 1), max: Math.min(a.max + 1, a.min + 4) });
  return fc.integer({ min: a.min, max: Math.min(a.max, a.min + 3) });
}

const atom: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...BIG) },
  { weight: 2, arbitrary: fc.integer({ min: -50, max: 50 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...ADDRESSES) },
  { weight: 1, arbitrary: fc.constantFrom("true", "false", "nil", "()") },
  { weight: 2, arbitrary: fc.constantFrom(...QUOTED) },
  { weight: 5, arbitrary: fc.constantFrom("x", "x", "x", ...LOCALS) },
  { weight: 3, arbitrary: fc.constantFrom(...GLOBALS) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTEXT) },
  { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN, "+", "len", "map", "keccak256") },
);

/** An expression of the language, nested: every form, storage forms only inside a contract. */
const grammar = (inContract: boolean) =>
  fc.letrec<{ expr: string }>((tie) => {
    const e = tie("expr");
    const es = (min: number, max: number) => fc.array(e, { minLength: min, maxLength: max });
    const binding = fc.tuple(fc.constantFrom(...LOCALS), e).map(([n, x]) => `(${n} ${x})`);
    const callOf = (names: string[], wrong: boolean) =>
      fc
        .constantFrom(...names)
        .chain((name) => counts(name, wrong).chain((n) => es(n, n).map((args) => join(name, args))));
    // what the compiler must refuse (and check report): any form with any count, recur out of place,
    // a map as a value, nesting past the reader's limit
    const wrong = fc.oneof(
      callOf(TABLE, true),
      fc.tuple(e, e).map(([a, b]) => `(loop ((i 0)) (if (< i 3) (recur ${a} ${b}) i))`),
      e.map((a) => `(loop ((i 0)) (+ 1 (recur ${a})))`),
      fc.tuple(fc.constantFrom("get", "has?"), es(0, 3)).map(([h, args]) => join(h, ["m", ...args])),
      fc.constantFrom("m", "(m 1)", "(set! x 1)", "(put! v 1 2)", "(cond 1)", "(let (x) 1)", "(fn 1 2)"),
      fc
        .tuple(fc.integer({ min: 126, max: 135 }), e)
        .map(([d, x]) => `${"(- ".repeat(d)}${x}${")".repeat(d)}`),
    );
    const shaped = fc.oneof(
      fc
        .tuple(fc.array(binding, { maxLength: 3 }), es(1, 2))
        .map(([b, body]) => join("let", [`(${b.join(" ")})`, ...body])),
      // a loop that ends, one that recurs with the wrong count, one whose recur is not in tail position
      fc
        .tuple(fc.integer({ min: 0, max: 40 }), e, e)
        .map(([n, a, body]) => `(loop ((i 0) (acc ${a})) (if (< i ${n}) (recur (+ i 1) ${body}) acc))`),
      fc
        .tuple(fc.subarray(LOCALS, { maxLength: 3 }), e)
        .map(([ps, body]) => `(fn (${ps.join(" ")}) ${body})`),
      fc
        .tuple(fc.subarray(LOCALS, { maxLength: 2 }), e, es(0, 3))
        .map(([ps, body, args]) => `((fn (${ps.join(" ")}) ${body}) ${args.join(" ")})`),
      fc.tuple(e, e, e).map(([a, b, d]) => `(cond (${a} ${b}) (else ${d}))`),
      fc
        .tuple(fc.constantFrom("map", "filter"), e, e)
        .map(([h, body, n]) => `(${h} (fn (x) ${body}) (range ${n}))`),
      fc.tuple(e, e).map(([body, l]) => `(fold (fn (acc x) ${body}) 0 ${l})`),
      ...(inContract
        ? [
            fc.tuple(fc.constantFrom("get", "has?", "del!"), e).map(([h, key]) => `(${h} m ${key})`),
            fc.tuple(e, e).map(([key, val]) => `(put! m ${key} ${val})`),
            fc.tuple(fc.constantFrom("v", "w"), e).map(([n, val]) => `(set! ${n} ${val})`),
          ]
        : [e.map((key) => `(get (dict 1 2 "a" 3) ${key} 0)`)]),
      es(0, 3).map((args) => join("emit", ["Ev", ...args])),
      fc
        .tuple(
          fc.constantFrom("call", "try-call"),
          fc.constantFrom("c", "self", ADDRESSES[0]!, "x"),
          fc.constantFrom(...FNS),
          es(0, 2),
        )
        .map(([h, to, fname, args]) => join(h, [to, fname, ...args])),
      // payable calls: an amount of every kind (negative, huge, not an int) before the function's name
      fc
        .tuple(
          fc.constantFrom("call-value", "try-call-value"),
          fc.constantFrom("c", "self", ADDRESSES[0]!, "x"),
          e,
          fc.constantFrom(...FNS),
          es(0, 2),
        )
        .map(([h, to, n, fname, args]) => join(h, [to, n, fname, ...args])),
      fc.tuple(e, e).map(([init, body]) => `(deploy (contract Sub (defvar q ${init}) (defn p (x) ${body})))`),
      fc.tuple(e, e).map(([to, n]) => `(transfer ${to} ${n})`),
      // deep nesting, up to the reader's limit of 128
      fc
        .tuple(fc.integer({ min: 20, max: 90 }), e)
        .map(([d, x]) => `${"(+ 1 ".repeat(d)}${x}${")".repeat(d)}`),
      fc
        .tuple(fc.integer({ min: 1, max: 12 }), e)
        .map(([d, x]) => `${"(str ".repeat(d)}${x} ${x}${")".repeat(d)}`),
      fc.tuple(e, e).map(([s, n]) => `(keccak256 (str ${s} ${n}))`),
      fc.tuple(fc.constantFrom("f", "g", "h", "k", "x"), es(0, 3)).map(([h, args]) => join(h, args)),
    );
    return {
      expr: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        { weight: 30, arbitrary: atom },
        { weight: 25, arbitrary: callOf(PLAIN, false) },
        { weight: 25, arbitrary: shaped },
        { weight: 1, arbitrary: wrong },
      ),
    };
  }).expr;

/** An expression of a contract's code: storage forms apply. */
export const expr = grammar(true);
/** An expression of a transaction program: no storage of its own. */
export const scriptExpr = grammar(false);

/** One contract: two variables, a map, public, private and view functions, and one of no arguments. */
export const contract: fc.Arbitrary<string> = fc
  .tuple(expr, expr, expr, expr, expr)
  .map(
    ([init, f, g, h, k]) =>
      `(contract F\n  (defvar v ${init})\n  (defvar w 0)\n  (defmap m)\n  (defn f (x) ${f})\n  (defn- g (x y) ${g})\n  (defview h (x) ${h})\n  (defn k () ${k}))`,
  );

/** A fuzz case: a contract and a transaction program that deploys it, calls it, and does more. */
export interface FuzzCase {
  contract: string;
  program: string;
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    contract,
    fc.array(
      fc.tuple(
        fc.constantFrom("call", "try-call"),
        fc.constantFrom(...FNS),
        fc.array(scriptExpr, { maxLength: 2 }),
      ),
      { maxLength: 4 },
    ),
    scriptExpr,
  )
  .map(([source, calls, tail]) => ({
    contract: source,
    program: `(let ((c (deploy ${source})))\n  ${[...calls.map(([h, fname, args]) => join(h, ["c", fname, ...args])), tail].join("\n  ")})`,
  }));
