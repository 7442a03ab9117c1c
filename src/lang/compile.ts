// The compiler: forms → a tree of JS closures ("closure compilation"). Each node is a function of the
// current call frame (an array of slots) that returns a Value. Names are resolved once, here: a local
// becomes a slot index, a builtin a direct call, a contract variable a storage access. Special forms
// and their arity are checked here and reported as E_DATA with line:col; everything that depends on
// values (types, overflow, unknown names that are reached) is a runtime error with status 3.

import { BUILTINS, builtinValue } from "./builtins.ts";
import { formToValue } from "./data.ts";
import { compileEffect, contractVarRead, EFFECT_FORMS } from "./effects.ts";
import { DataError, type Pos } from "./errors.ts";
import {
  BINARY_OPS,
  type BinOp,
  compileBinary,
  compileCompareIf,
  operand,
  simpleBinary,
} from "./fast-ops.ts";
import { GAS } from "./gas.ts";
import type { Form } from "./reader.ts";
import { applyValue, CALL_DEPTH_COST, callClosure, charge, rt, runtimeError } from "./runtime.ts";
import { Closure, type FnTemplate, type Value } from "./values.ts";

export type Node = (frame: Value[]) => Value;

/** Returned by `recur` to its loop; never escapes the loop (recur is checked to be in tail position). */
const RECUR = Object.freeze({ recur: true }) as unknown as Value;

/** Forms that cannot be rebound or used as names. */
export const SPECIAL_FORMS = new Set([
  "quote",
  "if",
  "cond",
  "do",
  "let",
  "fn",
  "loop",
  "recur",
  "and",
  "or",
  "else",
  "set!",
  "put!",
  "del!",
  "deploy",
  "contract",
  "defvar",
  "defmap",
  "defn",
  "defn-",
  "defview",
]);

/** Values of the execution context (SPEC 5 "Context and effects"), usable as names. */
const CONTEXT_NAMES = new Set([
  "sender",
  "origin",
  "self",
  "block-number",
  "block-time",
  "chain-id",
  "gas-left",
]);

export interface ContractInfo {
  name: string;
  vars: Set<string>;
  maps: Set<string>;
  fns: Map<string, { index: number; arity: number }>;
  /** filled once every function is compiled, so functions can call each other in any order */
  table: Closure[];
}

/** The compile-time scope of one function body. */
export class Scope {
  private readonly blocks: Map<string, number>[] = [new Map()];
  nextSlot = 0;
  depth = 0;
  maxDepth = 0;

  constructor(
    readonly name: string,
    readonly parent: Scope | null,
    readonly contract: ContractInfo | null,
  ) {}

  lookup(name: string): number | undefined {
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const slot = this.blocks[i]!.get(name);
      if (slot !== undefined) return slot;
    }
    return undefined;
  }

  /** Is `name` a local here or in an enclosing function (so a nested fn must capture it)? */
  visible(name: string): boolean {
    return this.lookup(name) !== undefined || (this.parent?.visible(name) ?? false);
  }

  bind(name: string, pos: Pos): number {
    if (SPECIAL_FORMS.has(name)) throw new DataError(`cannot bind ${name}: it is a special form`, pos);
    const slot = this.nextSlot++;
    this.blocks[this.blocks.length - 1]!.set(name, slot);
    return slot;
  }

  push(): void {
    this.blocks.push(new Map());
  }

  pop(): void {
    this.blocks.pop();
  }
}

interface LoopTarget {
  slots: number[];
  scope: Scope;
}

export interface Ctx {
  scope: Scope;
  /** in tail position of the innermost loop's body (where recur may appear) */
  tail: boolean;
  loop: LoopTarget | null;
}

export const nonTail = (ctx: Ctx): Ctx => (ctx.tail ? { ...ctx, tail: false } : ctx);

export function at(pos: Pos, scope: Scope): Pos {
  return { line: pos.line, col: pos.col, fn: scope.name };
}

/** Is this form the name of one of the contract's maps (and not shadowed by a local)? */
export function isMapName(f: Form | undefined, scope: Scope): boolean {
  return (
    f?.kind === "symbol" && scope.lookup(f.name) === undefined && (scope.contract?.maps.has(f.name) ?? false)
  );
}

