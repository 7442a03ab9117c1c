// `tinychain check` (docs/spec.md §7): static analysis of a contract or a program before anything runs, on the
// author's own text, so every finding names a line of the author's file. The compiler already refuses
// what it cannot compile (arity of special forms, recur outside a tail position, set! of an undeclared
// variable) but stops at the first; this walk finds the rest, and what the compiler leaves to run time:
// unknown names (with "did you mean"), wrong arity of builtins and of the contract's own functions, a
// view that writes, storage names that are not declared, and what is declared and never used.

import { MAX_TX_FILE_BYTES, transactionFileBytes } from "../chain/transaction.ts";
import { MAX_DATA_BYTES } from "../chain/transition.ts";
import { ArityError, arityMessage, arityProblem } from "../lang/arity.ts";
import { BUILTINS } from "../lang/builtins.ts";
import { compileCanonical, KINDS } from "../lang/contract.ts";
import { DataError, type Pos } from "../lang/errors.ts";
import { FORMS } from "../lang/forms.ts";
import type { ListForm } from "../lang/reader.ts";
import { type Form, isHead, readAll, symbolName } from "../lang/reader.ts";
import { CONTEXT } from "../lang/runtime.ts";
import { utf8Length } from "../lang/values.ts";
import { compileProgram } from "../lang/vm.ts";
import { closest, didYouMean } from "./closest.ts";

/**
 * One definition of a contract as written: `(head name …)`, `pos` where its name is, a function's
 * parameter names (undefined for defvar and defmap) and how many it takes, its body (a function's, or
 * a defvar's initial value).
 */
export type Definition = ReturnType<typeof definitions>[number];

/**
 * The well-shaped definitions of a contract form, in order, for the walks that read the author's text
 * (check, the gas bound); the compiler names the malformed ones.
 */
export function definitions(form: ListForm) {
  return form.items.slice(2).flatMap((d) => {
    const [head, name] = d.kind === "list" ? [symbolName(d.items[0]), symbolName(d.items[1])] : [];
    if (!head || !name || d.kind !== "list") return [];
    const ps = d.items[2];
    const list = head in KINDS && ps?.kind === "list" ? ps.items : undefined;
    const params = list?.flatMap((p) => (p.kind === "symbol" ? [p.name] : []));
    const body = d.items.slice(list ? 3 : 2);
    return [{ head, name, pos: d.items[1]!.pos, params, arity: list?.length ?? 0, body }];
  });
}

/** Every contract form of a file's forms, in order, those deployed inside others or inside programs too. */
export function contractsIn(forms: Form[]): ListForm[] {
  return forms.flatMap((f) =>
    f.kind !== "list" ? [] : [...(isHead(f, "contract") ? [f] : []), ...contractsIn(f.items)],
  );
}

export type Finding = ReturnType<typeof finding>;

/** what a view may not do (docs/spec.md §5 "Views") */
const WRITES: Record<string, string> = {
  "set!": "writes a variable",
  "put!": "writes a map",
  "del!": "deletes from a map",
  transfer: "transfers sneed",
  "call-value": "sends sneed",
  "try-call-value": "sends sneed",
  emit: "emits an event",
  deploy: "deploys a contract",
  "system-mint": "mints sneed",
  "system-move": "moves sneed",
};

type Declared = { pos: Pos; used: boolean };
interface Fn extends Declared {
  kind: "public" | "private" | "view";
  arity: number;
  /** the first thing it does that a view may not, and the contract functions it calls */
  writes?: { pos: Pos; what: string };
  calls: { name: string; pos: Pos }[];
}
type Contract = Record<"vars" | "maps", Map<string, Declared>> & { fns: Map<string, Fn> };

