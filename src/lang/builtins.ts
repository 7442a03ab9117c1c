// The pure builtins of docs/spec.md §5: arithmetic, comparison, strings, hashing, predicates, and the list
// (list cons first rest nth len append reverse map filter fold range) and dict builtins (dict get assoc
// dissoc keys vals has?). Each takes evaluated arguments (arity already checked, arity.ts) and charges
// gas for work proportional to its input before doing it; the list and dict builtins charge per
// element before they allocate, so memory stays within MEMORY_BYTES_PER_GAS (gas.ts). Effects
// (storage, calls, transfers, events) are forms of the FORMS table (forms.ts).

import { bytesToHex, hexToBytes } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { ARITY } from "./arity.ts";
import type { Pos } from "./errors.ts";
import { applyBinary, type BinOp, OP_CODES } from "./fast-ops.ts";
import { GAS, keccakGas, wordsGas } from "./gas.ts";
import {
  asText,
  type BuiltinImpl,
  caller,
  charge,
  expect,
  outOfGas,
  rt,
  runtimeError,
  type Typed,
} from "./runtime.ts";
import {
  Address,
  Builtin,
  compareKeys,
  Dict,
  type DictKey,
  isDictKey,
  nameTable,
  TYPES,
  truthy,
  typeName,
  utf8Length,
  type Value,
  valuesEqual,
} from "./values.ts";

/** 0 … 65535 as bigints, made once: `range` hands them out instead of allocating one per element. */
const SMALL_INTS: readonly bigint[] = Array.from({ length: 65536 }, (_, i) => BigInt(i));

/** Charges `perElement × n` before an allocation of n elements; refuses sizes gas could never pay. */
export function chargeElements(n: number | bigint, per: number = GAS.perElement): number {
  const big = BigInt(n);
  if (big < 0n) return 0;
  if (big * BigInt(per) > BigInt(rt.gas)) outOfGas();
  charge(Number(big) * per);
  return Number(big);
}

function asDictKey(v: Value, what: string, pos?: Pos): DictKey {
  if (!isDictKey(v))
    runtimeError(`${what} must be an int, string, address, symbol or bool, got ${typeName(v)}`, pos);
  return v;
}

function log2ceil(n: number): number {
  return n <= 1 ? 1 : Math.ceil(Math.log2(n));
}

/** Builds a dict from key/value pairs in one sort (later duplicates win). */
export function makeDict(pairs: Value[], pos?: Pos): Dict {
  const n = pairs.length / 2;
  charge(GAS.collection + GAS.dictStep * n * log2ceil(n + 1));
  const entries: [DictKey, Value][] = [];
  for (let i = 0; i < pairs.length; i += 2)
    entries.push([asDictKey(pairs[i]!, "a dict key", pos), pairs[i + 1]!]);
  // stable sort keeps insertion order among equal keys; the last of equal keys wins
  entries.sort((a, b) => compareKeys(a[0], b[0]));
  const out: [DictKey, Value][] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && compareKeys(last[0], e[0]) === 0) out[out.length - 1] = e;
    else out.push(e);
  }
  return new Dict(out);
}

/** (map f list) and (filter f list): one call of f per element, charged per element first. */
function mapOrFilter(a: Value[], name: "map" | "filter", pos?: Pos): Value[] {
  const f = a[0]!;
  const l = expect(a[1]!, "list", `the second argument of ${name}`, pos);
  chargeElements(l.length);
  const out: Value[] = [];
  const { call, done } = caller(f, 1, pos);
  if (name === "map") for (const x of l) out.push(call(x));
  else for (const x of l) if (truthy(call(x))) out.push(x);
  done();
  return out;
}

/** rest, reverse, keys, vals: one list or dict, charged per element, then copied. */
function copying<T extends "list" | "dict">(
  name: string,
  type: T,
  copy: (c: Typed[T]) => Value[],
): BuiltinImpl {
  const what = `the argument of ${name}`;
  return (a, pos) => {
    const c = expect(a[0]!, type, what, pos);
    chargeElements(c instanceof Dict ? c.size : c.length);
    return copy(c);
  };
}

/** get, has?: a dict's entry, paying per halving of the dict in the key search. */
function lookup(name: string, a: Value[], pos?: Pos): Value | undefined {
  const d = expect(a[0]!, "dict", `the first argument of ${name}`, pos);
  charge(GAS.collection + GAS.dictStep * log2ceil(d.size + 1));
  return d.get(asDictKey(a[1]!, `the key of ${name}`, pos));
}

