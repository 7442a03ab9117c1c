// Hostile text for every field a receipt shows, real transactions that put it there, and the check
// that a Markdown surface shows it as inert text: rendered with a GFM renderer (micromark, as GitHub
// renders: tables, autolinks, raw HTML allowed), no element, link, mention or reference comes out of it,
// no raw control character is in it, and the text is still there to read.

import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { visibleText } from "../../src/client/display.ts";
import { printString } from "../../src/lang/printer.ts";

export const REFUND =
  "[Claim your refund](https://evil.example/drain) ![x](https://evil.example/p.png) **urgent**";

/** Strings an attacker puts in a transaction's text (none empty: each must be findable again). */
export const HOSTILE: string[] = [
  REFUND,
  "<img src=x onerror=alert(1)>",
  "<details><summary>evil</summary>",
  "</td></tr></table><h1>evil</h1>",
  "https://evil.example/drain",
  "www.evil.example",
  "refund@evil.co",
  "@everyone",
  "@evil-org/team",
  "#1",
  "GH-1",
  "evil/repo#2",
  "# heading",
  "| a | b |",
  "evil\n---\n| x |",
  "a `` b ``` c `",
  "\\| back\\\\|slash\\",
  "\u202Eevil\u202C",
  "zero\u200Bwidth\u2060joiner",
  "nul\u0000nul",
  "\u001b[31mred\u001b[0m\u001b]8;;https://evil.example\u0007link",
  "tag\u{E0041}\u{E007F}",
  "line\u2028sep\r\ncrlf\ttab",
  "_evil_ *star* ~~del~~ :warning: &amp; &#64;evil <!-- c -->",
  `${"y".repeat(4000)}@everyone #3`,
];

/** Hostile names the language accepts as symbols (event and contract names are symbols). */
export const HOSTILE_SYMBOLS: string[] = [
  "@everyone",
  "@evil-org/team",
  "#1",
  "GH-1",
  "evil/repo#2",
  "https://evil.example",
  "www.evil.example",
  "refund@evil.co",
  "</td>",
  "<img",
  "**urgent**",
  "|",
  "||a||",
];

/** Words of the hostile strings that the bot's own text never uses: outside <code> they mean a leak. */
const MARKERS = /evil|claim|refund|urgent|onerror|heading|everyone|\bstar\b|warning|\bdel\b/i;

/**
 * Programs that put `h` in every field of a receipt: a call that stores it (key and value), emits it
 * (as an argument, and `event` as the event's name) from a contract named `name`, and returns it; and
 * a program that aborts with it.
 */
export function hostilePrograms(h: string, event: string, name: string): { call: string; abort: string } {
  const s = printString(h);
  return {
    call: `(call (deploy (contract ${name} (defmap m) (defn f (v) (put! m v v) (emit ${event} v v) v))) 'f ${s})`,
    abort: `(abort ${s})`,
  };
}

export function renderGfm(markdown: string): string {
  // raw HTML allowed: the bot's template uses <details> and <pre>, and anything else that came through
  // must show up as an element here
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });
}

const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The text of every <code> and <pre> element (GitHub links nothing inside them), decoded. */
export function codeTexts(html: string): string[] {
  return [...html.matchAll(/<(pre|code)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => decode(m[2]!));
}

/** The text outside <code> and <pre> elements, decoded: where GitHub links mentions and references. */
export function textOutsideCode(html: string): string {
  return decode(html.replace(/<(pre|code)\b[^>]*>[\s\S]*?<\/\1>/g, " "));
}

/** The elements the pull-request comment's own template makes. */
export const COMMENT_TAGS =
  "h2 h3 p table thead tbody tr th td code pre strong em ul li details summary".split(" ");

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|[\uD800-\uDFFF]/u;

export interface InertOptions {
  /** the elements the bot's own template makes on this surface */
  tags: string[];
  /** the links the bot's own template makes (none by default) */
  href?: RegExp;
  /** texts that must be readable inside <code>/<pre> (each as visibleText shows it) */
  readable?: string[];
}

/** What is wrong with `markdown` as a surface showing hostile text; [] when it is inert. */
export function inertProblems(markdown: string, o: InertOptions): string[] {
  const problems: string[] = [];
  const raw = [...markdown.replace(/\n/g, "")].find((c) => INVISIBLE.test(c));
  if (raw) problems.push(`raw control character ${visibleText(raw)} in the Markdown`);
  const html = renderGfm(markdown);
  const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
  for (const t of tags) if (!o.tags.includes(t)) problems.push(`element <${t}> in the HTML`);
  for (const m of html.matchAll(/<(?:a|img)\b[^>]*>/g))
    if (!o.href || !/^<a href="[^"]*">$/.test(m[0]) || !o.href.test(/href="([^"]*)"/.exec(m[0])![1]!))
      problems.push(`${m[0]} in the HTML`);
  const outside = textOutsideCode(html);
  const leaks: [string, RegExp][] = [
    ["a mention", /(^|[^\w`])@[a-z0-9]/i],
    ["a reference", /(^|[^\w&])(#\d|gh-\d)|\w\/\w+#\d/i],
    ["a web address", /:\/\/|www\./i],
    ["an email address", /\w@\w/],
    ["hostile words", MARKERS],
  ];
  for (const [what, re] of leaks) {
    const m = re.exec(outside);
    if (m)
      problems.push(`${what} outside <code>: …${outside.slice(Math.max(0, m.index - 30), m.index + 30)}…`);
  }
  const inside = codeTexts(html).join("\n");
  // in a table cell a backslash right before a `|` is shown as its escape (report/inert.ts codeCell)
  const inCell = (r: string) => visibleText(r).replace(/\\+(?=\|)/g, (run) => "\\u005C".repeat(run.length));
  for (const r of o.readable ?? [])
    if (!inside.includes(visibleText(r)) && !inside.includes(inCell(r)))
      problems.push(`${JSON.stringify(visibleText(r).slice(0, 80))} is not readable in <code>`);
  return problems;
}
