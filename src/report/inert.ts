// Text that comes from a transaction or from chain data (abort and error messages, event names and
// arguments, return values, storage keys and values, file and contract names), shown on a surface that
// renders Markdown (the PR comment, the check run, state/README.md) so that it is only ever text: no
// link, image, HTML, heading, emphasis, table break, mention (@user) or reference (#123) can come from it.
//
// Inline, it is a code span: CommonMark parses nothing inside one (no HTML, no entities, no emphasis,
// no links; GFM's autolinks skip it) and GitHub links no mention or reference inside <code>. Its
// invisible and direction-changing characters, line breaks included, are shown as their `\uXXXX`
// escapes (client/display.ts), so the span stays on one line and reads as it is.

import { visibleLines, visibleText } from "../client/display.ts";

/** A code span of `shown`: its fence is longer than any backtick run inside, so nothing closes it. */
function span(shown: string): string {
  if (shown === "") return "` `";
  const fence = "`".repeat(Math.max(0, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  // CommonMark strips one space from each end when both are spaces, and a backtick at an end would
  // touch the fence: a space on each side keeps the content exactly as it is
  const pad = /^[` ]|[` ]$/.test(shown) && !/^ +$/.test(shown) ? " " : "";
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** Chain text as inline Markdown, anywhere but a table cell (codeCell). */
export function codeSpan(text: string): string {
  return span(visibleText(text));
}

/**
 * Chain text in a GFM table cell. GFM splits a row at every `|` not written `\|`, inside a code span
 * too, and shows `\|` as `|`; but a backslash right before that `\|` would pair with its backslash
 * (`\\`, then a bare `|`), so backslashes right before a `|` are shown as their escape `\u005C`: no `|`
 * ever ends the cell.
 */
export function codeCell(text: string): string {
  const shown = visibleText(text).replace(/\\+(?=\|)/g, (run) => "\\u005C".repeat(run.length));
  return span(shown.replace(/\|/g, "\\|"));
}

/** Chain text inside HTML (the <pre> of a trace: GitHub links nothing in it): no tag, no entity. */
export function htmlText(text: string): string {
  return visibleLines(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Lines of chain text as a fenced code block that nothing inside can close. */
export function codeBlock(text: string, lang = ""): string {
  const shown = visibleLines(text);
  const longest = Math.max(2, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${shown}\n${fence}`;
}

/** At most `max` characters (code points, so no surrogate pair is cut in half), "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = [...text.slice(0, 2 * max + 2)]; // the whole text, or more than max code points
  return points.length <= max ? text : `${points.slice(0, max - 1).join("")}…`;
}
