// A strict JSON reader (docs/spec.md §3): JSON.parse keeps the last of duplicate keys and rounds integers above
// 2^53, so it cannot read what a signature covers. This one refuses duplicate keys, keeps numbers as
// their source text (the schema decides what is an integer), refuses lone surrogate escapes, and
// limits nesting. Input is a string already decoded as strict UTF-8.

export class JsonNumber {
  constructor(readonly text: string) {}
}

export type Json = null | boolean | string | JsonNumber | Json[] | { [key: string]: Json };

export class JsonError extends Error {}

const MAX_DEPTH = 64;
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WS_RE = /[ \n\r\t]*/y;
/** The one-character escapes of a string (`\u` is read apart) and what each stands for, as JSON reads it. */
const ESCAPES: Record<string, string> = Object.fromEntries(
  [...'"\\/bfnrt'].map((e) => [e, JSON.parse(`"\\${e}"`) as string]),
);

export function parseStrictJson(text: string): Json {
  let i = 0;
  const fail = (msg: string): never => {
    throw new JsonError(`${msg} at character ${i + 1}`);
  };
  const ws = () => {
    WS_RE.lastIndex = i;
    WS_RE.test(text);
    i = WS_RE.lastIndex;
  };
  const str = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return out;
      }
      if (c < 0x20) fail("control character in a string");
      if (c === 0x5c) {
        const e = text[i + 1] ?? "";
        i += 2;
        if (Object.hasOwn(ESCAPES, e)) out += ESCAPES[e];
        else if (e === "u") {
          const unit = hex4();
          if (unit >= 0xd800 && unit <= 0xdbff) {
            if (text[i] !== "\\" || text[i + 1] !== "u") fail("lone surrogate escape");
            i += 2;
            const low = hex4();
            if (low < 0xdc00 || low > 0xdfff) fail("lone surrogate escape");
            out += String.fromCharCode(unit, low);
          } else if (unit >= 0xdc00 && unit <= 0xdfff) fail("lone surrogate escape");
          else out += String.fromCharCode(unit);
        } else fail("invalid escape in a string");
        continue;
      }
      out += text[i];
      i++;
    }
  };
  const hex4 = (): number => {
    const h = text.slice(i, i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) fail("invalid \\u escape");
    i += 4;
    return Number.parseInt(h, 16);
  };
  /** An object's or an array's members after its opening bracket, up to `close`, into `into`. */
  const members = <T extends Json>(close: string, into: T, member: () => void): T => {
    i++;
    ws();
    if (text[i] !== close)
      for (;;) {
        member();
        ws();
        if (text[i] !== ",") break;
        i++;
      }
    if (text[i] !== close) fail(`expected "," or "${close}"`);
    i++;
    return into;
  };
  const value = (depth: number): Json => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    ws();
    const c = text[i];
    if (c === "{") {
      const obj: { [key: string]: Json } = Object.create(null);
      return members("}", obj, () => {
        ws();
        if (text[i] !== '"') fail("expected a string key");
        const key = str();
        if (Object.hasOwn(obj, key)) fail(`duplicate key ${JSON.stringify(key)}`);
        ws();
        if (text[i] !== ":") fail('expected ":"');
        i++;
        obj[key] = value(depth + 1);
      });
    }
    if (c === "[") {
      const arr: Json[] = [];
      return members("]", arr, () => arr.push(value(depth + 1)));
    }
    if (c === '"') return str();
    if (text.startsWith("true", i)) return ((i += 4), true);
    if (text.startsWith("false", i)) return ((i += 5), false);
    if (text.startsWith("null", i)) return ((i += 4), null);
    NUMBER_RE.lastIndex = i;
    const m = NUMBER_RE.exec(text);
    if (m && m[0].length > 0) {
      i += m[0].length;
      return new JsonNumber(m[0]);
    }
    return fail(
      i >= text.length ? "unexpected end of input" : `unexpected character ${JSON.stringify(text[i])}`,
    );
  };
  const v = value(0);
  ws();
  if (i < text.length) fail("trailing characters after the JSON value");
  return v;
}

/** Strict UTF-8: a BOM, an invalid byte or an encoded surrogate is an error, never replaced. */
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeUtf8Strict(bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) throw new JsonError("the file starts with a byte order mark");
  return text;
}