/** Checks the text of a file: every finding, sorted by position. */
export function checkSource(text: string): Finding[] {
  let forms: Form[];
  try {
    forms = readAll(text);
  } catch (e) {
    if (e instanceof DataError) return [finding(e.pos, "error", "E_SYNTAX", bare(e))];
    throw e;
  }
  const findings: Finding[] = [];
  const contracts: Contract[] = [];

  const report = (...f: Parameters<typeof finding>) => findings.push(finding(...f));

  function contract(form: ListForm): void {
    const c: Contract = { vars: new Map(), maps: new Map(), fns: new Map() };
    // the arity of the contract form and of its definitions, at the author's position (a deployed
    // contract is compiled from its canonical text, whose positions are not the author's)
    for (const d of [form, ...form.items.slice(2)]) if (d.kind === "list") arity(d);
    const bodies: { fn: Fn | null; forms: Form[]; scope: Scopes }[] = [];
    for (const { head, name, pos, params, arity, body } of definitions(form)) {
      if (c.vars.has(name) || c.maps.has(name) || c.fns.has(name)) {
        report(pos, "error", "E_DUPLICATE", `${name} is defined twice in this contract`);
        continue;
      }
      const table = head === "defvar" ? c.vars : head === "defmap" ? c.maps : params && c.fns;
      const d: Fn = { kind: KINDS[head]!, arity, pos, used: false, calls: [] };
      table?.set(name, d);
      // a defvar's initial value, a function's body with its parameters (never reported unused)
      const scope = [new Map(params?.map((p) => [p, { pos, used: true }]))];
      if (head === "defvar" || table === c.fns) bodies.push({ fn: params ? d : null, forms: body, scope });
    }
    contracts.push(c);
    for (const b of bodies) walkAll(b.forms, b.scope, b.fn);
    contracts.pop();
    // a view may not write, nor call a function of its contract that does (directly or further down)
    const writes = (name: string, seen = new Set<string>()): { pos: Pos; what: string } | undefined => {
      const fn = c.fns.get(name);
      if (!fn || seen.has(name)) return undefined;
      seen.add(name);
      if (fn.writes) return fn.writes;
      for (const call of fn.calls)
        if (writes(call.name, seen)) return { pos: call.pos, what: `calls ${call.name}, which writes` };
      return undefined;
    };
    for (const [name, d] of c.vars)
      if (!d.used) report(d.pos, "warning", "W_UNUSED", `variable ${name} is never read or set`);
    for (const [name, d] of c.maps)
      if (!d.used) report(d.pos, "warning", "W_UNUSED", `map ${name} is never used`);
    for (const [name, fn] of c.fns) {
      const w = fn.kind === "view" ? writes(name) : undefined;
      if (w) report(w.pos, "error", "E_VIEW_WRITES", `view ${name} ${w.what}: a view only reads (use defn)`);
      if (fn.kind === "private" && !fn.used)
        report(fn.pos, "warning", "W_UNUSED", `private function ${name} is never called`);
    }
  }

  /** Walks one form: `scope` the locals, `fn` the contract function it belongs to (null: none). */
  function walk(form: Form, scope: Scopes, fn: Fn | null) {
    if (form.kind === "symbol") return value(form.name, form.pos, scope);
    if (form.kind !== "list" || form.items.length === 0) return;
    const [head, ...args] = form.items;
    const name = symbolName(head)!;
    const c = contracts.at(-1);
    const kind = kindOf(form, (n) => lookup(scope, n), c);
    if (kind === "value") return walkAll(form.items, scope, fn);
    const write = WRITES[name];
    if (write && fn && !c?.fns.has(name)) fn.writes ??= { pos: form.pos, what: write };
    if (kind === "special" || kind === "effect") {
      if (!arity(form)) return special(name, form, scope, fn);
      // its names are still read: an arity mistake is one finding, not also "never used"
      const mark = (f: Form): void => {
        const local = f.kind === "symbol" ? lookup(scope, f.name) : undefined;
        if (local) local.used = true;
        else if (f.kind === "list") f.items.forEach(mark);
      };
      return args.forEach(mark);
    }
    if (kind === "own") {
      const own = c!.fns.get(name)!;
      own.used = true;
      fn?.calls.push({ name, pos: form.pos });
      if (args.length !== own.arity)
        report(form.pos, "error", "E_ARITY", arityMessage(name, own.arity, own.arity, args.length));
    } else if (kind === "unknown") value(name, head!.pos, scope);
    else arity(form);
    if (kind === "map") c!.maps.get(symbolName(args.shift())!)!.used = true;
    walkAll(args, scope, fn);
  }

  function walkAll(forms: Form[], scope: Scopes, fn: Fn | null): void {
    for (const f of forms) walk(f, scope, fn);
  }

  /** Reports a form of the arity table (lang/arity.ts) given a wrong number of arguments; whether it was. */
  function arity(form: ListForm): boolean {
    const problem = arityProblem(symbolName(form.items[0]) ?? "", form.items.length - 1);
    if (problem) report(form.pos, "error", "E_ARITY", problem);
    return problem !== undefined;
  }

  /** A name used as a value. */
  function value(name: string, pos: Pos, scope: Scopes): void {
    const c = contracts.at(-1);
    const declared = lookup(scope, name) ?? c?.vars.get(name) ?? c?.maps.get(name) ?? c?.fns.get(name);
    if (declared) declared.used = true;
    if (declared || CONTEXT[name] || BUILTINS[name] || FORMS[name]) return;
    const tables = [...scope, ...(c ? [c.vars, c.maps, c.fns] : [])];
    const known = [
      ...tables.flatMap((t) => [...t.keys()]),
      ...[CONTEXT, BUILTINS, FORMS].flatMap(Object.keys),
    ];
    const near = closest(name, known);
    const hint = near ? ` (${didYouMean(near)})` : "";
    report(pos, "error", "E_UNKNOWN_NAME", `unknown name ${name}${hint}`);
  }

  function special(name: string, form: ListForm, scope: Scopes, fn: Fn | null): void {
    const [, ...args] = form.items;
    const c = contracts.at(-1);
    const walkHere = (forms: Form[], inner = scope) => walkAll(forms, inner, fn);
    const target = symbolName(args[0]);
    if (name === "quote") return;
    if (name === "let" || name === "loop" || name === "fn") {
      const locals = new Map<string, Declared>();
      const inner = [...scope, locals];
      for (const b of args[0]?.kind === "list" ? args[0].items : []) {
        // a parameter; a binding and its value (the compiler names a malformed one)
        const [local, value] = name === "fn" ? [b] : b.kind === "list" ? b.items : [];
        if (value) walk(value, name === "let" ? inner : scope, fn);
        const n = symbolName(local);
        // a parameter and a loop's binding are never reported unused
        if (n) locals.set(n, { pos: local!.pos, used: name !== "let" || n.startsWith("_") });
      }
      walkHere(args.slice(1), inner);
      const unused = (x: string) => `${x} is bound and never used (name it _${x} if that is meant)`;
      for (const [local, d] of locals) if (!d.used) report(d.pos, "warning", "W_UNUSED", unused(local));
    } else if (name === "cond") {
      for (const clause of args)
        if (clause.kind === "list")
          walkHere(clause.items.filter((f, i) => !(i === 0 && symbolName(f) === "else")));
    } else if (name === "deploy") {
      if (args[0] && isHead(args[0], "contract")) contract(args[0] as ListForm);
      else walkHere(args);
    } else if (name === "set!" || name === "put!" || name === "del!") {
      const kind = name === "set!" ? "variable" : "map";
      const names = kind === "variable" ? c?.vars : c?.maps;
      const declared = target ? names?.get(target) : undefined;
      if (declared) declared.used = true;
      else if (target && !(kind === "variable" && lookup(scope, target))) {
        const near = closest(target, [...(names?.keys() ?? [])]);
        const how = kind === "variable" ? `(defvar ${target} …)` : `(defmap ${target})`;
        const say = `${target} is not a declared ${kind}: declare it with ${how}${near ? `, or ${didYouMean(near)}` : ""}`;
        report(args[0]!.pos, "error", "E_UNDECLARED", say);
      }
      walkHere(args.slice(1));
    } else walkHere(name === "emit" ? args.slice(1) : args); // emit's first argument names the event
  }

  // the walk: each contract form, and each form of a program
  for (const f of forms) {
    if (isHead(f, "contract")) contract(f as ListForm);
    else walk(f, [], null);
  }
  // the compiler's own refusals, where the walk has not already named the spot
  const compile = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      const at = e.pos ?? { line: 1, col: 1 };
      if (!findings.some((x) => x.severity === "error" && x.line === at.line && x.col === at.col))
        report(at, "error", e instanceof ArityError ? "E_ARITY" : "E_COMPILE", bare(e));
    }
  };
  for (const f of forms) if (isHead(f, "contract")) compile(() => compileCanonical(f as ListForm));
  // a contract file is the data of its deploy transaction as written (client/programs.ts deployProgram)
  const deploys = forms.length === 1 && isHead(forms[0]!, "contract");
  const big = deploys && txSizeProblem(`(deploy ${text.trim()})`);
  if (big) report(forms[0]!.pos, "error", "E_TX_SIZE", `its deploy transaction ${big}`);
  if (!forms.every((f) => isHead(f, "contract"))) compile(() => compileProgram(text));
  return findings.sort((a, b) => a.line - b.line || a.col - b.col);
}

