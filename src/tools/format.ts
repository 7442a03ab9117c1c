// `tinychain fmt` (docs/contracts.md): one canonical layout for contract and test files, as `forge fmt`
// and `clarinet format` give theirs. The language's reader drops comments, so the formatter reads the
// text with a tokenizer of its own that keeps them: each element carries the comments on the lines
// above it (`leading`), the one after it on its line (`trailing`), and whether a blank line came before
// it; a list carries the comments before its `)`. Atoms are printed as written (a string keeps its
// escapes, a number its spelling): only the space between them is the formatter's. The layout depends
// on the tree alone, never on the old line breaks, so formatting twice changes nothing.

import { printForm } from "../lang/printer.ts";
import { readAll } from "../lang/reader.ts";

const WIDTH = 100;

interface Comment {
  text: string;
  blank: boolean;
}
interface Node {
  /** an atom's text, or undefined for a list */
  atom?: string;
  items: Node[];
  /** `'` marks before it */
  prefix: string;
  leading: Comment[];
  trailing?: string;
  /** a blank line between its leading comments (or the element before) and it */
  blank: boolean;
  /** comments before a list's `)` */
  close: Comment[];
}

const node = (atom?: string): Node => ({ atom, items: [], prefix: "", leading: [], blank: false, close: [] });

/** space, a comment, a quote mark, a parenthesis, a string (escapes and all), or any other atom */
const TOKEN = /[ \t\r\n]+|;[^\n]*|'|\(|\)|"(?:\\[\s\S]|[^"\\])*"|[^ \t\r\n;'()"][^\s()";']*/gy;

/** The text as a tree of elements with their comments (the text reads: the reader said so first). */
function tokenize(text: string): Node {
  const root = node();
  const stack = [root];
  let pending: Comment[] = [];
  let prefix = "";
  let newlines = 2; // the start of the file: no element to trail
  let blank = false;
  const top = () => stack.at(-1)!;
  const place = (n: Node) => {
    Object.assign(n, { prefix, leading: pending, blank });
    top().items.push(n);
    [pending, prefix, newlines, blank] = [[], "", 0, false];
  };
  for (const [t] of text.matchAll(TOKEN)) {
    if (/^[ \t\r\n]/.test(t)) {
      newlines += t.split("\n").length - 1;
      if (t.includes("\n") && newlines >= 2 && (pending.length > 0 || top().items.length > 0)) blank = true;
    } else if (t[0] === ";") {
      const comment = t.trimEnd();
      const last = top().items.at(-1);
      if (newlines === 0 && last && !last.trailing && prefix === "") last.trailing = comment;
      else pending.push({ text: comment, blank });
      [blank, newlines] = [false, 0];
    } else if (t === "'") prefix += "'";
    else if (t === "(") {
      const list = node();
      place(list);
      stack.push(list);
      newlines = 2; // a comment right after `(` leads the first element
    } else if (t === ")") {
      stack.pop()!.close = pending;
      [pending, newlines, blank] = [[], 0, false];
    } else place(node(t));
  }
  root.close = pending;
  return root;
}

/** How many arguments stay on a form's first line, its body then indented by two (row n: the forms of n). */
const DISTINGUISHED: Record<string, number> = Object.fromEntries(
  [
    ["setup", "action", "invariant"], // definvariant's clauses: their statements under them
    ["contract", "deftest", "let", "loop", "fn", "as", "when", "expect-status"],
    ["defn", "defn-", "defview", "defprop", "definvariant"],
  ].flatMap((heads, n) => heads.map((head) => [head, n])),
);
/** Forms whose body always starts on a line of its own. */
const ALWAYS_BROKEN = new Set(["contract", "deftest", "defprop", "definvariant"]);

const hasComments = (n: Node): boolean =>
  n.close.length > 0 || n.items.some((x) => x.leading.length > 0 || x.trailing || x.blank || hasComments(x));

/** A `let` of two bindings or more: one binding a line. */
const manyBindings = (n: Node) => n.items[0]?.atom === "let" && (n.items[1]?.items.length ?? 0) > 1;

