// The programs of the shorthand transactions (docs/spec.md §7 `send`, `call`, `deploy`), written the same by the
// CLI and the web page: the same transaction gives the same file, byte for byte.

import { printValue } from "../lang/printer.ts";
import { readOne } from "../lang/reader.ts";
import { Dict, Sym, type Value } from "../lang/values.ts";

export const transferProgram = (to: string, amount: bigint) => `(transfer ${to} ${amount})`;

/** A call; with a value above 0, a payable one: `(call-value target value 'fn args…)` sends that sneed. */
export function callProgram(target: string, fn: string, args: Value[], value = 0n): string {
  const head = value > 0n ? `call-value ${target} ${value}` : `call ${target}`;
  return `(${head} '${fn}${args.map((a) => ` ${sourceOf(a)}`).join("")})`;
}

/** The contract's text as written (trimmed): the chain stores it printed canonically. */
/** The closing parenthesis goes on a line of its own when the source ends in a comment, which would
 *  otherwise swallow it. */
export function deployProgram(source: string): string {
  const body = source.trim();
  return `(deploy ${body}${body.slice(body.lastIndexOf("\n") + 1).includes(";") ? "\n" : ""})`;
}

/** A function name `call` can name: text the reader reads as that one symbol. */
export function isFunctionName(text: string): boolean {
  try {
    const f = readOne(text);
    return f.kind === "symbol" && f.name === text;
  } catch {
    return false;
  }
}

/** Source that evaluates to `v`: symbols quoted, lists and dicts rebuilt with list and dict. */
export function sourceOf(v: Value): string {
  if (v instanceof Sym) return `'${v.name}`;
  if (Array.isArray(v)) return `(list${v.map((x) => ` ${sourceOf(x)}`).join("")})`;
  if (v instanceof Dict)
    return `(dict${v.entries.map(([k, x]) => ` ${sourceOf(k)} ${sourceOf(x)}`).join("")})`;
  return printValue(v);
}