/**
 * Why the chain must refuse a transaction of this data for its size (docs/spec.md §3: data at most 32 KiB,
 * the file 64 KiB), or undefined; `fileBytes` is the file's size, by default the least it can be.
 */
export function txSizeProblem(data: string, fileBytes = leastFileBytes(data)): string | undefined {
  const n = utf8Length(data);
  if (n > MAX_DATA_BYTES)
    return `would carry ${n} bytes of data (its text as written, comments too), over the chain's limit of ${MAX_DATA_BYTES} (32 KiB)`;
  if (fileBytes > MAX_TX_FILE_BYTES)
    return `would be a file of ${fileBytes} bytes, over the chain's limit of ${MAX_TX_FILE_BYTES} (64 KiB)`;
  return undefined;
}

/** The file of a transaction of this data with its other fields at their shortest (data escaped as JSON). */
const leastFileBytes = (data: string) => {
  const [from, signature] = [`0x${"0".repeat(40)}`, `0x${"0".repeat(130)}`];
  const tx = { chainId: 0, from, nonce: 0, gasLimit: 0, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };
  return transactionFileBytes({ ...tx, data, signature }).length;
};

/** A finding as `file:line:col: severity CODE: sentence` (the file left out when there is none). */
export function findingText(f: Finding, file?: string): string {
  return `${file ? `${file}:` : ""}${f.line}:${f.col}: ${f.severity} ${f.code}: ${f.message}`;
}

