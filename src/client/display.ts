// Text that came from a transaction or from chain data, made safe to show to a person on any surface
// (the PR comment, the explorer, the CLI, the web page). Invisible and direction-changing characters
// (Trojan Source: U+202E RIGHT-TO-LEFT OVERRIDE, zero-width spaces and joiners, other format and
// control characters, line and paragraph separators) can make a receipt read differently than it is, so
// they are shown as their escape, `\u202E`, instead of being passed through. Pure: the page uses it too.
// The few ways every surface writes numbers, times and addresses are here too, so that they agree.

import { toChecksumAddress } from "../crypto/address-case.ts";

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

/** Multi-line text (a program, a contract's source, a trace): each line made visible, its breaks kept. */
export const visibleLines = (text: string) => text.split("\n").map(visibleText).join("\n");

export const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** An address as a person should read it, its EIP-55 checksummed spelling; any other text made visible. */
export function shownAddress(text: string): string {
  return ADDRESS.test(text) ? toChecksumAddress(text.toLowerCase()) : visibleText(text);
}

/** 1234567 → "1,234,567" (a whole number as decimal text, a bigint or a number), without a locale. */
export function grouped(n: bigint | number | string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Unix seconds as "YYYY-MM-DD hh:mm" UTC; past what a Date can hold (year 275760), the raw seconds. */
export const utcMinute = (t: number) =>
  t * 1000 <= 8.64e15 ? new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ") : `${t} s`;