/** The list and dict builtins: every one charges per element before it allocates (MEMORY_BYTES_PER_GAS, gas.ts). */
const COLLECTIONS: Record<string, BuiltinImpl> = {
  list: (a) => {
    charge(GAS.collection + 2 * GAS.perElement * a.length); // each argument evaluated, then its slot
    return a; // every caller hands a builtin a fresh array of its arguments
  },
  cons: (a, pos) => {
    const l = expect(a[1]!, "list", "the second argument of cons", pos);
    chargeElements(l.length + 1);
    return [a[0]!].concat(l);
  },
  first: (a, pos) => {
    charge(GAS.collection);
    const l = expect(a[0]!, "list", "the argument of first", pos);
    return l.length > 0 ? l[0]! : null;
  },
  rest: copying("rest", "list", (l) => l.slice(1)),
  nth: (a, pos) => {
    charge(GAS.collection);
    const l = expect(a[0]!, "list", "the first argument of nth", pos);
    const i = expect(a[1]!, "int", "the index of nth", pos);
    if (i < 0n || i >= l.length) runtimeError(`index ${i} is out of range for a list of ${l.length}`, pos);
    return l[Number(i)]!;
  },
  len: (a, pos) => {
    charge(GAS.collection);
    const v = a[0]!;
    if (Array.isArray(v)) return BigInt(v.length);
    if (v instanceof Dict) return BigInt(v.size);
    if (typeof v === "string") {
      charge(GAS.perByte * v.length);
      return BigInt(utf8Length(v));
    }
    return runtimeError(`len takes a list, dict or string, got ${typeName(v)}`, pos);
  },
  append: (a, pos) => {
    const lists = a.map((l, i) => expect(l, "list", `argument ${i + 1} of append`, pos));
    chargeElements(lists.reduce((n, l) => n + l.length, 0));
    return ([] as Value[]).concat(...lists);
  },
  reverse: copying("reverse", "list", (l) => l.slice().reverse()),
  map: (a, pos) => mapOrFilter(a, "map", pos),
  filter: (a, pos) => mapOrFilter(a, "filter", pos),
  fold: (a, pos) => {
    const f = a[0]!;
    const l = expect(a[2]!, "list", "the third argument of fold", pos);
    charge(GAS.collection + GAS.perElement * l.length); // a pass over the list, as map and filter pay
    let acc: Value = a[1]!;
    const { call, done } = caller(f, 2, pos);
    for (let i = 0; i < l.length; i++) acc = call(acc, l[i]!);
    done();
    return acc;
  },
  range: (a, pos) => {
    const n = expect(a[0]!, "int", "the argument of range", pos);
    if (n < 0n) runtimeError(`range takes a non-negative int, got ${n}`, pos);
    const count = chargeElements(n, GAS.perElement + GAS.newValue);
    const out: Value[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = i < SMALL_INTS.length ? SMALL_INTS[i]! : BigInt(i);
    return out;
  },

  dict: (a, pos) => {
    if (a.length % 2 !== 0) runtimeError(`dict takes key/value pairs, got ${a.length} arguments`, pos);
    return makeDict(a, pos);
  },
  get: (a, pos) => {
    const v = lookup("get", a, pos);
    return v === undefined ? (a[2] ?? null) : v;
  },
  assoc: (a, pos) => {
    const d = expect(a[0]!, "dict", "the first argument of assoc", pos);
    chargeElements(d.size + 1);
    return d.assoc(asDictKey(a[1]!, "the key of assoc", pos), a[2]!);
  },
  dissoc: (a, pos) => {
    const d = expect(a[0]!, "dict", "the first argument of dissoc", pos);
    chargeElements(d.size);
    return d.dissoc(asDictKey(a[1]!, "the key of dissoc", pos));
  },
  keys: copying("keys", "dict", (d) => d.entries.map((e) => e[0])),
  vals: copying("vals", "dict", (d) => d.entries.map((e) => e[1])),
  "has?": (a, pos) => lookup("has?", a, pos) !== undefined,
};

function ints(args: Value[], name: string, pos?: Pos): bigint[] {
  for (let i = 0; i < args.length; i++)
    if (typeof args[i] !== "bigint") expect(args[i]!, "int", `argument ${i + 1} of ${name}`, pos);
  return args as bigint[]; // checked in place: a message built per argument cost more than the sum
}

/** = and != pay 2 × perElement per pair of nodes visited (both read), and per character of two strings of
 *  one length (compared in full). */
function chargeVisit(x: Value, y: Value): void {
  charge(2 * GAS.perElement);
  if (typeof x === "string" && typeof y === "string" && x.length === y.length) charge(GAS.perByte * x.length);
}

/** = : every argument equal to the first. */
function equal(a: Value[]): boolean {
  charge(GAS.equal);
  for (let i = 1; i < a.length; i++) if (!valuesEqual(a[0]!, a[i]!, chargeVisit)) return false;
  return true;
}

function predicate(test: (v: Value) => boolean, isNot = false): BuiltinImpl {
  return (a) => {
    charge(isNot ? GAS.arithmetic : GAS.predicate);
    return test(a[0]!);
  };
}

/**
 * + - * and the comparisons, of any number of ints: fast-ops.ts' op on each pair. + and * fold from
 * their identity (so * pays for the words of its first argument), - from its first argument; a
 * comparison holds when it holds for every neighbouring pair.
 */
function arithmetic(op: BinOp): BuiltinImpl {
  const code = OP_CODES[op];
  const from = op === "-" ? 1 : 0;
  return (a, pos) => {
    charge(GAS.arithmetic * (a.length - 1));
    const xs = ints(a, op, pos);
    if (code >= OP_CODES["<"]) {
      for (let i = 1; i < xs.length; i++) if (!applyBinary(code, xs[i - 1]!, xs[i]!, pos)) return false;
      return true;
    }
    let r = from === 1 ? xs[0]! : op === "*" ? 1n : 0n;
    for (let i = from; i < xs.length; i++) r = applyBinary(code, r, xs[i]!, pos) as bigint;
    return r;
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
  ...Object.fromEntries(["+", "-", "*"].map((op) => [op, arithmetic(op as BinOp)])),
  "/": divide("/", "division by zero"),
  mod: divide("mod", "division by zero in mod"),
  "=": equal,
  // (!= a b) is (not (= a b)), at the same price as =
  "!=": (a) => !equal(a),
  ...Object.fromEntries(["<", "<=", ">", ">="].map((op) => [op, arithmetic(op as BinOp)])),
  not: predicate((v) => !truthy(v), true),

  ...COLLECTIONS,

  str: (a) => {
    charge(GAS.collection);
    let out = "";
    for (const v of a) {
      if (typeof v === "string") charge(GAS.perByte * v.length); // str pays for a string's bytes too
      out += asText(v);
    }
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
