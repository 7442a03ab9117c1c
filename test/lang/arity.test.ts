// One arity, declared once (issue 29): src/lang/arity.ts holds how many arguments every special form,
// definition, storage form, effect and builtin takes. The forms and builtins tables have no entry it
// lacks, docs/language.md's "Arity" table is a copy of it, and a call with one argument too few or too
// many of every entry, derived from the table, is refused by `check` (E_ARITY, at the call) and by the
// compiler, so it never runs: in a contract (where storage forms apply) and in a transaction program.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { ARITY, ArityError, arityWords } from "../../src/lang/arity.ts";
import { BUILTINS } from "../../src/lang/builtins.ts";
import { DataError } from "../../src/lang/errors.ts";
import { FORMS } from "../../src/lang/forms.ts";
import { readAll } from "../../src/lang/reader.ts";
import { evaluate } from "../../src/lang/vm.ts";
import { checkSource } from "../../src/tools/check.ts";
import { gasBounds } from "../../src/tools/cost.ts";
import { ROOT } from "../helpers.ts";

/** Arguments for a call of `name`: the first one names what the form works on, where it names one. */
function args(name: string, n: number, first: string): string[] {
  const named: Record<string, string> = { "set!": "v", "put!": "m", "del!": "m", emit: "Ev", fn: "(y)" };
  const definition = ARITY[name]!.kind === "definition";
  return Array.from({ length: n }, (_, i) => (i === 0 ? (named[name] ?? (definition ? "w" : first)) : "1"));
}

/** Every wrong-arity call the table implies: [name, call text]; get and has? also on a declared map. */
function wrongCalls(): { name: string; call: string; kind: string }[] {
  const out: { name: string; call: string; kind: string }[] = [];
  for (const [name, a] of Object.entries(ARITY)) {
    const counts = [...(a.min > 0 ? [a.min - 1] : []), ...(a.max !== Infinity ? [a.max + 1] : [])];
    const firsts = name === "get" || name === "has?" ? ["m", "(dict 1 2)"] : ["1"];
    for (const n of counts)
      for (const first of firsts)
        out.push({ name, kind: a.kind, call: `(${[name, ...args(name, n, first)].join(" ")})` });
  }
  return out;
}

const CONTRACT = (body: string, top = "") =>
  `(contract T\n  (defvar v 0)\n  (defmap m)\n  (defn f (x)\n    ${body}\n    (set! v (get m x 0)))${top})`;

describe("the one arity table", () => {
  it("has every form and builtin, and nothing else", () => {
    expect(Object.keys(ARITY).sort()).toEqual(
      [...new Set([...Object.keys(FORMS), ...Object.keys(BUILTINS)])].sort(),
    );
  });

  it("is copied in docs/language.md's Arity table", () => {
    const doc = readFileSync(join(ROOT, "docs/language.md"), "utf8");
    const rows = [
      ...doc.matchAll(/^\| `([^`]+)` \| (special|definition|storage|effect|builtin) \| ([^|]+) \|$/gm),
    ].map((m) => [m[1], `${m[2]}: ${m[3]}`]);
    const table = Object.entries(ARITY).map(([n, a]) => [n, `${a.kind}: ${arityWords(a.min, a.max)}`]);
    expect(rows).toEqual(table);
  });

  const calls = wrongCalls();
  it("derives a wrong call of every entry with a bound", () => {
    const named = new Set(calls.map((c) => c.name));
    const open = Object.entries(ARITY).filter(([, a]) => a.min === 0 && a.max === Infinity);
    expect(named.size + open.length).toBe(Object.keys(ARITY).length);
    expect(calls.map((c) => c.call)).toEqual(
      expect.arrayContaining(["(get m)", "(get m 1 1 1)", "(has? m 1 1)", "(set! v)", "(defvar w 1 1)"]),
    );
  });

  it.each(calls)(
    "refuses $call in a contract: check E_ARITY at the call, the compiler E_DATA",
    ({ call, kind }) => {
      // a definition goes where definitions go (a contract's top level); anything else in a function body
      const source =
        kind === "definition" && !call.startsWith("(contract")
          ? CONTRACT("x", `\n  ${call}`)
          : kind === "definition"
            ? call
            : CONTRACT(call);
      const line = kind === "definition" ? (call.startsWith("(contract") ? 1 : 7) : 5;
      const col = kind === "definition" ? (call.startsWith("(contract") ? 1 : 3) : 5;
      const findings = checkSource(source);
      expect(findings).toContainEqual(
        expect.objectContaining({ line, col, code: "E_ARITY", severity: "error" }),
      );
      const r = evaluate(`(deploy ${source})`, { gas: 10_000_000, host: emptyWorld() });
      expect(r).toBeInstanceOf(ArityError);
      expect((r as DataError).code).toBe("E_DATA");
      // the gas bound reads the same table: no bound for a function that does not compile
      if (kind !== "definition")
        for (const b of gasBounds(readAll(source))) if (b.fn === "f") expect(b).toHaveProperty("unbounded");
    },
  );

  it.each(calls.filter((c) => c.kind !== "definition"))("refuses $call in a program", ({ call }) => {
    const source = `(let ((x 1))\n  ${call})`;
    expect(checkSource(source)).toContainEqual(
      expect.objectContaining({ line: 2, col: 3, code: "E_ARITY", severity: "error" }),
    );
    expect(evaluate(source, { gas: 10_000_000, host: emptyWorld() })).toBeInstanceOf(DataError);
  });

  it("(get m) on a declared map: refused, where it used to reach 'internal error'", () => {
    const source = CONTRACT("(get m)");
    expect(checkSource(source).filter((f) => f.severity === "error")).toEqual([
      { line: 5, col: 5, severity: "error", code: "E_ARITY", message: "get takes 2 to 3 arguments, got 1" },
    ]);
  });
});
