// The special forms (docs/spec.md §5): one function per form, registered in the FORMS table by forms.ts (their
// arity: arity.ts). quote, if, cond, do, and, or, let, fn, loop and recur; the definitions of a
// contract (contract, defvar, defmap, defn, defn-, defview) are only meaningful inside
// (deploy (contract …)) and refused anywhere else. At the end, the fusions of fast-ops.ts' nodes that
// compileIf and compileRecur use.

import { at, type Ctx, compile, compileBody, type FormRule, nonTail, operand, Scope } from "./compile.ts";
import { formToValue } from "./data.ts";
import { DataError, type Pos } from "./errors.ts";
import {
  applyBinary,
  BINARY_OPS,
  type BinOp,
  compileBinary,
  OP_CODES,
  type Operand,
  typeFail,
} from "./fast-ops.ts";
import { GAS } from "./gas.ts";
import { type Form, isHead, type ListForm, symbolName } from "./reader.ts";
import { CALL_DEPTH_COST, charge, type Node } from "./runtime.ts";
import { Closure, type FnTemplate, truthy, type Value } from "./values.ts";

/** Returned by `recur` to its loop; never escapes the loop (recur is checked to be in tail position). */
const RECUR = Object.freeze({ recur: true }) as unknown as Value;

/** contract, defvar, defmap, defn…: definitions, which only a contract's top level may hold. */
const misplacedDefinition: FormRule["compile"] = (form, ctx) => {
  const head = symbolName(form.items[0]);
  if (head === "contract") throw new DataError("a contract is deployed with (deploy (contract …))", form.pos);
  throw new DataError(`${head} may only appear at the top level of a contract`, at(form.pos, ctx.scope));
};

/** The special forms by name, with the function that compiles each (forms.ts registers them). */
export const SPECIAL_FORMS: Record<string, FormRule["compile"]> = {
  quote(form) {
    const v = formToValue(form.items[1]!);
    return () => v;
  },
  if(form, ctx) {
    const items = form.items;
    // (if (< i n) a b) with a local on the left and a constant or local on the right (the condition of
    // nearly every loop) as one node: one call and one gas charge fewer per iteration
    const fused = binaryOperands(items[1]!, ctx, true);
    const test = fused ? undefined : compile(items[1]!, nonTail(ctx));
    const then = compile(items[2]!, ctx);
    const otherwise = items[3] ? compile(items[3], ctx) : () => null;
    if (test)
      return (fr) => {
        charge(GAS.control);
        return truthy(test(fr)) ? then(fr) : otherwise(fr);
      };
    const { op, l, r, pos } = fused!;
    const cost = GAS.control + GAS.arithmetic;
    const s = l.slot!;
    const k = r.konst;
    if (op === "<" && k !== undefined)
      return (fr) => {
        charge(cost);
        const x = fr[s]!;
        if (typeof x !== "bigint") return typeFail(op, x, k, pos);
        return x < k ? then(fr) : otherwise(fr);
      };
    const code = OP_CODES[op];
    const t = r.slot!;
    return (fr) => {
      charge(cost);
      const x = fr[s]!;
      const y = k ?? fr[t]!;
      if (typeof x !== "bigint" || typeof y !== "bigint") return typeFail(op, x, y, pos);
      return applyBinary(code, x, y, pos) ? then(fr) : otherwise(fr);
    };
  },
  cond(form, ctx) {
    const items = form.items;
    const clauses: { test: Node | null; body: Node }[] = [];
    for (let i = 1; i < items.length; i++) {
      const c = items[i]!;
      if (c.kind !== "list" || c.items.length < 2)
        throw new DataError("each cond clause must be (test body…) or (else body…)", c.pos);
      const isElse = symbolName(c.items[0]) === "else";
      if (isElse && i !== items.length - 1) throw new DataError("else must be the last cond clause", c.pos);
      clauses.push({
        test: isElse ? null : compile(c.items[0]!, nonTail(ctx)),
        body: compileBody(c.items.slice(1), ctx, c.pos),
      });
    }
    return (fr) => {
      for (const c of clauses) {
        charge(GAS.control);
        if (c.test === null || truthy(c.test(fr))) return c.body(fr);
      }
      return null;
    };
  },
  do(form, ctx) {
    if (form.items.length === 1) return () => null;
    return compileBody(form.items.slice(1), ctx, form.pos);
  },
  and: (form, ctx) => compileShortCircuit(form, ctx, true),
  or: (form, ctx) => compileShortCircuit(form, ctx, false),
  let: (form, ctx) => compileLetOrLoop(form, ctx, false),
  fn: (form, ctx) => compileFn(form, ctx),
  loop: (form, ctx) => compileLetOrLoop(form, ctx, true),
  recur: compileRecur,
  else(form) {
    throw new DataError(
      "else may only begin the last clause of a cond: (cond (test body…) (else body…))",
      form.pos,
    );
  },
};

