// The compiler: forms → a tree of JS closures ("closure compilation"). Each node is a function of the
// current call frame (an array of slots) that returns a Value. Names are resolved once, here: a local
// becomes a slot index, a builtin a direct call, a contract variable a storage access (storage.ts),
// and a form of the FORMS table (declared here, filled by forms.ts, like clox's rules[]) its own
// compile function. Arity is checked here, against the one table of arity.ts, for every form, builtin
// and storage read, and reported as E_DATA with line:col; everything that depends on values (types,
// overflow, unknown names that are reached) is a runtime error with status 3.

import { ArityError, arityMessage, checkArity } from "./arity.ts";
import { BUILTIN_VALUES, BUILTINS } from "./builtins.ts";
import { DataError, type Pos } from "./errors.ts";
import { BINARY_OPS, type BinOp, compileBinary, type Operand } from "./fast-ops.ts";
import { GAS } from "./gas.ts";
import { type Form, type ListForm, symbolName } from "./reader.ts";
import { applyValue, CONTEXT, charge, type Node, runtimeError } from "./runtime.ts";
import { contractVarRead, mapRead } from "./storage.ts";
import { type Closure, nameTable, type Value } from "./values.ts";

/** A form's kind and compile function; its arity is in the one table of arity.ts (checked here). */
export interface FormRule {
  kind: "special" | "effect";
  compile: (form: ListForm, ctx: Ctx) => Node;
}

/**
 * The forms table: declared here, where forms are compiled, and filled by forms.ts, which sits above
 * the special forms and effects it names (so no module imports its own importer). vm.ts loads it.
 */
export const FORMS = nameTable<FormRule>({});

export interface ContractInfo {
  name: string;
  /** the canonical printed source being compiled (what `tinychain test --coverage` counts by) */
  source: string;
  vars: Set<string>;
  maps: Set<string>;
  fns: Map<string, { index: number; arity: number }>;
  /** filled once every function is compiled, so functions can call each other in any order */
  table: Closure[];
}

/** The compile-time scope of one function body. */
export class Scope {
  /** the names bound in this body: a block per enclosing let or loop (compileLetOrLoop), innermost last */
  readonly blocks: Map<string, number>[] = [new Map()];
  nextSlot = 0;
  depth = 0;
  maxDepth = 0;

  constructor(
    readonly name: string,
    readonly parent: Scope | null,
    readonly contract: ContractInfo | null,
  ) {
    // a host bug, never a user's: compiling before the table is filled would refuse every form
    if (FORMS.quote === undefined)
      throw new Error("internal: lang/forms.ts was not loaded (import lang/vm.ts)");
  }

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
    if (FORMS[name]?.kind === "special")
      throw new DataError(`cannot bind ${name}: it is a special form`, pos);
    const slot = this.nextSlot++;
    this.blocks[this.blocks.length - 1]!.set(name, slot);
    return slot;
  }
}

export interface Ctx {
  scope: Scope;
  /** in tail position of the innermost loop's body (where recur may appear) */
  tail: boolean;
  /** the innermost loop: the slots its recur sets, and the scope (function body) it is in */
  loop: { slots: number[]; scope: Scope } | null;
}

export const nonTail = (ctx: Ctx): Ctx => (ctx.tail ? { ...ctx, tail: false } : ctx);

export function at(pos: Pos, scope: Scope): Pos {
  return { line: pos.line, col: pos.col, fn: scope.name };
}

export function expectSymbol(f: Form | undefined, what: string, pos: Pos): string {
  if (f?.kind !== "symbol") throw new DataError(`expected ${what} (a name)`, f?.pos ?? pos);
  return f.name;
}

/**
 * `tinychain test --coverage` (src/testing/coverage.ts): sees each form as it is compiled, with its
 * contract, and may return a node that counts its runs. Null on every other path, where the compiled
 * code is exactly what it was.
 */
let formProbe: ((form: Form, contract: ContractInfo | null, node: Node) => Node) | null = null;
export function setFormProbe(probe: typeof formProbe): void {
  formProbe = probe;
}

