// Text that came from a transaction or from chain data, made safe to show to a person on any surface
// (the PR comment, the explorer, the CLI, the web page). Invisible and direction-changing characters
// (Trojan Source: U+202E RIGHT-TO-LEFT OVERRIDE, zero-width spaces and joiners, other format and
// control characters, line and paragraph separators) can make a receipt read differently than it is, so
// they are shown as their escape, `\u202E`, instead of being passed through. Pure: the page uses it too.

/** Control (Cc), format (Cf: bidi, zero-width), line/paragraph separators, lone surrogates. */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

function escaped(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
}

/** `s` with every invisible or direction-changing character written as its `\uXXXX` escape. */
export function visibleText(s: string): string {
  return s.replace(INVISIBLE, escaped);
}