export function symbolName(f: Form | undefined): string | undefined {
  return f?.kind === "symbol" ? f.name : undefined;
}

export function expectSymbol(f: Form | undefined, what: string, pos: Pos): string {
  if (f?.kind !== "symbol") throw new DataError(`expected ${what} (a name)`, f?.pos ?? pos);
  return f.name;
}

export function arity(items: Form[], min: number, max: number, name: string, pos: Pos): void {
  const n = items.length - 1;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new DataError(`${name} takes ${want} argument${want === "1" ? "" : "s"}, got ${n}`, pos);
  }
}

function truthy(v: Value): boolean {
  return v !== false && v !== null;
}

export function compile(form: Form, ctx: Ctx): Node {
  const scope = ctx.scope;
  if (++scope.depth > scope.maxDepth) scope.maxDepth = scope.depth;
  try {
    return compileForm(form, ctx);
  } finally {
    scope.depth--;
  }
}

/** Compiles a body (one or more forms, the last in tail position) into one node. */
export function compileBody(forms: Form[], ctx: Ctx, pos: Pos): Node {
  if (forms.length === 0) throw new DataError("expected at least one expression in the body", pos);
  const nodes = forms.map((f, i) => compile(f, i === forms.length - 1 ? ctx : nonTail(ctx)));
  if (nodes.length === 1) return nodes[0]!;
  const cost = GAS.control * (nodes.length - 1);
  return (fr) => {
    charge(cost);
    const last = nodes.length - 1;
    for (let i = 0; i < last; i++) nodes[i]!(fr);
    return nodes[last]!(fr);
  };
}

function compileForm(form: Form, ctx: Ctx): Node {
  switch (form.kind) {
    case "int":
    case "string":
    case "bool":
    case "address": {
      const v: Value = form.value;
      return () => v;
    }
    case "nil":
      return () => null;
    case "symbol":
      return compileSymbol(form.name, form.pos, ctx);
    case "list":
      return compileList(form, ctx);
  }
}

function compileSymbol(name: string, pos: Pos, ctx: Ctx): Node {
  const scope = ctx.scope;
  const slot = scope.lookup(name);
  if (slot !== undefined) return (fr) => fr[slot]!;
  const contract = scope.contract;
  if (contract) {
    if (contract.vars.has(name)) return contractVarRead(name, at(pos, scope));
    const fn = contract.fns.get(name);
    if (fn) return () => contract.table[fn.index]!;
    if (contract.maps.has(name))
      throw new DataError(`map ${name} is not a value: use it with get, put!, del! or has?`, pos);
  }
  if (CONTEXT_NAMES.has(name)) return compileContext(name);
  const b = builtinValue(name);
  if (b) return () => b;
  if (SPECIAL_FORMS.has(name) || EFFECT_FORMS.has(name))
    throw new DataError(`${name} is a special form and cannot be used as a value`, pos);
  const where = at(pos, scope);
  return () => runtimeError(`unknown name ${name}`, where);
}

function compileContext(name: string): Node {
  switch (name) {
    case "sender":
      return () => (charge(GAS.context), rt.frame.sender);
    case "origin":
      return () => (charge(GAS.context), rt.host.origin);
    case "self":
      return () => (charge(GAS.context), rt.frame.self);
    case "block-number":
      return () => (charge(GAS.context), rt.host.blockNumber);
    case "block-time":
      return () => (charge(GAS.context), rt.host.blockTime);
    case "chain-id":
      return () => (charge(GAS.context), rt.host.chainId);
    default: // gas-left: what is left after paying for this read
      return () => (charge(GAS.context), BigInt(rt.gas));
  }
}