/** The definitions: only at a contract's top level (contract.ts reads them there), refused anywhere else. */
export const DEFINITIONS = Object.fromEntries(
  ["contract", "defvar", "defmap", "defn", "defn-", "defview"].map((d) => [d, misplacedDefinition]),
);

/** and / or: short-circuit, returning the deciding value (docs/spec.md §5). */
function compileShortCircuit(form: ListForm, ctx: Ctx, isAnd: boolean): Node {
  const parts = form.items.slice(1).map((f) => compile(f, nonTail(ctx)));
  return (fr) => {
    let v: Value = isAnd;
    for (const p of parts) {
      charge(GAS.control);
      v = p(fr);
      if (truthy(v) !== isAnd) return v;
    }
    return v;
  };
}

function bindings(form: Form | undefined, what: string, pos: Pos): { name: string; init: Form; pos: Pos }[] {
  if (form?.kind !== "list")
    throw new DataError(`${what} expects a list of bindings like ((x 1) (y 2))`, form?.pos ?? pos);
  return form.items.map((b) => {
    if (b.kind !== "list" || b.items.length !== 2 || b.items[0]!.kind !== "symbol")
      throw new DataError(`each ${what} binding must be (name value)`, b.pos);
    return { name: (b.items[0] as { name: string }).name, init: b.items[1]!, pos: b.pos };
  });
}

/**
 * let and loop: a block of the scope with `(name init)` pairs bound one after the other (each init
 * compiled before its name is bound, so it sees the bindings before it), then the body; a loop's body
 * runs again on each recur.
 */
function compileLetOrLoop(form: ListForm, ctx: Ctx, isLoop: boolean): Node {
  const scope = ctx.scope;
  const binds = bindings(form.items[1], isLoop ? "loop" : "let", form.pos);
  scope.blocks.push(new Map());
  const slots: number[] = [];
  const inits: Node[] = [];
  for (const { name, init, pos } of binds) {
    // a function bound by let is named after its binding (in errors and traces)
    const namedFn = !isLoop && isHead(init, "fn") && scope.lookup("fn") === undefined;
    inits.push(namedFn ? compileFn(init as ListForm, ctx, name) : compile(init, nonTail(ctx)));
    slots.push(scope.bind(name, pos));
  }
  const bodyCtx = isLoop ? { scope, tail: true, loop: { slots, scope } } : ctx;
  const body = compileBody(form.items.slice(2), bodyCtx, form.pos);
  scope.blocks.pop();
  const cost = GAS.control * slots.length;
  return (fr) => {
    charge(cost);
    for (let i = 0; i < slots.length; i++) fr[slots[i]!] = inits[i]!(fr);
    for (;;) {
      const r = body(fr);
      // a let hands a recur in its body on to its loop
      if (r !== RECUR || !isLoop) return r;
    }
  };
}

/** Collects the symbols a body mentions outside quoted data (to decide what a closure captures). */
function mentionedSymbols(forms: Form[], out: Set<string>): Set<string> {
  for (const f of forms) {
    if (f.kind === "symbol") out.add(f.name);
    else if (f.kind === "list" && symbolName(f.items[0]) !== "quote") mentionedSymbols(f.items, out);
  }
  return out;
}

/** The parameters of a fn or of a contract's function: names, none twice. */
export function params(form: Form | undefined, pos: Pos): { name: string; pos: Pos }[] {
  if (form?.kind !== "list") throw new DataError("expected a parameter list like (a b)", form?.pos ?? pos);
  const seen = new Set<string>();
  return form.items.map((p) => {
    if (p.kind !== "symbol") throw new DataError("each parameter must be a name", p.pos);
    if (seen.has(p.name)) throw new DataError(`parameter ${p.name} appears twice`, p.pos);
    seen.add(p.name);
    return { name: p.name, pos: p.pos };
  });
}

/**
 * Compiles a function body in its own scope, nested in `parent` (a fn) or at the top of `contract` (its
 * functions) or of the program. Parameters take slots 0…n−1 and captured values the slots after them,
 * so a call can lay out its frame without looking at names.
 */
