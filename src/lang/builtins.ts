// The pure builtins of SPEC 5: arithmetic, comparison, lists, dicts, strings, hashing, predicates.
// Each takes evaluated arguments (arity already checked) and charges gas for work proportional to its
// input before doing it. Effects (storage, calls, transfers, events) are special forms in compile.ts.

import { bytesToHex, hexToBytes } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import type { Pos } from "./errors.ts";
import { GAS, keccakGas } from "./gas.ts";
import { printValue } from "./printer.ts";
import { caller, charge, expectInt, expectList, outOfGas, rt, runtimeError } from "./runtime.ts";
import {
  Address,
  Builtin,
  Closure,
  compareKeys,
  Dict,
  type DictKey,
  INT_LIMIT,
  isDictKey,
  Sym,
  truthy,
  typeName,
  utf8Length,
  type Value,
  valuesEqual,
} from "./values.ts";

/** 0 … 65535 as bigints, made once: `range` hands them out instead of allocating one per element. */
const SMALL_INTS: readonly bigint[] = Array.from({ length: 65536 }, (_, i) => BigInt(i));

export type BuiltinImpl = (args: Value[], pos?: Pos) => Value;

export interface BuiltinSpec {
  min: number;
  max: number;
  impl: BuiltinImpl;
}

export function checkRange(r: bigint, pos?: Pos): bigint {
  if (r >= INT_LIMIT || r <= -INT_LIMIT)
    runtimeError("int overflow: the result leaves the range (−2^256, 2^256)", pos);
  return r;
}

function ints(args: Value[], name: string, pos?: Pos): bigint[] {
  return args.map((a, i) => expectInt(a, `argument ${i + 1} of ${name}`, pos));
}

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

function expectDict(v: Value, what: string, pos?: Pos): Dict {
  if (!(v instanceof Dict)) runtimeError(`${what} must be a dict, got ${typeName(v)}`, pos);
  return v;
}

function log2ceil(n: number): number {
  return n <= 1 ? 1 : Math.ceil(Math.log2(n));
}

