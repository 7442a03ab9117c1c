// The reader (docs/spec.md §5 "Reader"): source text → forms with positions. Every syntax error is a DataError
// (E_DATA) that says what was expected and at which line:col. Nesting is limited to 128 levels, so the
// reader's own recursion is bounded and hostile input cannot exhaust the host stack.

import { checksumAddressOk } from "../crypto/address-case.ts";
import { DataError, type Pos } from "./errors.ts";
import { Address, INT_LIMIT } from "./values.ts";

export const MAX_NESTING = 128;

export type Form =
  | { kind: "int"; value: bigint; pos: Pos }
  | { kind: "string"; value: string; pos: Pos }
  | { kind: "address"; value: Address; pos: Pos }
  | { kind: "symbol"; name: string; pos: Pos }
  | { kind: "bool"; value: boolean; pos: Pos }
  | { kind: "nil"; pos: Pos }
  | { kind: "list"; items: Form[]; pos: Pos };

/** A list form: a call, a special form or a definition as written. */
export type ListForm = Form & { kind: "list" };

const INT_RE = /^-?[0-9]+$/;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
// Symbols are ASCII: letters, digits and these punctuation marks. Keeping identifiers ASCII means a
// reviewer reading a pull request cannot be fooled by look-alike characters.
export const SYMBOL_CHAR = /[A-Za-z0-9+\-*/<>=!?_.%&$^~:#@|]/;
const SYMBOL_RUN = new RegExp(`${SYMBOL_CHAR.source}*`, "y");
/** what may follow a name or number */
const DELIMITER = /[()";' \n\t\r]/;
/** a string's escapes: the letter after the backslash, and the character it stands for (as in JSON) */
export const ESCAPES = new Map([...'"\\nt'].map((e) => [e, JSON.parse(`"\\${e}"`) as string]));

/** a run of a string's characters up to its end or an escape */
const STRING_RUN = /[^"\\]*/y;

class Reader {
  private i = 0;
  /** the position of index `at`, where the last `pos` stopped (positions are asked for in order) */
  private at = 0;
  private line = 1;
  private col = 1;

  constructor(private readonly src: string) {}

  /** The line and column of index `i`: a column per code point, a line per "\n". */
  private pos(i = this.i): Pos {
    if (i < this.at) [this.at, this.line, this.col] = [0, 1, 1];
    for (; this.at < i; this.at++) {
      const c = this.src.charCodeAt(this.at);
      if (c === 10) {
        this.line++;
        this.col = 1;
      } else if (c < 0xdc00 || c > 0xdfff) {
        this.col++; // a low surrogate finishes a code point that was already counted
      }
    }
    return { line: this.line, col: this.col };
  }

  private fail(message: string, pos: Pos = this.pos()): never {
    throw new DataError(message, pos);
  }

  /** Skips whitespace and `;` comments. */
  skip(): void {
    const s = this.src;
    for (let c = s[this.i]; c !== undefined; c = s[this.i]) {
      if (c === ";") {
        const end = s.indexOf("\n", this.i);
        this.i = end < 0 ? s.length : end;
      } else if (c === " " || c === "\n" || c === "\t" || c === "\r") this.i++;
      else break;
    }
  }

  atEnd(): boolean {
    this.skip();
    return this.i >= this.src.length;
  }

  readForm(depth: number): Form {
    this.skip();
    const s = this.src;
    if (this.i >= s.length) this.fail("unexpected end of input, expected an expression");
    const start = this.pos();
    const c = s[this.i]!;
    if ((c === "(" || c === "'") && depth >= MAX_NESTING)
      this.fail(`nesting deeper than ${MAX_NESTING} levels`);
    if (c === "(") {
      this.i++;
      const items: Form[] = [];
      for (;;) {
        this.skip();
        if (this.i >= s.length)
          this.fail(
            `unexpected end of input, expected ")" to close the list opened at ${start.line}:${start.col}`,
          );
        if (s[this.i] === ")") {
          this.i++;
          return { kind: "list", items, pos: start };
        }
        items.push(this.readForm(depth + 1));
      }
    }
    if (c === ")") this.fail('unexpected ")", expected an expression');
    if (c === "'") {
      this.i++;
      this.skip();
      if (this.i >= s.length) this.fail("unexpected end of input, expected an expression after '");
      const quoted = this.readForm(depth + 1);
      return { kind: "list", items: [{ kind: "symbol", name: "quote", pos: start }, quoted], pos: start };
    }
    if (c === '"') return this.readString(start);
    return this.readAtom(start);
  }

  private readString(start: Pos): Form {
    const s = this.src;
    let out = "";
    for (this.i++; ; this.i++) {
      STRING_RUN.lastIndex = this.i;
      const run = STRING_RUN.exec(s)![0];
      out += run;
      this.i += run.length;
      if (this.i >= s.length) this.fail("unterminated string, expected a closing '\"'", start);
      if (s[this.i++] === '"') return { kind: "string", value: out, pos: start };
      const e = s[this.i] ?? "";
      const char = ESCAPES.get(e);
      if (char === undefined)
        this.fail(
          `unknown escape "\\${e}" in string, expected one of \\" \\\\ \\n \\t`,
          this.pos(this.i - 1),
        );
      out += char;
    }
  }

  private readAtom(start: Pos): Form {
    const s = this.src;
    const from = this.i;
    SYMBOL_RUN.lastIndex = from;
    this.i += SYMBOL_RUN.exec(s)![0].length;
    const unexpected = () => JSON.stringify(String.fromCodePoint(s.codePointAt(this.i)!));
    if (this.i === from) this.fail(`unexpected character ${unexpected()}, expected an expression`);
    if (this.i < s.length && !DELIMITER.test(s[this.i]!))
      this.fail(`unexpected character ${unexpected()} in a name or number`);
    const token = s.slice(from, this.i);
    if (INT_RE.test(token)) {
      // 2^256 has 78 digits: refuse longer tokens before BigInt parses them (no huge allocations)
      const digits = token.startsWith("-") ? token.length - 1 : token.length;
      const value = digits > 80 ? INT_LIMIT : BigInt(token);
      if (value >= INT_LIMIT || value <= -INT_LIMIT)
        this.fail(
          `integer ${abbreviate(token)} is out of range: its absolute value must be below 2^256`,
          start,
        );
      return { kind: "int", value, pos: start };
    }
    if (/^-?[0-9]/.test(token)) {
      if (token.startsWith("0x") || token.startsWith("0X")) {
        if (!ADDRESS_RE.test(token))
          this.fail(`malformed address ${abbreviate(token)}: expected 0x followed by 40 hex digits`, start);
        if (!checksumAddressOk(token))
          this.fail(
            `address ${token} has mixed case but a wrong EIP-55 checksum; write it in lowercase or with the right checksum`,
            start,
          );
        return { kind: "address", value: new Address(token.toLowerCase()), pos: start };
      }
      this.fail(
        `malformed number ${abbreviate(token)}: expected decimal digits with an optional leading "-"`,
        start,
      );
    }
    if (token === "true") return { kind: "bool", value: true, pos: start };
    if (token === "false") return { kind: "bool", value: false, pos: start };
    if (token === "nil") return { kind: "nil", pos: start };
    return { kind: "symbol", name: token, pos: start };
  }
}

function abbreviate(token: string): string {
  return token.length > 24 ? `${token.slice(0, 20)}…` : token;
}

/** Is `f` a list whose first item is the symbol `name`, like (contract …)? */
export const isHead = (f: Form | undefined, name: string): boolean =>
  f?.kind === "list" && f.items[0]?.kind === "symbol" && f.items[0].name === name;

/** The name a form is, if it is a symbol. */
export function symbolName(f: Form | undefined): string | undefined {
  return f?.kind === "symbol" ? f.name : undefined;
}

/** Reads every form of a source text. */
export function readAll(src: string): Form[] {
  const r = new Reader(src);
  const forms: Form[] = [];
  while (!r.atEnd()) forms.push(r.readForm(0));
  return forms;
}

/** Reads exactly one form (a transaction's data, a contract file); anything after it is an error. */
export function readOne(src: string): Form {
  const forms = readAll(src);
  if (forms.length === 0) throw new DataError("empty program, expected one expression", { line: 1, col: 1 });
  if (forms.length > 1)
    throw new DataError(
      "more than one expression, expected exactly one (wrap several in (do …))",
      forms[1]!.pos,
    );
  return forms[0]!;
}
