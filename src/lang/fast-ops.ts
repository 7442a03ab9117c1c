// The hot arithmetic of the compiler: binary `+ - * < <= > >=` with local-variable and constant
// operands read directly, `if` fused with a comparison on locals, and arithmetic that a `recur` pays
// for in its own gas charge. Separate from compile.ts because it is an optimisation, not the language:
// every node here behaves exactly like the general builtin call it replaces (the tests run both).

import { checkRange } from "./builtins.ts";
import { at, type Ctx, compile, type Node, nonTail, symbolName } from "./compile.ts";
import type { Pos } from "./errors.ts";
import { GAS, wordsGas } from "./gas.ts";
import type { Form } from "./reader.ts";
import { charge, runtimeError } from "./runtime.ts";
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
interface Operand {
  node: Node;
  slot?: number;
  konst?: bigint;
}

export function operand(form: Form, ctx: Ctx): Operand {
  const node = compile(form, ctx);
  if (form.kind === "int") return { node, konst: form.value };
  if (form.kind === "symbol") {
    const slot = ctx.scope.lookup(form.name);
    if (slot !== undefined) return { node, slot };
  }
  return { node };
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

/** A prepaid node for `(op local-or-const local-or-const)`, or undefined for anything else. */
export function simpleBinary(form: Form, ctx: Ctx): Node | undefined {
  if (form.kind !== "list" || form.items.length !== 3) return undefined;
  const op = symbolName(form.items[0]);
  if (
    op === undefined ||
    !BINARY_OPS.has(op) ||
    ctx.scope.lookup(op) !== undefined ||
    ctx.scope.contract?.fns.has(op)
  )
    return undefined;
  const [x, y] = [form.items[1]!, form.items[2]!];
  const leaf = (f: Form) =>
    f.kind === "int" || (f.kind === "symbol" && ctx.scope.lookup(f.name) !== undefined);
  if (!leaf(x) || !leaf(y)) return undefined;
  const scope = ctx.scope;
  if (++scope.depth > scope.maxDepth) scope.maxDepth = scope.depth;
  const node = compileBinary(
    op as BinOp,
    operand(x, nonTail(ctx)),
    operand(y, nonTail(ctx)),
    at(form.pos, scope),
    true,
  );
  scope.depth--;
  return node;
}

export const BINARY_OPS = new Set(["+", "-", "*", "<", "<=", ">", ">="]);

/**
 * `(if (< i n) a b)` with a local on the left and a constant or local on the right (the condition of
 * nearly every loop) as one node: one call and one gas charge fewer per iteration.
 */
export function compileCompareIf(items: Form[], ctx: Ctx): Node | undefined {
  const test = items[1]!;
  if (test.kind !== "list" || test.items.length !== 3) return undefined;
  const op = symbolName(test.items[0]);
  if ((op !== "<" && op !== "<=" && op !== ">" && op !== ">=") || ctx.scope.lookup(op) !== undefined)
    return undefined;
  if (ctx.scope.contract?.fns.has(op)) return undefined;
  const scope = ctx.scope;
  scope.depth++; // the test's operands are read inline, but keep the static depth honest
  const l = operand(test.items[1]!, nonTail(ctx));
  const r = operand(test.items[2]!, nonTail(ctx));
  scope.depth--;
  if (l.slot === undefined || (r.slot === undefined && r.konst === undefined)) return undefined;
  const then = compile(items[2]!, ctx);
  const otherwise = items[3] ? compile(items[3], ctx) : () => null;
  const s = l.slot;
  const cost = GAS.control + GAS.arithmetic;
  const where = at(test.pos, scope);
  const fail = (x: Value, y: Value) => typeFail(op, x, y, where);
  if (r.konst !== undefined) {
    const k = r.konst;
    const cmp = COMPARE[op];
    if (op === "<")
      return (fr) => {
        charge(cost);
        const x = fr[s]!;
        if (typeof x !== "bigint") return fail(x, k);
        return x < k ? then(fr) : otherwise(fr);
      };
    return (fr) => {
      charge(cost);
      const x = fr[s]!;
      if (typeof x !== "bigint") return fail(x, k);
      return cmp(x, k) ? then(fr) : otherwise(fr);
    };
  }
  const t = r.slot!;
  const cmp = COMPARE[op];
  return (fr) => {
    charge(cost);
    const x = fr[s]!;
    const y = fr[t]!;
    if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
    return cmp(x, y) ? then(fr) : otherwise(fr);
  };
}
