// What the language server (`tinychain lsp`, docs/contracts.md "Editor") answers, as Language Server
// Protocol values computed from a document's text: check's findings as diagnostics, a hover with a
// function's signature and static gas bound (cost.ts), the definition a name refers to, and completion of
// the language's names (the one arity table, lang/arity.ts, and the transaction context) and the file's
// own. Pure: the CLI (src/cli/commands/lsp.ts) holds the connection and picks the checks a file gets.
// Positions: the reader counts code points from 1, LSP counts UTF-16 units from 0; both are converted
// here against the line's text, so a string with an emoji before a mistake still underlines the mistake.

import type { CompletionItem, Diagnostic, Hover, Position, Range } from "vscode-languageserver-types";
import { ARITY, arityWords } from "../lang/arity.ts";
import { KINDS } from "../lang/contract.ts";
import type { Pos } from "../lang/errors.ts";
import type { ListForm } from "../lang/reader.ts";
import { type Form, readAll, SYMBOL_CHAR, symbolName } from "../lang/reader.ts";
import { CONTEXT } from "../lang/runtime.ts";
import { contractsIn, type Definition, definitions, type Finding } from "./check.ts";
import { type GasBound, gasBounds, UNITS } from "./cost.ts";

// LSP's CompletionItemKind and DiagnosticSeverity numbers (the protocol's, fixed)
const KIND = { Function: 3, Variable: 6, Keyword: 14, Constant: 21 } as const;
const SEVERITY = { error: 1, warning: 2 } as const;

/** A definition of the file with the contract it belongs to ("" for a test file's helpers). */
type Named = Definition & { contract: string; contractPos: Pos };

/** The LSP position of a reader position (line and column counted in code points from 1). */
function position(lines: string[], pos: Pos): Position {
  const before = [...(lines[pos.line - 1] ?? "")].slice(0, pos.col - 1);
  return { line: pos.line - 1, character: before.join("").length };
}

/** a run of symbol characters that ends the text, and one that starts it */
const SYMBOLS_END = new RegExp(`${SYMBOL_CHAR.source}*$`);
const SYMBOLS_START = new RegExp(`^${SYMBOL_CHAR.source}*`);

/** The name that spans `at` on its line (of the reader's symbol characters), with its range, or undefined. */
function nameAt(lines: string[], at: Position): { name: string; range: Range } | undefined {
  const text = lines[at.line] ?? "";
  const a = text.slice(0, at.character).search(SYMBOLS_END);
  const name = SYMBOLS_START.exec(text.slice(a))![0];
  const end = { ...at, character: a + name.length };
  return name ? { name, range: { start: { line: at.line, character: a }, end } } : undefined;
}

/** check's findings as diagnostics: each underlines the name at its position (a list: its head too). */
export function diagnostics(text: string, findings: Finding[]): Diagnostic[] {
  const lines = text.split("\n");
  return findings.map((f) => {
    const start = position(lines, f);
    const line = lines[start.line] ?? "";
    const open = line[start.character] === "(" ? 1 : 0;
    const word = nameAt(lines, { line: start.line, character: start.character + open });
    const end = word && word.range.start.character === start.character + open ? word.range.end : undefined;
    const range = {
      start,
      end: end ?? { line: start.line, character: Math.min(line.length, start.character + 1) },
    };
    return { range, severity: SEVERITY[f.severity], code: f.code, source: "tinychain", message: f.message };
  });
}

/** Every definition of the file: each contract's (contracts deployed inside too), and top-level defn. */
function definitionsOf(forms: Form[]): Named[] {
  const of = (contract: string, form: ListForm) =>
    definitions(form).map((d) => ({ ...d, contract, contractPos: form.pos }));
  return forms.flatMap((f) => [
    // a test file's helper: (defn name (params) body…), read as a one-definition contract would be
    ...(f.kind === "list" && (symbolName(f.items[0]) ?? "") in KINDS
      ? of("", { ...f, items: [f, f, f] })
      : []),
    ...contractsIn([f]).flatMap((c) => of(symbolName(c.items[1]) ?? "?", c)),
  ]);
}

