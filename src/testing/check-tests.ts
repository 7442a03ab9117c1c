// `tinychain check` on a test file (docs/contracts.md): each test, property, invariant and helper is
// checked as the programs it runs, with the test language's names known (its statement forms, as and
// assert-eq…, deploy-file, events, the test accounts, the file's helpers, a test's parameters), so that
// what is left is the author's mistake: a misspelt name, a builtin's arity, a binding never used, a
// malformed test form, a deploy-file of no file. check.ts is the language's own: each test becomes a form
// it reads, `(fn (known names…) statement…)` (a fn's parameters are never reported), with `(def n v)
// rest…` as `(let ((n v)) rest…)`; the findings' positions in its printing map back to the author's.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { DataError, type Pos } from "../lang/errors.ts";
import type { ListForm } from "../lang/reader.ts";
import { type Form, isHead, readAll } from "../lang/reader.ts";
import { checkSource, type Finding, finding } from "../tools/check.ts";
import { list, STATEMENTS, sym, TEST_ACCOUNTS, USAGE } from "./chain.ts";
import { TestFailure } from "./failures.ts";
import { pairPositions } from "./positions.ts";
import { parameters, parseInvariant } from "./property.ts";

export const TEST_FORMS = ["deftest", "defprop", "definvariant"];
/** what a test file holds, for the sentence that refuses anything else */
export const TEST_FILE_FORMS =
  "a test file holds (deftest name …), (defprop name ((x type)…) …), (definvariant name ((x type)…) …) and (defn name (params) body…) forms only";
/** the names every test statement may use besides the language's own (the language server completes them) */
export const KNOWN = [
  ...Object.keys(STATEMENTS).filter((name) => name !== "def"), // def is read as let
  "deploy-file",
  "events",
  ...Object.keys(TEST_ACCOUNTS),
];

/** Is this text a test file: named *.test.lisp, or holding a deftest, defprop or definvariant? */
export function isTestFile(file: string, text: string): boolean {
  if (file.endsWith(".test.lisp")) return true;
  try {
    return readAll(text).some((f) => TEST_FORMS.some((h) => isHead(f, h)));
  } catch {
    return false;
  }
}

/** Checks a test file's text; `folder` is where its deploy-file paths are read from. */
export function checkTestSource(text: string, folder: string): Finding[] {
  let forms: Form[];
  try {
    forms = readAll(text);
  } catch (e) {
    if (e instanceof DataError) return checkSource(text); // its E_SYNTAX finding
    throw e;
  }
  const findings: Finding[] = [];
  const error = (pos: Pos, code: string, message: string) =>
    findings.push(finding(pos, "error", code, message));
  const helpers = forms.flatMap((f) =>
    isHead(f, "defn") && f.kind === "list" && f.items[1]?.kind === "symbol" ? [f.items[1].name] : [],
  );
  /** A statement with its sequences rewritten: (def n v) rest… → (let ((n v)) rest…). */
  const statement = (s: Form): Form => {
    if (s.kind !== "list" || s.items.length === 0 || isHead(s, "quote")) return s;
    if (isHead(s, "deploy-file")) {
      const path = s.items[1];
      if (path?.kind !== "string" || s.items.length !== 2) error(s.pos, "E_ARITY", USAGE["deploy-file"]);
      else if (!existsSync(join(folder, path.value)))
        error(path.pos, "E_FILE", `deploy-file ${path.value}: no such file beside the test file`);
      return s;
    }
    if (isHead(s, "assert-eq") && s.items.length !== 3) error(s.pos, "E_ARITY", USAGE["assert-eq"]);
    const [head, ...rest] = s.items;
    return { ...s, items: [statement(head!), ...sequence(rest)] };
  };
  const sequence = (statements: Form[]): Form[] => {
    const i = statements.findIndex((s) => isHead(s, "def"));
    if (i < 0) return statements.map(statement);
    const before = statements.slice(0, i).map(statement);
    const s = statements[i] as ListForm;
    const [, name, value] = s.items;
    if (name?.kind !== "symbol" || !value || s.items.length !== 3) {
      error(s.pos, "E_ARITY", USAGE.def);
      return [...before, ...sequence(statements.slice(i + 1))];
    }
    const after = sequence(statements.slice(i + 1));
    const bindings = list(s.pos, [list(name.pos, [name, statement(value)])]);
    const body = after.length > 0 ? after : [{ kind: "nil", pos: s.pos } as Form];
    return [...before, list(s.pos, [sym("let", s.pos), bindings, ...body])];
  };
  /** `body` as check.ts reads it: a fn of every known name, then the test's own (its parameters). */
  const check = (at: Form, ownParams: { name: string }[], body: Form[]) => {
    const own = ownParams.map((p) => p.name);
    const names = [...new Set([...KNOWN, ...helpers])].filter((n) => !own.includes(n));
    const params = [...names, ...own].map((n) => sym(n, at.pos));
    const wrapped = list(at.pos, [sym("fn", at.pos), list(at.pos, params), ...sequence(body)]);
    const { text, at: author } = pairPositions(wrapped);
    for (const f of checkSource(text)) {
      const pos = author.get(`${f.line}:${f.col}`) ?? at.pos;
      findings.push({ ...f, line: pos.line, col: pos.col });
    }
  };
  for (const f of forms) {
    const items = f.kind === "list" ? f.items : [];
    const named = items[1]?.kind === "symbol";
    try {
      if (isHead(f, "deftest") && named) check(f, [], items.slice(2));
      else if (isHead(f, "defprop") && named && items[2]?.kind === "list")
        check(f, parameters("defprop", items[2].items), items.slice(3));
      else if (isHead(f, "definvariant") && named) {
        const inv = parseInvariant(f as ListForm);
        const actions = inv.actions.map((a) => list(a[0]!.pos, [sym("do", a[0]!.pos), ...a]));
        const senders = list(f.pos, [sym("list", f.pos), ...inv.senders]);
        check(f, inv.params, [...inv.setup, ...actions, ...inv.invariants, senders]);
      } else if (isHead(f, "defn") && named && items[2]?.kind === "list") {
        const params = items[2].items.flatMap((p) => (p.kind === "symbol" ? [{ name: p.name }] : []));
        check(f, params, items.slice(3));
      } else error(f.pos, "E_TEST_FORM", TEST_FILE_FORMS);
    } catch (e) {
      if (!(e instanceof TestFailure)) throw e;
      // a malformed test form: the finding carries the place its sentence would name
      error(e.pos ?? f.pos, "E_TEST_FORM", e.sentence);
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.col - b.col);
}
