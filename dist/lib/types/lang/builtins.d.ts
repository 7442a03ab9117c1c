import type { Pos } from "./errors.js";
import { type BuiltinImpl } from "./runtime.js";
import { Builtin, Dict, type Value } from "./values.js";
/** Charges `perElement × n` before an allocation of n elements; refuses sizes gas could never pay. */
export declare function chargeElements(n: number | bigint, per?: number): number;
/** Builds a dict from key/value pairs in one sort (later duplicates win). */
export declare function makeDict(pairs: Value[], pos?: Pos): Dict;
export declare const BUILTINS: Record<string, BuiltinImpl>;
/** Each builtin as a first-class value, e.g. `(fold + 0 xs)`. */
export declare const BUILTIN_VALUES: Record<string, Builtin>;
