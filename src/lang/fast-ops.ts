// The hot arithmetic of the compiler: binary `+ - * < <= > >=` with local-variable and constant
// operands read directly, and arithmetic that a `recur` pays for in its own gas charge (the fusions
// that build on these nodes, `if` with a comparison and recur's prepaid arguments, are with their
// forms in special-forms.ts). Separate from compile.ts because it is an optimisation, not the
// language: every node here behaves exactly like the general builtin call it replaces (the tests run
// both). Below the compiler: it builds nodes from operands the compiler hands it.

import { checkRange } from "./builtins.ts";
import type { Pos } from "./errors.ts";
import { GAS, wordsGas } from "./gas.ts";
import { charge, type Node, runtimeError } from "./runtime.ts";
import { INT_LIMIT, typeName, type Value } from "./values.ts";

const NEG_LIMIT = -INT_LIMIT;

export function typeFail(op: string, x: Value, y: Value, pos: Pos): never {
  const first = typeof x !== "bigint";
  return runtimeError(
    `argument ${first ? 1 : 2} of ${op} must be an int, got ${typeName(first ? x : y)}`,
    pos,
  );
}

/** How an operand of a hot binary op is fetched: from a slot, as a constant, or by a node. */
export interface Operand {
  node: Node;
  slot?: number;
  konst?: bigint;
}

export type BinOp = "+" | "-" | "*" | "<" | "<=" | ">" | ">=";

/**
 * The hottest builtins (binary arithmetic and comparison) get nodes with the type and range checks
 * inline, and with local-variable and constant operands read directly rather than through a child
 * node: in `(+ i 1)` that removes two indirect calls per evaluation.
 */
export function compileBinary(op: BinOp, l: Operand, r: Operand, pos: Pos, prepaid = false): Node {
  // prepaid: the parent node charged this op's gas together with its own (see compileRecur)
  const c = prepaid ? 0 : GAS.arithmetic;
  const a = l.node;
  const b = r.node;
  const fail = (x: Value, y: Value) => typeFail(op, x, y, pos);
  switch (op) {
    case "+":
      if (l.slot !== undefined && r.konst !== undefined) {
        const s = l.slot;
        const k = r.konst;
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
      if (l.slot !== undefined && r.slot !== undefined) {
        const s = l.slot;
        const t = r.slot;
        return (fr) => {
          charge(c);
          const x = fr[s]!;
          const y = fr[t]!;
          if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
          const v = x + y;
          return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
        };
      }
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
        const v = x + y;
        return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
      };
    case "-":
      if (l.slot !== undefined && r.konst !== undefined) {
        const s = l.slot;
        const k = r.konst;
        return (fr) => {
          charge(c);
          const x = fr[s]!;
          if (typeof x !== "bigint") return fail(x, k);
          const v = x - k;
          return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
        };
      }
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
        const v = x - y;
        return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
      };
    case "*":
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
        const v = x * y;
        if (v >= INT_LIMIT || v <= NEG_LIMIT) return checkRange(v, pos);
        charge(wordsGas(v));
        return v;
      };
  }
  // comparisons
  if (l.slot !== undefined && r.konst !== undefined) {
    const s = l.slot;
    const k = r.konst;
    const cmp = COMPARE[op];
    switch (op) {
      case "<":
        return (fr) => {
          charge(c);
          const x = fr[s]!;
          return typeof x === "bigint" ? x < k : fail(x, k);
        };
      case "<=":
        return (fr) => {
          charge(c);
          const x = fr[s]!;
          return typeof x === "bigint" ? x <= k : fail(x, k);
        };
      default:
        return (fr) => {
          charge(c);
          const x = fr[s]!;
          return typeof x === "bigint" ? cmp(x, k) : fail(x, k);
        };
    }
  }
  switch (op) {
    case "<":
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        return typeof x === "bigint" && typeof y === "bigint" ? x < y : fail(x, y);
      };
    case ">":
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        return typeof x === "bigint" && typeof y === "bigint" ? x > y : fail(x, y);
      };
    default: {
      const cmp = COMPARE[op];
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        return typeof x === "bigint" && typeof y === "bigint" ? cmp(x, y) : fail(x, y);
      };
    }
  }
}

export const COMPARE: Record<"<" | "<=" | ">" | ">=", (x: bigint, y: bigint) => boolean> = {
  "<": (x, y) => x < y,
  "<=": (x, y) => x <= y,
  ">": (x, y) => x > y,
  ">=": (x, y) => x >= y,
};

export const BINARY_OPS = new Set(["+", "-", "*", "<", "<=", ">", ">="]);
