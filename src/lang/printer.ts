// The canonical printer (docs/spec.md §5 "Printing"): one printed form per value, which receipts, `eval` and
// contract storage show, and which the reader reads back to the same value (for data).
// Iterative with an explicit stack: values can be nested far deeper than the host stack allows, and a
// list can share one big string a thousand times, so the caller may pass a meter that is charged for
// every piece *before* it is appended (gas, or a hard size cap).

import { ESCAPES, type Form, isHead } from "./reader.ts";
import { Address, Builtin, Closure, Dict, Sym, type Value } from "./values.ts";

/** character → its escape: the reader's ESCAPES turned around */
const ESCAPE_OF = new Map([...ESCAPES].map(([letter, char]) => [char, `\\${letter}`]));

export function printString(s: string): string {
  return `"${s.replace(/["\\\n\t]/g, (c) => ESCAPE_OF.get(c)!)}"`;
}

export interface PrintOptions {
  /** called with the length of each piece before it is appended; may throw to stop */
  meter?: (chars: number) => void;
  /** nesting of lists and dicts allowed; deeper throws a RangeError-free `TooDeep` */
  maxDepth?: number;
}

export class TooDeep extends Error {}

type Task = Value | { close: string } | { sep: true };
const SPACE: Task = { sep: true };
const CLOSE_PAREN: Task = { close: ")" };
/** pieces per chunk of printValue's output (memory proportional to characters, not to pieces) */
const CHUNK = 4096;

export function printValue(v: Value, options: PrintOptions = {}): string {
  const meter = options.meter;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  // Pieces are joined into flat chunks every CHUNK of them: a shared list printed a million times is
  // millions of one-character pieces, and an array holding each (or a rope of += concatenations) costs
  // tens of bytes per character; chunks hold about 1–2 bytes per character printed.
  const chunks: string[] = [];
  let pieces: string[] = [];
  const emit = (s: string, metered = true) => {
    if (meter && metered) meter(s.length);
    if (pieces.push(s) >= CHUNK) {
      chunks.push(pieces.join(""));
      pieces = [];
    }
  };
  const stack: Task[] = [v];
  let depth = 0;
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t === SPACE) {
      emit(" ");
      continue;
    }
    if (t === CLOSE_PAREN) {
      depth--;
      emit(")");
      continue;
    }
    const x = t as Value;
    if (x === null) emit("nil");
    else if (typeof x === "bigint") emit(x.toString());
    else if (typeof x === "boolean") emit(x ? "true" : "false");
    else if (typeof x === "string") {
      if (meter) meter(x.length + 2); // charge before the escaped copy is built
      emit(printString(x), false);
    } else if (x instanceof Address) emit(x.hex);
    else if (x instanceof Sym) emit(x.name);
    else if (Array.isArray(x) || x instanceof Dict) {
      if (++depth > maxDepth) throw new TooDeep(`value nested deeper than ${maxDepth} levels`);
      // a dict prints as (dict k v …): each key and value after a space
      const isDict = x instanceof Dict;
      const items: readonly Value[] = isDict ? x.entries.flat() : x;
      emit(isDict ? "(dict" : "(");
      stack.push(CLOSE_PAREN);
      for (let i = items.length - 1; i >= 0; i--) {
        stack.push(items[i]!);
        if (i > 0 || isDict) stack.push(SPACE);
      }
    } else if (x instanceof Closure || x instanceof Builtin) emit("<fn>");
  }
  return chunks.join("") + pieces.join("");
}

/**
 * Prints source forms canonically: single spaces, no comments, `'x` as `(quote x)`; a contract with
 * each definition on its own line, indented two spaces, so that the line:col of a runtime error in
 * stored code names a definition a reader can find (`tinychain account ADDR --code`, the explorer).
 */
export function printForm(f: Form): string {
  switch (f.kind) {
    case "string":
      return printString(f.value);
    case "address":
      return f.value.hex;
    case "symbol":
      return f.name;
    case "nil":
      return "nil";
    case "int":
    case "bool":
      return String(f.value);
    case "list":
      if (isHead(f, "contract") && f.items.length > 2) {
        const [head, name, ...definitions] = f.items.map(printForm);
        return `(${head} ${name}\n${definitions.map((d) => `  ${d}`).join("\n")})`;
      }
      return `(${f.items.map(printForm).join(" ")})`;
  }
}

/** Pretty-prints source forms for reading (PR comments, `tinychain account`): indents nested lists. */
export function prettyForm(f: Form, indent = 0, width = 80): string {
  // (quote x) reads better as 'x
  if (f.kind === "list" && f.items.length === 2 && isHead(f, "quote"))
    return `'${prettyForm(f.items[1]!, indent + 1, width)}`;
  const flat = printForm(f).replace(/\(quote ([^()\s]+)\)/g, "'$1");
  if (f.kind !== "list" || flat.length + indent <= width || f.items.length < 2) return flat;
  const head = printForm(f.items[0]!);
  const pad = " ".repeat(indent + 2);
  const lines = f.items.slice(1).map((it) => pad + prettyForm(it, indent + 2, width));
  return `(${head}\n${lines.join("\n")})`;
}