/** The element on one line, or undefined when a comment, a blank line or a `let` inside it needs lines. */
function flat(n: Node): string | undefined {
  if (n.atom !== undefined) return n.prefix + n.atom;
  if (hasComments(n) || (n.prefix === "" && manyBindings(n))) return undefined;
  return `${n.prefix}(${n.items.map(flat).join(" ")})`;
}

const commentLines = (comments: Comment[], indent: string) =>
  comments.map((c) => `${c.blank ? "\n" : ""}${indent}${c.text}\n`).join("");

/**
 * The element laid out from column `col` (its first line not indented: the caller placed it), `tail`
 * the closing parentheses that will follow it on its last line.
 */
function layout(n: Node, col: number, data: boolean, tail: number, mustBreak = false): string {
  const one = mustBreak ? undefined : flat(n);
  const head = n.items[0]?.atom;
  const isData = data || n.prefix !== "";
  // a contract or a test, and a form of more than one body statement, always shows its body as one
  const body = head === undefined ? 0 : n.items.length - 1 - (DISTINGUISHED[head] ?? n.items.length);
  const broken = !isData && head !== undefined && (ALWAYS_BROKEN.has(head) ? n.items.length > 2 : body > 1);
  if (one !== undefined && !broken && col + one.length + tail <= WIDTH) return one;
  if (n.atom !== undefined) return n.prefix + n.atom;
  const open = col + n.prefix.length + 1; // the column after `(`
  // data and lists of lists: one element a line under the first; a form: its distinguished arguments
  // on the first line and its body indented by two; a call: its arguments under the first
  const fixed = isData || head === undefined ? 0 : (DISTINGUISHED[head] ?? -1);
  const inline = fixed === -1 ? (head!.length <= 16 ? 2 : 1) : fixed + 1;
  const indent =
    isData || head === undefined ? open : fixed === -1 && inline === 2 ? open + head!.length + 1 : open + 1;
  let text = `${n.prefix}(`;
  let lineEndsInComment = false;
  for (const [k, item] of n.items.entries()) {
    const sameLine = k < inline && !lineEndsInComment && item.leading.length === 0 && !item.blank;
    if (k > 0 && sameLine) text += " ";
    else if (k > 0 || item.leading.length > 0) {
      // on a line of its own: the first element (after its comments) under the `(`, the others indented
      const pad = " ".repeat(k > 0 ? indent : open);
      text += `\n${commentLines(item.leading, pad)}${k > 0 && item.blank ? "\n" : ""}${pad}`;
    }
    // the column it starts at: after the last line break, or after `col` on the form's first line
    const lineStart = text.lastIndexOf("\n");
    const column = text.length - lineStart - 1 + (lineStart < 0 ? col : 0);
    const last = k === n.items.length - 1 && n.close.length === 0;
    text += layout(item, column, isData, last ? tail + 1 : 0, k === 1 && !isData && manyBindings(n));
    lineEndsInComment = item.trailing !== undefined;
    if (item.trailing) text += `  ${item.trailing}`;
  }
  if (n.close.length > 0 || lineEndsInComment) {
    const pad = " ".repeat(n.items.length > 0 ? indent : open);
    text += `\n${commentLines(n.close, pad)}${pad}`;
  }
  return `${text})`;
}

/** The canonical layout of a contract or test file. Throws the reader's DataError on text that does not read. */
export function format(text: string): string {
  const before = readAll(text);
  const root = tokenize(text);
  let out = "";
  for (const [k, item] of root.items.entries()) {
    // top-level forms apart by one blank line; comments above a form stay against it
    const gap = k === 0 ? "" : item.leading[0]?.blank === false ? "\n" : "\n\n";
    const comments = commentLines(item.leading, "").replace(/^\n/, "");
    const space = comments && item.blank ? "\n" : "";
    out += `${gap}${comments}${space}${layout(item, 0, false, 0)}${item.trailing ? `  ${item.trailing}` : ""}`;
  }
  if (root.close.length > 0) out += `${out ? "\n" : ""}${commentLines(root.close, "").replace(/^\n/, "")}`;
  out = `${out.replace(/\n+$/, "")}\n`;
  // the formatter may move space only: what the file says is unchanged, or it refuses
  const after = readAll(out);
  if (after.map(printForm).join("\n") !== before.map(printForm).join("\n"))
    throw new Error("the formatter would change what the file says (a bug of the formatter)");
  return out;
}
