// Values crossing between JavaScript and the contract language: arguments given as JavaScript values
// (bigint or safe integer, string, boolean, null, arrays, dicts as Map or plain object, addresses and
// symbols through their classes) become the language's values; results are read back from their
// printed form by the chain's own reader (lang/data.ts) and printed by its printer (lang/printer.ts).

import { parseAddress } from "../crypto/keys.ts";
import { readValue } from "../lang/data.ts";
import { printValue } from "../lang/printer.ts";
import {
  Address,
  compareKeys,
  Dict,
  type DictKey,
  INT_LIMIT,
  isDictKey,
  Sym,
  type Value,
} from "../lang/values.ts";

export { Address, Dict, printValue, readValue, Sym, type Value };

/** What an argument may be written as. */
export type JsValue =
  | Value
  | number
  | readonly JsValue[]
  | ReadonlyMap<JsValue, JsValue>
  | { readonly [key: string]: JsValue };

/** Bad input to a value conversion: the stable code E_VALUE and a sentence naming the value. */
export class ValueError extends Error {
  readonly code = "E_VALUE";
}

function describe(x: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(x, (_, v) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(x);
  } catch {
    s = String(x); // a cycle
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** An address value from its text (lowercase, or EIP-55 with a right checksum). */
export function address(text: string): Address {
  const a = parseAddress(text);
  if ("error" in a) throw new ValueError(a.error);
  return new Address(a.address);
}

/** A symbol value (`'name` in the language). */
export const symbol = (name: string): Sym => Sym.of(name);

/** A dict from entries in any order; a key given twice is an error. */
export function dict(entries: Iterable<readonly [JsValue, JsValue]>): Dict {
  const out: [DictKey, Value][] = [];
  for (const [k, v] of entries) {
    const key = toValue(k);
    if (!isDictKey(key))
      throw new ValueError(`a dict key must be an int, string, address, symbol or bool, got ${describe(k)}`);
    out.push([key, toValue(v)]);
  }
  out.sort((a, b) => compareKeys(a[0], b[0]));
  for (let i = 1; i < out.length; i++)
    if (compareKeys(out[i - 1]![0], out[i]![0]) === 0)
      throw new ValueError(`the dict key ${printValue(out[i]![0])} is given twice`);
  return new Dict(out);
}

/** The language's value of a JavaScript one; ValueError (E_VALUE) for what has none. */
export function toValue(x: JsValue): Value {
  if (x === null || typeof x === "string" || typeof x === "boolean") return x;
  if (typeof x === "bigint" || typeof x === "number") {
    if (typeof x === "number" && !Number.isSafeInteger(x))
      throw new ValueError(`${x} is not a whole number the language can hold exactly: pass a bigint`);
    const n = BigInt(x);
    if (n >= INT_LIMIT || n <= -INT_LIMIT) throw new ValueError(`${n} is outside the ints (|n| < 2^256)`);
    return n;
  }
  if (x instanceof Address || x instanceof Sym || x instanceof Dict) return x;
  if (Array.isArray(x)) return x.map(toValue);
  if (x instanceof Map) return dict(x);
  if (typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype)
    return dict(Object.entries(x as Record<string, JsValue>));
  throw new ValueError(`${describe(x)} (${typeof x}) has no value in the contract language`);
}

/** A JavaScript value printed as the language's data (what tinychain_view takes as an argument). */
export const printData = (x: JsValue): string => printValue(toValue(x));

/** A receipt's return value as a JavaScript value. */
export const returnValue = (receipt: { return: string }): Value => readValue(receipt.return);

/** A log's arguments as JavaScript values. */
export const logValues = (log: { args: readonly string[] }): Value[] => log.args.map((a) => readValue(a));