function compileList(form: Form & { kind: "list" }, ctx: Ctx): Node {
  const items = form.items;
  const pos = form.pos;
  if (items.length === 0) return () => [];
  const head = symbolName(items[0]);
  const scope = ctx.scope;
  if (head !== undefined && scope.lookup(head) === undefined) {
    if (SPECIAL_FORMS.has(head)) return compileSpecial(head, form, ctx);
    // (get m k) on a declared map is storage access, even when the contract has a function named get
    if ((head === "get" || head === "has?") && isMapName(items[1], scope))
      return compileEffect(head, form, nonTail(ctx));
    const contractFn = scope.contract?.fns.get(head);
    if (contractFn) return compileContractFnCall(contractFn, head, form, ctx);
    if (scope.contract?.maps.has(head))
      throw new DataError(`map ${head} cannot be called: use (get ${head} key default)`, pos);
    if (EFFECT_FORMS.has(head)) return compileEffect(head, form, nonTail(ctx));
    const spec = BUILTINS[head];
    if (spec) {
      arity(items, spec.min, spec.max, head, pos);
      return compileBuiltinCall(head, items.slice(1), nonTail(ctx), at(pos, scope));
    }
  }
  // a call through a value: a local holding a closure, a builtin passed around, an expression
  const fnNode = compile(items[0]!, nonTail(ctx));
  const args = items.slice(1).map((a) => compile(a, nonTail(ctx)));
  const where = at(pos, scope);
  if (args.length === 1) {
    const a0 = args[0]!;
    return (fr) => applyValue(fnNode(fr), [a0(fr)], where);
  }
  if (args.length === 2) {
    const a0 = args[0]!;
    const a1 = args[1]!;
    return (fr) => applyValue(fnNode(fr), [a0(fr), a1(fr)], where);
  }
  return (fr) => {
    const f = fnNode(fr);
    const vals = args.map((a) => a(fr));
    return applyValue(f, vals, where);
  };
}

function compileContractFnCall(
  fn: { index: number; arity: number },
  name: string,
  form: Form & { kind: "list" },
  ctx: Ctx,
): Node {
  arity(form.items, fn.arity, fn.arity, name, form.pos);
  const table = ctx.scope.contract!.table;
  const args = form.items.slice(1).map((a) => compile(a, nonTail(ctx)));
  const where = at(form.pos, ctx.scope);
  return (fr) =>
    callClosure(
      table[fn.index]!,
      args.map((a) => a(fr)),
      where,
    );
}

/** Calls of builtins: the hot binary ops specialised, the rest through the builtin table. */
function compileBuiltinCall(name: string, argForms: Form[], ctx: Ctx, pos: Pos): Node {
  if (argForms.length === 2 && BINARY_OPS.has(name))
    return compileBinary(name as BinOp, operand(argForms[0]!, ctx), operand(argForms[1]!, ctx), pos);
  const args = argForms.map((a) => compile(a, ctx));
  const impl = BUILTINS[name]!.impl;
  if (args.length === 1) {
    const a = args[0]!;
    return (fr) => impl([a(fr)], pos);
  }
  if (args.length === 2) {
    const a = args[0]!;
    const b = args[1]!;
    return (fr) => impl([a(fr), b(fr)], pos);
  }
  return (fr) =>
    impl(
      args.map((a) => a(fr)),
      pos,
    );
}

