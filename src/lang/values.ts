// The values of the contract language (docs/spec.md §5 "Values") and their JS representation:
//   int → bigint (|n| < 2^256)   bool → boolean   nil → null   string → string
//   address → Address            symbol → Sym (interned)      list → readonly Value[]
//   dict → Dict                  fn → Closure | Builtin
// Everything is immutable, so sharing is always safe.

export type Value = bigint | boolean | null | string | Address | Sym | readonly Value[] | Dict | Fn;

/** Ints live in (−2^256, 2^256); leaving that range is a runtime error (docs/spec.md §5). */
export const INT_LIMIT = 1n << 256n;

/**
 * A table the language looks up by names a program writes (forms, builtins, context names, arities):
 * without JavaScript's prototype, so `toString` or `__proto__` is a name it lacks like any other.
 */
export function nameTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null), entries);
}

export class Address {
  /** lowercase `0x` + 40 hex digits */
  constructor(readonly hex: string) {}
}

/** Symbols are interned, so two symbols are equal exactly when they are the same object. */
export class Sym {
  private static readonly table = new Map<string, Sym>();
  private constructor(readonly name: string) {}
  static of(name: string): Sym {
    let s = Sym.table.get(name);
    if (s === undefined) {
      s = new Sym(name);
      Sym.table.set(name, s);
    }
    return s;
  }
}

export type DictKey = bigint | boolean | string | Address | Sym;

/**
 * A persistent dictionary. Entries are kept in canonical key order (see `compareKeys`), so printing,
 * `keys` and iteration never depend on insertion order.
 */
export class Dict {
  constructor(readonly entries: readonly (readonly [DictKey, Value])[]) {}

  indexOf(key: DictKey): number {
    // binary search over the canonical order
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compareKeys(this.entries[mid]![0], key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -(lo + 1);
  }

  get(key: DictKey): Value | undefined {
    const i = this.indexOf(key);
    return i >= 0 ? this.entries[i]![1] : undefined;
  }

  assoc(key: DictKey, value: Value): Dict {
    const i = this.indexOf(key);
    const next = this.entries.slice();
    if (i >= 0) next[i] = [key, value];
    else next.splice(-(i + 1), 0, [key, value]);
    return new Dict(next);
  }

  dissoc(key: DictKey): Dict {
    const i = this.indexOf(key);
    if (i < 0) return this;
    const next = this.entries.slice();
    next.splice(i, 1);
    return new Dict(next);
  }

  get size(): number {
    return this.entries.length;
  }
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
export class Closure {
  constructor(
    readonly template: FnTemplate,
    readonly captured: readonly Value[],
  ) {}
}

/** A builtin used as a value, e.g. `(fold + 0 xs)`. */
export class Builtin {
  constructor(
    readonly name: string,
    readonly minArgs: number,
    readonly maxArgs: number,
    readonly apply: (args: Value[]) => Value,
  ) {}
}

export type Fn = Closure | Builtin;

export function isDictKey(v: Value): v is DictKey {
  const t = typeof v;
  return t === "bigint" || t === "boolean" || t === "string" || v instanceof Address || v instanceof Sym;
}

/** The names of the types (typeName's answers), in the order of their predicates int? string? … fn?. */
export const TYPES = ["int", "string", "address", "list", "dict", "nil", "bool", "symbol", "fn"] as const;

export function typeName(v: Value): (typeof TYPES)[number] {
  if (v === null) return "nil";
  switch (typeof v) {
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
    case "string":
      return "string";
  }
  if (v instanceof Address) return "address";
  if (v instanceof Sym) return "symbol";
  if (Array.isArray(v)) return "list";
  if (v instanceof Dict) return "dict";
  return "fn";
}

/** Compares strings by Unicode code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // a surrogate (D800–DFFF) encodes a code point above U+FFFF, which sorts after E000–FFFF
      const xs = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
      const ys = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
      return xs < ys ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function keyRank(k: DictKey): number {
  switch (typeof k) {
    case "boolean":
      return 0;
    case "bigint":
      return 1;
    case "string":
      return 2;
  }
  return k instanceof Address ? 3 : 4;
}

/**
 * The canonical order of dict keys (documented in docs/language.md): by type first
 * (bool < int < string < address < symbol), then false < true, ints numerically, strings and symbol
 * names by code point, addresses by their lowercase hex.
 */
export function compareKeys(a: DictKey, b: DictKey): number {
  const ra = keyRank(a);
  const rb = keyRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra <= 1) return a < b ? -1 : a > b ? 1 : 0; // two bools (false < true) or two ints
  const text = (k: DictKey) => (k instanceof Address ? k.hex : k instanceof Sym ? k.name : (k as string));
  return compareStrings(text(a), text(b));
}

/**
 * Structural equality of any data (docs/spec.md §5 `=`). Iterative, so a list nested a million deep cannot
 * overflow the host stack. Functions are equal only to themselves.
 */
export function valuesEqual(a: Value, b: Value, onVisit?: (x: Value, y: Value) => void): boolean {
  const stack: Value[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (onVisit) onVisit(x, y);
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
    if (x instanceof Address) {
      if (!(y instanceof Address) || x.hex !== y.hex) return false;
    } else if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) {
        // atoms compared here: a push and pop each cost more than the test
        if (typeof x[i] === "object" && x[i] !== null && x[i] !== y[i]) stack.push(x[i], y[i]);
        else if ((onVisit?.(x[i], y[i]), x[i] !== y[i])) return false;
      }
    } else if (x instanceof Dict) {
      if (!(y instanceof Dict) || x.size !== y.size) return false;
      for (let i = 0; i < x.size; i++) {
        const [kx, vx] = x.entries[i]!;
        const [ky, vy] = y.entries[i]!;
        stack.push(kx, ky, vx, vy);
      }
    } else {
      return false; // distinct symbols or distinct functions
    }
  }
  return true;
}

export const OK = Sym.of("ok");
export const ERR = Sym.of("err");

/** Length in bytes of a string's UTF-8 encoding (docs/spec.md §5 `len`). Strings hold no lone surrogates. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      if (c < 0x800) n += 1;
      else if (c >= 0xd800 && c <= 0xdbff) {
        n += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
        i++;
      } else n += 2;
    }
  }
  return n;
}

/** Truthiness (docs/spec.md §5): only false and nil are false. */
export function truthy(v: Value): boolean {
  return v !== false && v !== null;
}