/** A DataError's sentence without the line:col it starts with (a finding carries its own). */
const bare = (e: DataError) => e.message.replace(/^\d+:\d+: /, "");

export function finding(pos: Pos | undefined, severity: "error" | "warning", code: string, message: string) {
  return { line: pos?.line ?? 1, col: pos?.col ?? 1, severity, code, message };
}

/** The locals in scope, innermost last; each records whether it was read. */
type Scopes = Map<string, Declared>[];

/**
 * What a list form is, as the compiler reads it (compile.ts compileList), for the walks of the author's
 * text: a call through a value (its head not a name, or a local's), a special form, a read of a declared
 * map, a call of a function of the contract, an effect, a builtin, or a name that is none of these.
 */
export function kindOf(
  form: ListForm,
  local: (name: string) => unknown,
  c?: Record<"maps" | "fns", Map<string, unknown>>,
) {
  const [head, map] = [symbolName(form.items[0]), symbolName(form.items[1])];
  if (head === undefined || local(head)) return "value";
  if (FORMS[head]?.kind === "special") return "special";
  // (get m k) on a declared map is storage access even when the contract has a function named get
  if ((head === "get" || head === "has?") && map && !local(map) && c?.maps.has(map)) return "map";
  if (c?.fns.has(head)) return "own";
  return FORMS[head] ? "effect" : BUILTINS[head] ? "builtin" : "unknown";
}

/** The innermost local of that name. */
const lookup = (scope: Scopes, name: string) =>
  scope.reduceRight<Declared | undefined>((found, s) => found ?? s.get(name), undefined);
