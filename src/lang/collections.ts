// The list and dict builtins of docs/spec.md §5 (list cons first rest nth len append reverse map filter fold
// range, dict get assoc dissoc keys vals has?). Every one charges per element before it allocates:
// memory stays within MEMORY_BYTES_PER_GAS (gas.ts).

import type { Pos } from "./errors.ts";
import { GAS } from "./gas.ts";
import {
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
  compareKeys,
  Dict,
  type DictKey,
  isDictKey,
  truthy,
  typeName,
  utf8Length,
  type Value,
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

export const COLLECTIONS: Record<string, BuiltinImpl> = {
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
