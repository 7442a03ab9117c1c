// The hot arithmetic of the compiler: binary `+ - * < <= > >=` with local-variable and constant
// operands read directly, and arithmetic that an `if` or a `recur` pays for in its own gas charge (the
// fusions that build on these nodes are with their forms in special-forms.ts). Separate from
// compile.ts because it is an optimisation, not the language: every node here behaves exactly like
// the general builtin call it replaces (the tests run both). Below the compiler: it builds nodes from
// operands the compiler hands it.

import type { Pos } from "./errors.ts";
import { GAS, wordsGas } from "./gas.ts";
import { charge, type Node, runtimeError } from "./runtime.ts";
import { INT_LIMIT, typeName, type Value } from "./values.ts";

/** How an operand of a hot binary op is fetched: from a slot, as a constant, or by a node. */
export interface Operand {
  node: Node;
  slot?: number;
  konst?: bigint;
}

export type BinOp = "+" | "-" | "*" | "<" | "<=" | ">" | ">=";

export const BINARY_OPS = new Set(["+", "-", "*", "<", "<=", ">", ">="]);

const NEG_LIMIT = -INT_LIMIT;
/** the ops as small ints: a node tests these faster than it compares strings */
export const OP_CODES: Record<BinOp, number> = { "+": 0, "-": 1, "*": 2, "<": 3, "<=": 4, ">": 5, ">=": 6 };

export function checkRange(r: bigint, pos?: Pos): bigint {
  if (r >= INT_LIMIT || r <= -INT_LIMIT)
    runtimeError("int overflow: the result leaves the range (−2^256, 2^256)", pos);
  return r;
}

export function typeFail(op: BinOp, x: Value, y: Value, pos: Pos): never {
  const first = typeof x !== "bigint";
  return runtimeError(
    `argument ${first ? 1 : 2} of ${op} must be an int, got ${typeName(first ? x : y)}`,
    pos,
  );
}

/** The op of `code` on two ints: range-checked, `*` paying for the words of its product. */
export function applyBinary(code: number, x: bigint, y: bigint, pos?: Pos): Value {
  let v: bigint;
  if (code === 0) v = x + y;
  else if (code === 3) return x < y;
  else if (code === 1) v = x - y;
  else if (code === 2) v = x * y;
  else if (code === 4) return x <= y;
  else if (code === 5) return x > y;
  else return x >= y;
  if (v >= INT_LIMIT || v <= NEG_LIMIT) return checkRange(v, pos);
  if (code === 2) charge(wordsGas(v));
  return v;
}

/**
 * The hottest builtins (binary arithmetic and comparison) get nodes with the type and range checks
 * inline, and with local-variable and constant operands read directly rather than through a child
 * node: in `(+ i 1)` that removes two indirect calls per evaluation. `prepaid`: the parent node
 * charged this op's gas together with its own (see compileIf, compileRecur).
 */
export function compileBinary(op: BinOp, l: Operand, r: Operand, pos: Pos, prepaid = false): Node {
  const c = prepaid ? 0 : GAS.arithmetic;
  const code = OP_CODES[op];
  const s = l.slot;
  const t = r.slot;
  const k = r.konst;
  if (code === 0 && s !== undefined && (k !== undefined || t !== undefined))
    return compileAdd(s, t, k, pos, c);
  if (s !== undefined && k !== undefined)
    return (fr) => {
      charge(c);
      const x = fr[s]!;
      return typeof x === "bigint" ? applyBinary(code, x, k, pos) : typeFail(op, x, k, pos);
    };
  if (s !== undefined && t !== undefined)
    return (fr) => {
      charge(c);
      const x = fr[s]!;
      const y = fr[t]!;
      return typeof x === "bigint" && typeof y === "bigint"
        ? applyBinary(code, x, y, pos)
        : typeFail(op, x, y, pos);
    };
  const a = l.node;
  const b = r.node;
  return (fr) => {
    charge(c);
    const x = a(fr);
    const y = b(fr);
    return typeof x === "bigint" && typeof y === "bigint"
      ? applyBinary(code, x, y, pos)
      : typeFail(op, x, y, pos);
  };
}

/**
 * `+` of a local and a constant or another local, the hottest of all (every loop counter, every sum),
 * with its range check inline.
 */
function compileAdd(s: number, t: number | undefined, k: bigint | undefined, pos: Pos, c: number): Node {
  const fail = (x: Value, y: Value) => typeFail("+", x, y, pos);
  if (k !== undefined) {
    const nonNegative = k >= 0n;
    return (fr) => {
      charge(c);
      const x = fr[s]!;
      if (typeof x !== "bigint") return fail(x, k);
      const v = x + k;
      // x is in range, so with k ≥ 0 only the upper bound can be crossed (and vice versa)
      return (nonNegative ? v >= INT_LIMIT : v <= NEG_LIMIT) ? checkRange(v, pos) : v;
    };
  }
  return (fr) => {
    charge(c);
    const x = fr[s]!;
    const y = fr[t!]!;
    if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
    const v = x + y;
    return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
  };
}