function compileSpecial(head: string, form: Form & { kind: "list" }, ctx: Ctx): Node {
  const items = form.items;
  const pos = form.pos;
  const scope = ctx.scope;
  switch (head) {
    case "quote": {
      arity(items, 1, 1, "quote", pos);
      const v = formToValue(items[1]!);
      return () => v;
    }
    case "if": {
      arity(items, 2, 3, "if", pos);
      const fused = compileCompareIf(items, ctx);
      if (fused) return fused;
      const test = compile(items[1]!, nonTail(ctx));
      const then = compile(items[2]!, ctx);
      const otherwise = items[3] ? compile(items[3], ctx) : () => null;
      return (fr) => {
        charge(GAS.control);
        const t = test(fr);
        return t !== false && t !== null ? then(fr) : otherwise(fr);
      };
    }
    case "cond": {
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
    }
    case "do":
      if (items.length === 1) return () => null;
      return compileBody(items.slice(1), ctx, pos);
    case "and":
    case "or": {
      const parts = items.slice(1).map((f) => compile(f, nonTail(ctx)));
      const isAnd = head === "and";
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
    case "let":
      return compileLet(form, ctx);
    case "fn":
      return compileFn(form, ctx, "fn");
    case "loop":
      return compileLoop(form, ctx);
    case "recur":
      return compileRecur(form, ctx);
    case "deploy":
      return compileEffect(head, form, nonTail(ctx));
    case "set!":
    case "put!":
    case "del!":
      return compileEffect(head, form, nonTail(ctx));
    case "contract":
      throw new DataError("a contract is deployed with (deploy (contract …))", pos);
    default:
      throw new DataError(`${head} may only appear at the top level of a contract`, at(pos, scope));
  }
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

function compileLet(form: Form & { kind: "list" }, ctx: Ctx): Node {
  const items = form.items;
  if (items.length < 3) throw new DataError("let takes bindings and a body: (let ((x 1)) body…)", form.pos);
  const scope = ctx.scope;
  const binds = bindings(items[1], "let", form.pos);
  scope.push();
  const slots: number[] = [];
  const inits: Node[] = [];
  for (const b of binds) {
    // sequential: each init sees the bindings before it
    inits.push(
      b.init.kind === "list" && symbolName(b.init.items[0]) === "fn" && scope.lookup("fn") === undefined
        ? compileFn(b.init, ctx, b.name)
        : compile(b.init, nonTail(ctx)),
    );
    slots.push(scope.bind(b.name, b.pos));
  }
  const body = compileBody(items.slice(2), ctx, form.pos);
  scope.pop();
  const cost = GAS.control * binds.length;
  if (slots.length === 1) {
    const s0 = slots[0]!;
    const i0 = inits[0]!;
    return (fr) => {
      charge(cost);
      fr[s0] = i0(fr);
      return body(fr);
    };
  }
  return (fr) => {
    charge(cost);
    for (let i = 0; i < slots.length; i++) fr[slots[i]!] = inits[i]!(fr);
    return body(fr);
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

function params(form: Form | undefined, pos: Pos): { name: string; pos: Pos }[] {
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
 * Compiles a function body in its own scope. Parameters take slots 0…n−1 and captured values the
 * slots after them, so a call can lay out its frame without looking at names.
 */
export function compileFunction(
  name: string,
  paramList: { name: string; pos: Pos }[],
  body: Form[],
  parent: Scope | null,
  contract: ContractInfo | null,
  pos: Pos,
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

function compileFn(form: Form & { kind: "list" }, ctx: Ctx, name: string): Node {
  const items = form.items;
  if (items.length < 3) throw new DataError("fn takes parameters and a body: (fn (a b) body…)", form.pos);
  const ps = params(items[1], form.pos);
  const { template, captures } = compileFunction(
    name,
    ps,
    items.slice(2),
    ctx.scope,
    ctx.scope.contract,
    form.pos,
  );
  const cost = GAS.closure + GAS.callArgument * captures.length;
  if (captures.length === 0) {
    return () => (charge(cost), new Closure(template, []));
  }
  return (fr) => {
    charge(cost);
    const values = new Array<Value>(captures.length);
    for (let i = 0; i < captures.length; i++) values[i] = fr[captures[i]!]!;
    return new Closure(template, values);
  };
}

function compileLoop(form: Form & { kind: "list" }, ctx: Ctx): Node {
  const items = form.items;
  if (items.length < 3) throw new DataError("loop takes bindings and a body: (loop ((i 0)) body…)", form.pos);
  const scope = ctx.scope;
  const binds = bindings(items[1], "loop", form.pos);
  scope.push();
  const slots: number[] = [];
  const inits: Node[] = [];
  for (const b of binds) {
    inits.push(compile(b.init, nonTail(ctx)));
    slots.push(scope.bind(b.name, b.pos));
  }
  const body = compileBody(items.slice(2), { scope, tail: true, loop: { slots, scope } }, form.pos);
  scope.pop();
  const cost = GAS.control * binds.length;
  return (fr) => {
    charge(cost);
    for (let i = 0; i < slots.length; i++) fr[slots[i]!] = inits[i]!(fr);
    for (;;) {
      const r = body(fr);
      if (r !== RECUR) return r;
    }
  };
}

function compileRecur(form: Form & { kind: "list" }, ctx: Ctx): Node {
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