/** Builds a dict from key/value pairs in one sort (later duplicates win). */
export function makeDict(pairs: Value[], pos?: Pos): Dict {
  const n = pairs.length / 2;
  charge(GAS.collection + GAS.perElement * n * log2ceil(n + 1));
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

function printedForStr(v: Value): string {
  if (typeof v === "string") {
    charge(GAS.perByte * v.length);
    return v;
  }
  return printValue(v, { meter: (n) => charge(GAS.perByte * n) });
}

function predicate(test: (v: Value) => boolean): BuiltinSpec {
  return {
    min: 1,
    max: 1,
    impl: (a) => {
      charge(GAS.arithmetic);
      return test(a[0]!);
    },
  };
}

function compare(name: string, ok: (x: bigint, y: bigint) => boolean): BuiltinSpec {
  return {
    min: 2,
    max: Infinity,
    impl: (a, pos) => {
      charge(GAS.arithmetic * (a.length - 1));
      const xs = ints(a, name, pos);
      for (let i = 1; i < xs.length; i++) if (!ok(xs[i - 1]!, xs[i]!)) return false;
      return true;
    },
  };
}

export const BUILTINS: Record<string, BuiltinSpec> = {
  "+": {
    min: 2,
    max: Infinity,
    impl: (a, pos) => {
      charge(GAS.arithmetic * (a.length - 1));
      let r = 0n;
      for (const x of ints(a, "+", pos)) r = checkRange(r + x, pos);
      return r;
    },
  },
  "-": {
    min: 2,
    max: Infinity,
    impl: (a, pos) => {
      charge(GAS.arithmetic * (a.length - 1));
      const xs = ints(a, "-", pos);
      let r = xs[0]!;
      for (let i = 1; i < xs.length; i++) r = checkRange(r - xs[i]!, pos);
      return r;
    },
  },
  "*": {
    min: 2,
    max: Infinity,
    impl: (a, pos) => {
      charge(GAS.arithmetic * (a.length - 1));
      let r = 1n;
      for (const x of ints(a, "*", pos)) r = checkRange(r * x, pos);
      return r;
    },
  },
  "/": {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      charge(GAS.arithmetic);
      const [x, y] = ints(a, "/", pos);
      if (y === 0n) runtimeError("division by zero", pos);
      return checkRange(x! / y!, pos); // BigInt division truncates toward zero
    },
  },
  mod: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      charge(GAS.arithmetic);
      const [x, y] = ints(a, "mod", pos);
      if (y === 0n) runtimeError("division by zero in mod", pos);
      return x! % y!; // the sign of the dividend, as SPEC 5 says
    },
  },
  "=": {
    min: 2,
    max: Infinity,
    impl: (a) => {
      charge(GAS.equal);
      for (let i = 1; i < a.length; i++)
        if (!valuesEqual(a[0]!, a[i]!, () => charge(GAS.perElement))) return false;
      return true;
    },
  },
  "!=": {
    min: 2,
    max: 2,
    impl: (a) => {
      charge(GAS.equal);
      return !valuesEqual(a[0]!, a[1]!, () => charge(GAS.perElement));
    },
  },
  "<": compare("<", (x, y) => x < y),
  "<=": compare("<=", (x, y) => x <= y),
  ">": compare(">", (x, y) => x > y),
  ">=": compare(">=", (x, y) => x >= y),
  not: predicate((v) => !truthy(v)),

  list: {
    min: 0,
    max: Infinity,
    impl: (a) => {
      chargeElements(a.length);
      return a.slice();
    },
  },
  cons: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const l = expectList(a[1]!, "the second argument of cons", pos);
      chargeElements(l.length + 1);
      return [a[0]!, ...l];
    },
  },
  first: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      charge(GAS.collection);
      const l = expectList(a[0]!, "the argument of first", pos);
      return l.length > 0 ? l[0]! : null;
    },
  },
  rest: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const l = expectList(a[0]!, "the argument of rest", pos);
      chargeElements(l.length);
      return l.slice(1);
    },
  },
  nth: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      charge(GAS.collection);
      const l = expectList(a[0]!, "the first argument of nth", pos);
      const i = expectInt(a[1]!, "the index of nth", pos);
      if (i < 0n || i >= BigInt(l.length))
        runtimeError(`index ${i} is out of range for a list of ${l.length}`, pos);
      return l[Number(i)]!;
    },
  },
  len: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      charge(GAS.collection);
      const v = a[0]!;
      if (Array.isArray(v)) return BigInt(v.length);
      if (v instanceof Dict) return BigInt(v.size);
      if (typeof v === "string") {
        charge(GAS.perByte * Math.ceil(v.length / 32));
        return BigInt(utf8Length(v));
      }
      return runtimeError(`len takes a list, dict or string, got ${typeName(v)}`, pos);
    },
  },
  append: {
    min: 1,
    max: Infinity,
    impl: (a, pos) => {
      const lists = a.map((l, i) => expectList(l, `argument ${i + 1} of append`, pos));
      chargeElements(lists.reduce((n, l) => n + l.length, 0));
      return ([] as Value[]).concat(...lists);
    },
  },
  reverse: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const l = expectList(a[0]!, "the argument of reverse", pos);
      chargeElements(l.length);
      return l.slice().reverse();
    },
  },
  map: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const f = a[0]!;
      const l = expectList(a[1]!, "the second argument of map", pos);
      chargeElements(l.length);
      const out: Value[] = new Array(l.length);
      const { call, done } = caller(f, 1, pos);
      for (let i = 0; i < l.length; i++) out[i] = call(l[i]!);
      done();
      return out;
    },
  },
  filter: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const f = a[0]!;
      const l = expectList(a[1]!, "the second argument of filter", pos);
      chargeElements(l.length);
      const out: Value[] = [];
      const { call, done } = caller(f, 1, pos);
      for (const x of l) if (truthy(call(x))) out.push(x);
      done();
      return out;
    },
  },
  fold: {
    min: 3,
    max: 3,
    impl: (a, pos) => {
      const f = a[0]!;
      const l = expectList(a[2]!, "the third argument of fold", pos);
      charge(GAS.collection);
      let acc: Value = a[1]!;
      const { call, done } = caller(f, 2, pos);
      for (let i = 0; i < l.length; i++) acc = call(acc, l[i]!);
      done();
      return acc;
    },
  },
  range: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const n = expectInt(a[0]!, "the argument of range", pos);
      if (n < 0n) runtimeError(`range takes a non-negative int, got ${n}`, pos);
      const count = chargeElements(n, GAS.perElement + GAS.newValue);
      const out: Value[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = i < SMALL_INTS.length ? SMALL_INTS[i]! : BigInt(i);
      return out;
    },
  },

  dict: {
    min: 0,
    max: Infinity,
    impl: (a, pos) => {
      if (a.length % 2 !== 0) runtimeError(`dict takes key/value pairs, got ${a.length} arguments`, pos);
      return makeDict(a, pos);
    },
  },
  get: {
    min: 2,
    max: 3,
    impl: (a, pos) => {
      const d = expectDict(a[0]!, "the first argument of get", pos);
      charge(GAS.collection + log2ceil(d.size + 1));
      const v = d.get(asDictKey(a[1]!, "the key of get", pos));
      return v === undefined ? (a[2] ?? null) : v;
    },
  },
  assoc: {
    min: 3,
    max: 3,
    impl: (a, pos) => {
      const d = expectDict(a[0]!, "the first argument of assoc", pos);
      chargeElements(d.size + 1);
      return d.assoc(asDictKey(a[1]!, "the key of assoc", pos), a[2]!);
    },
  },
  dissoc: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const d = expectDict(a[0]!, "the first argument of dissoc", pos);
      chargeElements(d.size);
      return d.dissoc(asDictKey(a[1]!, "the key of dissoc", pos));
    },
  },
  keys: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const d = expectDict(a[0]!, "the argument of keys", pos);
      chargeElements(d.size);
      return d.entries.map((e) => e[0]);
    },
  },
  vals: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const d = expectDict(a[0]!, "the argument of vals", pos);
      chargeElements(d.size);
      return d.entries.map((e) => e[1]);
    },
  },
  "has?": {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const d = expectDict(a[0]!, "the first argument of has?", pos);
      charge(GAS.collection + log2ceil(d.size + 1));
      return d.get(asDictKey(a[1]!, "the key of has?", pos)) !== undefined;
    },
  },

  str: {
    min: 0,
    max: Infinity,
    impl: (a) => {
      charge(GAS.collection);
      let out = "";
      for (const v of a) out += printedForStr(v);
      return out;
    },
  },
  keccak256: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
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
  },

  "int?": predicate((v) => typeof v === "bigint"),
  "string?": predicate((v) => typeof v === "string"),
  "address?": predicate((v) => v instanceof Address),
  "list?": predicate((v) => Array.isArray(v)),
  "dict?": predicate((v) => v instanceof Dict),
  "nil?": predicate((v) => v === null),
  "bool?": predicate((v) => typeof v === "boolean"),
  "symbol?": predicate((v) => v instanceof Sym),
  "fn?": predicate((v) => v instanceof Closure || v instanceof Builtin),
};

const builtinValues = new Map<string, Builtin>();

/** A builtin as a first-class value, e.g. `(fold + 0 xs)`. */
export function builtinValue(name: string): Builtin | undefined {
  let b = builtinValues.get(name);
  if (b === undefined) {
    const spec = BUILTINS[name];
    if (!spec) return undefined;
    b = new Builtin(name, spec.min, spec.max, (args) => spec.impl(args));
    builtinValues.set(name, b);
  }
  return b;
}
