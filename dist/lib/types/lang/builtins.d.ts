import type { Pos } from "./errors.js";
import { type BuiltinImpl } from "./runtime.js";
import { Builtin } from "./values.js";
export declare function checkRange(r: bigint, pos?: Pos): bigint;
export declare const BUILTINS: Record<string, BuiltinImpl>;
/** Each builtin as a first-class value, e.g. `(fold + 0 xs)`. */
export declare const BUILTIN_VALUES: Record<string, Builtin>;
