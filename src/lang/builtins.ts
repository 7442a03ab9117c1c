// The pure builtins of docs/spec.md §5: arithmetic, comparison, strings, hashing, predicates, and the list and
// dict builtins of collections.ts. Each takes evaluated arguments (arity already checked, arity.ts) and charges
// gas for work proportional to its input before doing it. Effects (storage, calls, transfers, events)
// are forms of the FORMS table (forms.ts).

import { bytesToHex, hexToBytes } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { ARITY } from "./arity.ts";
import { COLLECTIONS } from "./collections.ts";
import type { Pos } from "./errors.ts";
import { GAS, keccakGas, wordsGas } from "./gas.ts";
import { printValue } from "./printer.ts";
import { type BuiltinImpl, charge, expect, printMeter, runtimeError } from "./runtime.ts";
import {
  Address,
  Builtin,
  INT_LIMIT,
  nameTable,
  TYPES,
  truthy,
  typeName,
  utf8Length,
  type Value,
  valuesEqual,
} from "./values.ts";

export function checkRange(r: bigint, pos?: Pos): bigint {
  if (r >= INT_LIMIT || r <= -INT_LIMIT)
    runtimeError("int overflow: the result leaves the range (−2^256, 2^256)", pos);
  return r;
}

function ints(args: Value[], name: string, pos?: Pos): bigint[] {
  for (let i = 0; i < args.length; i++)
    if (typeof args[i] !== "bigint") expect(args[i]!, "int", `argument ${i + 1} of ${name}`, pos);
  return args as bigint[]; // checked in place: a message built per argument cost more than the sum
}

function printedForStr(v: Value): string {
  if (typeof v === "string") {
    charge(GAS.perByte * v.length);
    return v;
  }
  return printValue(v, { meter: printMeter });
}

/** = and != pay 2 × perElement per pair of nodes visited (both read), and per character of two strings of
 *  one length (compared in full). */
function chargeVisit(x: Value, y: Value): void {
  charge(2 * GAS.perElement);
  if (typeof x === "string" && typeof y === "string" && x.length === y.length) charge(GAS.perByte * x.length);
}

function predicate(test: (v: Value) => boolean, isNot = false): BuiltinImpl {
  return (a) => {
    charge(isNot ? GAS.arithmetic : GAS.predicate);
    return test(a[0]!);
  };
}

function compare(name: string, ok: (x: bigint, y: bigint) => boolean): BuiltinImpl {
  return (a, pos) => {
    charge(GAS.arithmetic * (a.length - 1));
    const xs = ints(a, name, pos);
    for (let i = 1; i < xs.length; i++) if (!ok(xs[i - 1]!, xs[i]!)) return false;
    return true;
  };
}

/** / and mod: BigInt division truncates toward zero, and % has the sign of the dividend (docs/spec.md §5). */
function divide(name: "/" | "mod", byZero: string): BuiltinImpl {
  return (a, pos) => {
    charge(GAS.arithmetic);
    const [x, y] = ints(a, name, pos);
    charge(wordsGas(x!));
    if (y === 0n) runtimeError(byZero, pos);
    return name === "/" ? x! / y! : x! % y!; // |x / y| ≤ |x|: never out of range
  };
}

export const BUILTINS: Record<string, BuiltinImpl> = nameTable({
  "+": (a, pos) => {
    charge(GAS.arithmetic * (a.length - 1));
    let r = 0n;
    for (const x of ints(a, "+", pos)) r = checkRange(r + x, pos);
    return r;
  },
  "-": (a, pos) => {
    charge(GAS.arithmetic * (a.length - 1));
    const xs = ints(a, "-", pos);
    let r = xs[0]!;
    for (let i = 1; i < xs.length; i++) r = checkRange(r - xs[i]!, pos);
    return r;
  },
  "*": (a, pos) => {
    charge(GAS.arithmetic * (a.length - 1));
    let r = 1n;
    for (const x of ints(a, "*", pos)) {
      r = checkRange(r * x, pos);
      charge(wordsGas(r));
    }
    return r;
  },
  "/": divide("/", "division by zero"),
  mod: divide("mod", "division by zero in mod"),
  "=": (a) => {
    charge(GAS.equal);
    for (let i = 1; i < a.length; i++) if (!valuesEqual(a[0]!, a[i]!, chargeVisit)) return false;
    return true;
  },
  "!=": (a) => {
    charge(GAS.equal);
    return !valuesEqual(a[0]!, a[1]!, chargeVisit);
  },
  "<": compare("<", (x, y) => x < y),
  "<=": compare("<=", (x, y) => x <= y),
  ">": compare(">", (x, y) => x > y),
  ">=": compare(">=", (x, y) => x >= y),
  not: predicate((v) => !truthy(v), true),

  ...COLLECTIONS,

  str: (a) => {
    charge(GAS.collection);
    let out = "";
    for (const v of a) out += printedForStr(v);
    return out;
  },
  keccak256: (a, pos) => {
    const v = a[0]!;
    let bytes: Uint8Array;
    if (typeof v === "string") {
      charge(keccakGas(utf8Length(v)));
      bytes = new TextEncoder().encode(v);
    } else if (v instanceof Address) {
      charge(keccakGas(20));
      bytes = hexToBytes(v.hex.slice(2));
    } else return runtimeError(`keccak256 takes a string or an address, got ${typeName(v)}`, pos);
    return BigInt(`0x${bytesToHex(keccak256(bytes))}`);
  },

  // int? string? address? list? dict? nil? bool? symbol? fn?: one per type
  ...Object.fromEntries(TYPES.map((type) => [`${type}?`, predicate((v) => typeName(v) === type)])),
});

/** Each builtin as a first-class value, e.g. `(fold + 0 xs)`. */
export const BUILTIN_VALUES: Record<string, Builtin> = nameTable(
  Object.fromEntries(
    Object.entries(BUILTINS).map(([name, impl]) => {
      const { min, max } = ARITY[name]!; // every builtin has its arity
      return [name, new Builtin(name, min, max, impl)];
    }),
  ),
);
