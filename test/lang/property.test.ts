// Properties over random inputs: printing round-trips, and no input whatsoever makes the reader,
// the compiler or the VM throw a host exception.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { makeDict } from "../../src/lang/builtins.ts";
import { readValue } from "../../src/lang/data.ts";
import { DataError } from "../../src/lang/errors.ts";
import { printValue } from "../../src/lang/printer.ts";
import { rt } from "../../src/lang/runtime.ts";
import { Address, Sym, type Value, valuesEqual } from "../../src/lang/values.ts";
import { evaluate } from "../../src/lang/vm.ts";

const symbolName = fc
  .stringMatching(/^[a-z][a-z0-9?!*<>=-]{0,8}$/)
  .filter((s) => !["true", "false", "nil", "dict", "quote"].includes(s));
const keyArb = fc.oneof(
  fc.bigInt({ min: -(1n << 255n), max: 1n << 255n }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.boolean(),
  symbolName.map((s) => Sym.of(s)),
  fc.stringMatching(/^[0-9a-f]{40}$/).map((h) => new Address(`0x${h}`)),
);
const { value: dataArb } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    keyArb,
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(keyArb, tie("value")), { maxLength: 4 }).map((pairs) => {
      rt.gas = 1e9; // makeDict charges gas; outside a run there is plenty
      return makeDict(pairs.flat());
    }),
  ),
}));

describe("printing", () => {
  it("readValue(print(v)) = v for all data", () => {
    fc.assert(
      fc.property(dataArb, (v) => {
        expect(valuesEqual(readValue(printValue(v)), v)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("quoted printed data evaluates back to itself when it holds no dict", () => {
    fc.assert(
      fc.property(dataArb, (v) => {
        const printed = printValue(v);
        if (printed.includes("(dict")) return;
        const r = evaluate(`(quote ${printed})`, { gas: 1e9, host: emptyWorld() });
        if ("code" in r) throw r;
        expect(r.printed).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });

  it("is canonical: equal values print the same, different values differently", () => {
    fc.assert(
      fc.property(dataArb, dataArb, (a, b) => {
        expect(printValue(a) === printValue(b)).toBe(valuesEqual(a, b));
      }),
      { numRuns: 500 },
    );
  });
});

const TOKENS = [
  "(",
  ")",
  "(",
  ")",
  "'",
  '"',
  "x",
  "1",
  "-5",
  "0x",
  `0x${"ab".repeat(20)}`,
  "+",
  "-",
  "*",
  "/",
  "mod",
  "if",
  "let",
  "fn",
  "loop",
  "recur",
  "cond",
  "else",
  "do",
  "and",
  "or",
  "quote",
  "list",
  "cons",
  "first",
  "rest",
  "map",
  "fold",
  "filter",
  "range",
  "dict",
  "get",
  "assoc",
  "str",
  "keccak256",
  "len",
  "append",
  "deploy",
  "contract",
  "defvar",
  "defmap",
  "defn",
  "defview",
  "set!",
  "put!",
  "call",
  "try-call",
  "emit",
  "abort",
  "assert",
  "transfer",
  "balance",
  "self",
  "sender",
  "nil",
  "true",
  "false",
  "((x 1))",
  "(a b)",
  "\n",
  " ",
  ";c\n",
  "\\",
  "é",
  "\u0000",
];

function outcome(src: string): string {
  const r = evaluate(src, { gas: 200_000, host: emptyWorld() });
  if (r instanceof DataError) return "E_DATA";
  expect([0, 1, 2, 3]).toContain(r.status);
  expect(r.error === null).toBe(r.status === 0);
  return String(r.status);
}

describe("fuzz: never a host exception", () => {
  it("10,000 random byte strings", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        outcome(new TextDecoder().decode(bytes));
      }),
      { numRuns: 10_000 },
    );
  });

  it("10,000 random token soups", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (tokens) => {
        outcome(tokens.join(" "));
      }),
      { numRuns: 10_000 },
    );
  });

  it("well-formed random programs end with a status", () => {
    const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom("0", "1", "-1", '"s"', "nil", "true", "'a", "x", "()", `${(1n << 255n).toString()}`),
        fc
          .tuple(fc.constantFrom(...TOKENS.slice(13, 40)), fc.array(tie("e"), { maxLength: 3 }))
          .map(([h, a]) => `(${h} ${a.join(" ")})`),
        fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(let ((x ${a})) ${b})`),
        fc.tuple(tie("e"), tie("e"), tie("e")).map(([a, b, c]) => `(if ${a} ${b} ${c})`),
        fc.tuple(tie("e")).map(([a]) => `(fn (x) ${a})`),
      ),
    })).e;
    fc.assert(
      fc.property(expr, (src) => void outcome(src)),
      { numRuns: 2_000 },
    );
  });
});

describe("specialised arithmetic (fast-ops.ts) agrees with the builtins", () => {
  const big = fc.bigInt({ min: -(1n << 256n) + 1n, max: (1n << 256n) - 1n });
  const operandArb = fc.oneof(big, fc.bigInt({ min: -5n, max: 5n }), fc.constantFrom('"s"', "nil"));
  it("on locals, constants, overflow and type errors", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("+", "-", "*", "<", "<=", ">", ">="),
        operandArb,
        operandArb,
        (op, a, b) => {
          // specialised: local op local, local op constant, and (if (op local k) …) in a loop
          const fast1 = evaluate(`(let ((a ${a}) (b ${b})) (${op} a b))`, { gas: 1e6, host: emptyWorld() });
          const fast2 =
            typeof b === "bigint"
              ? evaluate(`(let ((a ${a})) (${op} a ${b}))`, { gas: 1e6, host: emptyWorld() })
              : fast1;
          // general: the builtin called as a value
          const slow = evaluate(`((fn (f x y) (f x y)) ${op} ${a} ${b})`, { gas: 1e6, host: emptyWorld() });
          for (const r of [fast1, fast2, slow]) if ("code" in r) throw r;
          const key = (r: typeof slow) =>
            "code" in r
              ? "E"
              : `${r.status} ${r.printed} ${(r.error ?? "").replace(/ \(in .*$/, "").replace(/argument \d of /, "")}`;
          expect(key(fast1)).toBe(key(slow));
          expect(key(fast2)).toBe(key(slow));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
