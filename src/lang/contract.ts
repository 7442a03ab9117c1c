// Contracts (docs/spec.md §5 "Contracts"): `(contract NAME form…)` with defvar, defmap, defn, defn- and
// defview. Compiled once; the canonical printed source is what the chain stores, so code can be read
// on GitHub and recompiled to the same thing anywhere.

import { checkArity } from "./arity.ts";
import { type ContractInfo, expectSymbol, FORMS } from "./compile.ts";
import { DataError, type Pos } from "./errors.ts";
import type { CompiledContract, ContractFunction, FunctionKind } from "./host.ts";
import { printForm } from "./printer.ts";
import { type Form, isHead, readOne } from "./reader.ts";
import { compileFunction, params } from "./special-forms.ts";
import { Closure, nameTable } from "./values.ts";

/** The definition forms of functions, and the kind each defines. */
export const KINDS = nameTable<FunctionKind>({ defn: "public", "defn-": "private", defview: "view" });

/**
 * Compiles a contract from its canonical printed source, whatever text it was written in: the state
 * stores that source, so positions in runtime errors ("at 1:239") must refer to it. Compiling the
 * deploy transaction's own text would give other positions in the deploying process than in any later
 * one, and receipts would differ between apply and verify. `refusal`: the sentence for a form that is
 * not a contract.
 */
export function compileContract(
  written: Form,
  refusal = "expected a contract: (contract Name …)",
): CompiledContract {
  if (!isHead(written, "contract")) throw new DataError(refusal, written.pos);
  return compileCanonical(readOne(printForm(written)) as Form & { kind: "list" });
}

/**
 * Compiles a contract form as given. The chain compiles only canonical source (above); `check` compiles
 * the author's own text, so that its findings name lines of the author's file.
 */
export function compileCanonical(form: Form & { kind: "list" }): CompiledContract {
  checkArity("contract", form.items, form.pos);
  const name = expectSymbol(form.items[1], "the contract's name after contract", form.pos);
  const source = printForm(form);
  const info: ContractInfo = { name, source, vars: new Set(), maps: new Set(), fns: new Map(), table: [] };

  // first pass: every name, so bodies may refer to functions defined later
  const definitions = form.items.slice(2).map((f) => {
    if (f.kind !== "list" || f.items[0]?.kind !== "symbol")
      throw new DataError("a contract holds only defvar, defmap, defn, defn- and defview forms", f.pos);
    const head = f.items[0].name;
    if (head !== "defvar" && head !== "defmap" && !(head in KINDS))
      throw new DataError(
        `${head} is not allowed in a contract: use defvar, defmap, defn, defn- or defview`,
        f.pos,
      );
    checkArity(head, f.items, f.pos);
    const n = expectSymbol(f.items[1], `a name after ${head}`, f.pos);
    if (info.vars.has(n) || info.maps.has(n) || info.fns.has(n))
      throw new DataError(`${n} is declared twice in contract ${name}`, f.items[1]!.pos);
    if (FORMS[n]?.kind === "special")
      throw new DataError(`${n} is a special form and cannot be declared`, f.items[1]!.pos);
    if (head === "defvar") info.vars.add(n);
    else if (head === "defmap") info.maps.add(n);
    else {
      const ps = f.items[2]!;
      if (ps.kind !== "list") throw new DataError(`expected the parameter list of ${n}`, ps.pos);
      info.fns.set(n, { index: info.fns.size, arity: ps.items.length });
    }
    return { head, name: n, items: f.items, pos: f.pos };
  });
  /** a definition's body compiled as a function of the contract, named Contract.name */
  const closure = (n: string, ps: { name: string; pos: Pos }[], body: Form[], pos: Pos) =>
    new Closure(compileFunction(`${name}.${n}`, ps, body, pos, null, info).template, []);

  const functions = new Map<string, ContractFunction>();
  for (const { head, name: fname, items, pos } of definitions) {
    const kind = KINDS[head];
    if (kind === undefined) continue;
    // every parameter a name (in order), then none twice: params' own check
    const list = items[2] as Form & { kind: "list" };
    for (const p of list.items) expectSymbol(p, "a parameter name", p.pos);
    const ps = params(list, pos);
    const fn = closure(fname, ps, items.slice(3), pos);
    info.table.push(fn);
    functions.set(fname, { kind, params: ps.map((p) => p.name), closure: fn });
  }
  const vars = definitions
    .filter((d) => d.head === "defvar")
    .map((d) => ({ name: d.name, init: closure(d.name, [], [d.items[2]!], d.pos) }));
  return { name, source, vars, maps: info.maps, functions };
}