export function compile(form: Form, ctx: Ctx): Node {
  const scope = ctx.scope;
  if (++scope.depth > scope.maxDepth) scope.maxDepth = scope.depth;
  try {
    const node = compileForm(form, ctx);
    return formProbe === null ? node : formProbe(form, scope.contract, node);
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
    if (contract.vars.has(name)) return contractVarRead(name);
    const fn = contract.fns.get(name);
    if (fn) return () => contract.table[fn.index]!;
    if (contract.maps.has(name))
      throw new DataError(`map ${name} is not a value: use it with get, put!, del! or has?`, pos);
  }
  const context = CONTEXT[name];
  if (context) return () => (charge(GAS.context), context());
  const b = BUILTIN_VALUES[name];
  if (b) return () => b;
  if (FORMS[name]) throw new DataError(`${name} is a special form and cannot be used as a value`, pos);
  const where = at(pos, scope);
  return () => runtimeError(`unknown name ${name}`, where);
}

function compileList(form: ListForm, ctx: Ctx): Node {
  const items = form.items;
  const pos = form.pos;
  if (items.length === 0) return () => [];
  const head = symbolName(items[0]);
  const scope = ctx.scope;
  const contract = scope.contract;
  if (head !== undefined && scope.lookup(head) === undefined) {
    const rule = FORMS[head];
    if (rule?.kind === "special") return compileWithRule(rule, head, form, ctx);
    // (get m k) on a declared map is storage access, even when the contract has a function named get
    const map = symbolName(items[1]);
    const isMap = map !== undefined && scope.lookup(map) === undefined && contract?.maps.has(map);
    if ((head === "get" || head === "has?") && isMap) {
      checkArity(head, items, pos);
      const inner = nonTail(ctx);
      const [key, dflt] = items.slice(2).map((a) => compile(a, inner));
      return mapRead(map, key!, dflt, head === "get", at(pos, scope));
    }
    const fn = contract?.fns.get(head);
    if (fn) {
      if (items.length - 1 !== fn.arity)
        throw new ArityError(arityMessage(head, fn.arity, fn.arity, items.length - 1), pos);
      return callNode(() => contract!.table[fn.index]!, form, ctx);
    }
    if (contract?.maps.has(head))
      throw new DataError(`map ${head} cannot be called: use (get ${head} key default)`, pos);
    // effects can be shadowed by a contract function of the same name (SneedToken's transfer)
    if (rule) return compileWithRule(rule, head, form, nonTail(ctx));
    if (BUILTINS[head] !== undefined) {
      checkArity(head, items, pos);
      return compileBuiltinCall(head, items.slice(1), nonTail(ctx), at(pos, scope));
    }
  }
  // a call through a value: a local holding a closure, a builtin passed around, an expression
  return callNode(compile(items[0]!, nonTail(ctx)), form, ctx);
}

/** A call of the function `fnNode` gives (evaluated first), with the form's arguments. */
function callNode(fnNode: Node, form: ListForm, ctx: Ctx): Node {
  const args = form.items.slice(1).map((a) => compile(a, nonTail(ctx)));
  const where = at(form.pos, ctx.scope);
  const values = argValues(args);
  return (fr) => applyValue(fnNode(fr), values(fr), where);
}

/** The values of a call's arguments, in a fresh array (built directly for one or two arguments). */
function argValues(args: Node[]): (fr: Value[]) => Value[] {
  const [a, b] = args;
  if (args.length === 1) return (fr) => [a!(fr)];
  if (args.length === 2) return (fr) => [a!(fr), b!(fr)];
  return (fr) => args.map((n) => n(fr));
}

/** A form of the FORMS table: its arity checked (with its own usage line when it has one), then compiled. */
function compileWithRule(rule: FormRule, head: string, form: ListForm, ctx: Ctx): Node {
  checkArity(head, form.items, form.pos);
  return rule.compile(form, ctx);
}

/** How an operand of a hot binary op is fetched (fast-ops.ts): from a slot, as a constant, or by a node. */
export function operand(form: Form, ctx: Ctx): Operand {
  const node = compile(form, ctx);
  if (form.kind === "int") return { node, konst: form.value };
  if (form.kind === "symbol") {
    const slot = ctx.scope.lookup(form.name);
    if (slot !== undefined) return { node, slot };
  }
  return { node };
}

/** Calls of builtins: the hot binary ops specialised, the rest through the builtin table. */
function compileBuiltinCall(name: string, argForms: Form[], ctx: Ctx, pos: Pos): Node {
  if (argForms.length === 2 && BINARY_OPS.has(name))
    return compileBinary(name as BinOp, operand(argForms[0]!, ctx), operand(argForms[1]!, ctx), pos);
  const args = argForms.map((a) => compile(a, ctx));
  const impl = BUILTINS[name]!;
  const values = argValues(args);
  return (fr) => impl(values(fr), pos);
}
