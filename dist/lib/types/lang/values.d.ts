export type Value = bigint | boolean | null | string | Address | Sym | readonly Value[] | Dict | Fn;
/** Ints live in (−2^256, 2^256); leaving that range is a runtime error (docs/spec.md §5). */
export declare const INT_LIMIT: bigint;
/**
 * A table the language looks up by names a program writes (forms, builtins, context names, arities):
 * without JavaScript's prototype, so `toString` or `__proto__` is a name it lacks like any other.
 */
export declare function nameTable<T>(entries: Record<string, T>): Record<string, T>;
export declare class Address {
    readonly hex: string;
    /** lowercase `0x` + 40 hex digits */
    constructor(hex: string);
}
/** Symbols are interned, so two symbols are equal exactly when they are the same object. */
export declare class Sym {
    readonly name: string;
    private static readonly table;
    private constructor();
    static of(name: string): Sym;
}
export type DictKey = bigint | boolean | string | Address | Sym;
/**
 * A persistent dictionary. Entries are kept in canonical key order (see `compareKeys`), so printing,
 * `keys` and iteration never depend on insertion order.
 */
export declare class Dict {
    readonly entries: readonly (readonly [DictKey, Value])[];
    constructor(entries: readonly (readonly [DictKey, Value])[]);
    indexOf(key: DictKey): number;
    get(key: DictKey): Value | undefined;
    assoc(key: DictKey, value: Value): Dict;
    dissoc(key: DictKey): Dict;
    get size(): number;
}
/** What the compiler makes of a `(fn …)` form; a Closure pairs it with captured values at run time. */
export interface FnTemplate {
    readonly name: string;
    readonly arity: number;
    /** slots of a call frame: parameters first, then captured values, then let/loop locals */
    readonly frameSize: number;
    readonly body: (frame: Value[]) => Value;
    /** static nesting of the body plus call overhead, charged against the host-depth budget per call */
    readonly depthCost: number;
}
/** A user function: its template and the values it captured when it was created. */
export declare class Closure {
    readonly template: FnTemplate;
    readonly captured: readonly Value[];
    constructor(template: FnTemplate, captured: readonly Value[]);
}
/** A builtin used as a value, e.g. `(fold + 0 xs)`. */
export declare class Builtin {
    readonly name: string;
    readonly minArgs: number;
    readonly maxArgs: number;
    readonly apply: (args: Value[]) => Value;
    constructor(name: string, minArgs: number, maxArgs: number, apply: (args: Value[]) => Value);
}
export type Fn = Closure | Builtin;
export declare function isDictKey(v: Value): v is DictKey;
/** The names of the types (typeName's answers), in the order of their predicates int? string? … fn?. */
export declare const TYPES: readonly ["int", "string", "address", "list", "dict", "nil", "bool", "symbol", "fn"];
export declare function typeName(v: Value): (typeof TYPES)[number];
/** Compares strings by Unicode code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
export declare function compareStrings(a: string, b: string): number;
/**
 * The canonical order of dict keys (documented in docs/language.md): by type first
 * (bool < int < string < address < symbol), then false < true, ints numerically, strings and symbol
 * names by code point, addresses by their lowercase hex.
 */
export declare function compareKeys(a: DictKey, b: DictKey): number;
/**
 * Structural equality of any data (docs/spec.md §5 `=`). Iterative, so a list nested a million deep cannot
 * overflow the host stack. Functions are equal only to themselves.
 */
export declare function valuesEqual(a: Value, b: Value, onVisit?: (x: Value, y: Value) => void): boolean;
export declare const OK: Sym;
export declare const ERR: Sym;
/** Length in bytes of a string's UTF-8 encoding (docs/spec.md §5 `len`). Strings hold no lone surrogates. */
export declare function utf8Length(s: string): number;
/** Truthiness (docs/spec.md §5): only false and nil are false. */
export declare function truthy(v: Value): boolean;