export function compileFunction(
  name: string,
  paramList: { name: string; pos: Pos }[],
  body: Form[],
  pos: Pos,
  parent: Scope | null,
  contract = parent?.contract ?? null,
): { template: FnTemplate; captures: number[] } {
  const scope = new Scope(name, parent, contract);
  for (const p of paramList) scope.bind(p.name, p.pos);
  const captureNames = parent
    ? [...mentionedSymbols(body, new Set())].filter(
        (n) => !paramList.some((p) => p.name === n) && parent.visible(n),
      )
    : [];
  const captures: number[] = [];
  for (const n of captureNames) {
    // a parent captures everything its body mentions, so a name visible from it is one of its slots
    captures.push(parent!.lookup(n)!);
    scope.bind(n, pos);
  }
  const node = compileBody(body, { scope, tail: false, loop: null }, pos);
  const template: FnTemplate = {
    name,
    arity: paramList.length,
    frameSize: scope.nextSlot,
    body: node,
    depthCost: scope.maxDepth + CALL_DEPTH_COST,
  };
  return { template, captures };
}

/** fn, named after the let binding that holds it (for error messages and traces). */
function compileFn(form: ListForm, ctx: Ctx, name = "fn"): Node {
  const items = form.items;
  if (items.length < 3) throw new DataError("fn takes parameters and a body: (fn (a b) body…)", form.pos);
  const ps = params(items[1], form.pos);
  const { template, captures } = compileFunction(name, ps, items.slice(2), form.pos, ctx.scope);
  const cost = GAS.closure + GAS.callArgument * captures.length;
  return (fr) => {
    charge(cost);
    const values = new Array<Value>(captures.length);
    for (let i = 0; i < captures.length; i++) values[i] = fr[captures[i]!]!;
    return new Closure(template, values);
  };
}

function compileRecur(form: ListForm, ctx: Ctx): Node {
  const loop = ctx.loop;
  if (!loop || loop.scope !== ctx.scope) throw new DataError("recur outside of a loop", form.pos);
  if (!ctx.tail) throw new DataError("recur must be in tail position of its loop", form.pos);
  const n = loop.slots.length;
  if (form.items.length - 1 !== n)
    throw new DataError(
      `recur takes ${n} argument${n === 1 ? "" : "s"} (one per loop binding), got ${form.items.length - 1}`,
      form.pos,
    );
  // arguments like (+ i 1) are paid for by the recur node in the same charge
  let cost = GAS.loopIteration;
  const args = form.items.slice(1).map((a) => {
    const simple = simpleBinary(a, ctx);
    if (!simple) return compile(a, nonTail(ctx));
    cost += GAS.arithmetic;
    return simple;
  });
  const slots = loop.slots;
  if (n === 1) {
    const [s0] = slots as [number];
    const [a0] = args as [Node];
    return (fr) => {
      charge(cost);
      fr[s0] = a0(fr);
      return RECUR;
    };
  }
  if (n === 2) {
    const [s0, s1] = slots as [number, number];
    const [a0, a1] = args as [Node, Node];
    return (fr) => {
      charge(cost);
      const v0 = a0(fr);
      const v1 = a1(fr);
      fr[s0] = v0;
      fr[s1] = v1;
      return RECUR;
    };
  }
  return (fr) => {
    charge(cost);
    const vals = args.map((a) => a(fr));
    for (let i = 0; i < n; i++) fr[slots[i]!] = vals[i]!;
    return RECUR;
  };
}

// The form-level fusion of fast-ops.ts' nodes, next to its callers (compileIf, compileRecur).

/**
 * The op and operands of `(op local-or-const local-or-const)`, compiled, or undefined for anything
 * else; as the test of an if (`ifTest`), only a comparison with a local on the left.
 */
function binaryOperands(
  form: Form,
  ctx: Ctx,
  ifTest = false,
): { op: BinOp; l: Operand; r: Operand; pos: Pos } | undefined {
  if (form.kind !== "list" || form.items.length !== 3) return undefined;
  const scope = ctx.scope;
  const op = symbolName(form.items[0]);
  if (
    op === undefined ||
    !BINARY_OPS.has(op) ||
    (ifTest && !["<", "<=", ">", ">="].includes(op)) ||
    scope.lookup(op) !== undefined ||
    scope.contract?.fns.has(op)
  )
    return undefined;
  const [x, y] = [form.items[1]!, form.items[2]!];
  const local = (f: Form) => f.kind === "symbol" && scope.lookup(f.name) !== undefined;
  if (!(local(x) || (x.kind === "int" && !ifTest)) || !(local(y) || y.kind === "int")) return undefined;
  if (++scope.depth > scope.maxDepth) scope.maxDepth = scope.depth;
  const l = operand(x, nonTail(ctx));
  const r = operand(y, nonTail(ctx));
  scope.depth--;
  return { op: op as BinOp, l, r, pos: at(form.pos, scope) };
}

/** A prepaid node for `(op local-or-const local-or-const)`, or undefined for anything else. */
function simpleBinary(form: Form, ctx: Ctx): Node | undefined {
  const b = binaryOperands(form, ctx);
  return b && compileBinary(b.op, b.l, b.r, b.pos, true);
}