function read(text: string): Form[] {
  try {
    return readAll(text);
  } catch {
    return []; // a text that does not read yet (mid-typing): its E_SYNTAX is a diagnostic already
  }
}

/** A definition as its first line reads: `(defn name (params))`, `(defmap name)`. */
const signature = (d: Definition) => `(${d.head} ${d.name}${d.params ? ` (${d.params.join(" ")})` : ""})`;

function boundText(b: GasBound | undefined): string {
  if (!b) return "";
  if ("unbounded" in b) return `gas of one call: unbounded (${b.unbounded}, at ${b.at.line}:${b.at.col})`;
  return `gas of one call ≤ ${b.gas.toLocaleString("en-US")}${b.per.map((u) => ` + ${UNITS[u]}/${u}`).join("")}`;
}

/** The name under the cursor, and the definition it refers to: that of the last contract starting before it. */
function nameAndDefinition(text: string, at: Position) {
  const [lines, forms] = [text.split("\n"), read(text)];
  const word = nameAt(lines, at);
  const all = definitionsOf(forms).filter((d) => d.name === word?.name);
  const d = all.filter((d) => d.contractPos.line - 1 <= at.line).at(-1) ?? all[0];
  return { lines, forms, word, d };
}

/** A function's signature and gas bound, a storage name's kind, a built-in's arity; or null. */
export function hover(text: string, at: Position): Hover | null {
  const { forms, word, d } = nameAndDefinition(text, at);
  if (!word) return null;
  const lisp = (s: string) => `\`\`\`lisp\n${s}\n\`\`\``;
  let value: string | undefined;
  if (d?.params) {
    let bounds: GasBound[] = [];
    try {
      bounds = gasBounds(forms);
    } catch {} // code the compiler refuses has no bound to show; its diagnostics say why
    const bound = bounds.find((b) => b.contract === d.contract && b.fn === d.name);
    const owner = d.contract ? ` of ${d.contract}` : "";
    value = [lisp(signature(d)), `${KINDS[d.head]} function${owner}`, boundText(bound)]
      .filter(Boolean)
      .join("\n\n");
  } else if (d)
    value = `${lisp(signature(d))}\n\n${d.head === "defmap" ? "map" : "variable"} of ${d.contract}`;
  else if (word.name in ARITY) {
    const a = ARITY[word.name]!;
    value = `${lisp(`(${word.name} …)`)}\n\n${a.kind}: takes ${arityWords(a.min, a.max)}${a.usage ? `\n\n${a.usage}` : ""}`;
  } else if (word.name in CONTEXT) value = `${lisp(word.name)}\n\nthe transaction's context`;
  return value ? { contents: { kind: "markdown", value }, range: word.range } : null;
}

/** The range of the name a definition gives, for the name under the cursor; or null. */
export function definition(text: string, at: Position): Range | null {
  const { lines, d } = nameAndDefinition(text, at);
  if (!d) return null;
  const start = position(lines, d.pos);
  return { start, end: { line: start.line, character: start.character + d.name.length } };
}

/** The language's names (special forms, definitions, storage, effects, built-ins, context) and the file's. */
export function completion(text: string, extra: string[] = []): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const [label, a] of Object.entries(ARITY)) {
    const kind = a.kind === "special" || a.kind === "definition" ? KIND.Keyword : KIND.Function;
    items.set(label, { label, kind, detail: `${a.kind}: ${arityWords(a.min, a.max)}` });
  }
  for (const label of Object.keys(CONTEXT))
    items.set(label, { label, kind: KIND.Constant, detail: "context" });
  for (const label of extra) items.set(label, { label, kind: KIND.Constant, detail: "test language" });
  for (const d of definitionsOf(read(text))) {
    items.set(d.name, {
      label: d.name,
      kind: d.params ? KIND.Function : KIND.Variable,
      detail: signature(d),
    });
  }
  return [...items.values()];
}
