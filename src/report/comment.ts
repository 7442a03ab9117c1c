// The pull-request comment (docs/spec.md §8): what a reviewer reads to decide whether to merge. Per transaction:
// who sends it, the program pretty-printed, the status and what it means, gas, fee, return value,
// events, contracts created and every state change before → after; then the invalid files with their
// code and sentence; and the chain head and base fee it was checked against. Every text from a
// transaction or the chain is inert (inert.ts: a code span, or escaped in the trace's <pre>), every
// address checksummed; the whole comment stays under GitHub's 65,536 characters.

import { parseTransaction } from "../chain/transaction.ts";
import type { Receipt, RejectedFile } from "../chain/transition.ts";
import { grouped, shownAddress } from "../client/display.ts";
import { STATUS_MEANING } from "../lang/errors.ts";
import { prettyForm } from "../lang/printer.ts";
import { readOne } from "../lang/reader.ts";
import type { Simulation } from "../sequencer/simulate.ts";
import { formatTrace, type TraceFrame } from "../tools/trace.ts";
import { clip, codeBlock, codeCell, codeSpan, htmlText } from "./inert.ts";

export const COMMENT_MARKER = "<!-- tinychain-receipts -->";
export const MAX_COMMENT = 65_536;
const BUDGET = 60_000; // leaves room for the marker, header and the truncation note

export interface CommentContext {
  /** the head sha the receipts were computed for (hidden, so an older run never overwrites a newer one) */
  headSha?: string;
  /** the data of each transaction, by file, to pretty-print */
  programs: Map<string, string>;
  /** when the transactions are in blocks already: their numbers */
  finalBlocks?: number[];
  /** problems with the pull request as a whole (files outside txs/, caps); they fail it too */
  problems?: string[];
  /** what each transaction did, by file: shown folded under its receipt */
  traces?: Map<string, TraceFrame>;
}

/** The program (`data`) of each transaction file that parses, by path, to show in the comment. */
export function programsOf(files: { path: string; bytes: Uint8Array }[]): Map<string, string> {
  const programs = new Map<string, string>();
  for (const f of files) {
    const tx = parseTransaction(f.bytes); // an unreadable file is shown with its validity code instead
    if (!("code" in tx)) programs.set(f.path, tx.data);
  }
  return programs;
}

function pretty(source: string): string {
  try {
    return prettyForm(readOne(source));
  } catch {
    return source;
  }
}

/** A block folded under its summary, as GitHub shows <details>. */
const folded = (summary: string, body: string) => [
  `<details><summary>${summary}</summary>`,
  "",
  body,
  "",
  "</details>",
  "",
];

/** a trace longer than this is cut (the whole comment must stay under GitHub's limit) */
const MAX_TRACE = 8_000;

function traceDetails(trace: TraceFrame): string[] {
  let text = formatTrace(trace);
  if (text.length > MAX_TRACE) {
    const newline = text.lastIndexOf("\n", MAX_TRACE);
    const cut = newline > 0 ? newline : MAX_TRACE; // one line longer than the whole allowance: cut in it
    const left = text.slice(cut).split("\n").length - (cut === newline ? 1 : 0);
    text = `${text.slice(0, cut)}\n… ${left} more lines: 'tinychain validate --trace' shows them all`;
  }
  // HTML, not a fenced block, inside <details>: every character of user data escaped, nothing to close
  return folded("trace: calls, gas, storage, transfers, events", `<pre>${htmlText(text)}</pre>`);
}

/** A receipt's details, folded under its file's name (HTML: the name escaped inside <code>). */
function receiptSection(r: Receipt & { block?: number }, ctx: CommentContext): string {
  const program = ctx.programs.get(r.file);
  const trace = ctx.traces?.get(r.file);
  const lines = [
    `| | |`,
    `|---|---|`,
    `| sender | \`${shownAddress(r.from)}\` (nonce ${r.nonce}) |`,
    `| status | **${r.status}** ${STATUS_MEANING[r.status]}${r.error ? `: ${codeCell(clip(r.error, 1000))}` : ""} |`,
    `| gas used / limit | ${grouped(r.gasUsed)} / ${grouped(r.gasLimit)} |`,
    `| fee | ${r.fee} sneed (${r.effectiveGasPrice} per gas) |`,
    `| returns | ${codeCell(clip(r.return, 300))} |`,
  ];
  if (r.block !== undefined) lines.push(`| ${ctx.finalBlocks ? "block" : "expected block"} | ${r.block} |`);
  lines.push(`| tx id | \`${r.id}\` |`, "");
  if (program !== undefined) lines.push(...folded("program", codeBlock(pretty(program), "lisp")));
  if (trace) lines.push(...traceDetails(trace));
  // a titled list when there is anything to list, one push per line: a spread of a receipt's logs or
  // changes (any number, as gas allows) would overflow the stack
  const list = <T>(items: T[], line: (item: T) => string, ...title: string[]) => {
    if (items.length === 0) return;
    lines.push(...title);
    for (const item of items) lines.push(line(item));
    lines.push("");
  };
  const event = (l: Receipt["logs"][number]) =>
    `- ${codeSpan(l.event)}(${l.args.map((a) => codeSpan(clip(a, 300))).join(", ")}) from \`${shownAddress(l.address)}\``;
  list(r.logs, event, "**Events**", "");
  if (r.created.length > 0)
    lines.push(`**Contracts created:** ${r.created.map((c) => `\`${shownAddress(c)}\``).join(", ")}`, "");
  const show = (v: string | null) => (v === null ? "—" : codeCell(clip(v, 60)));
  const change = (c: Receipt["changes"][number]) => {
    const field = c.field === "storage" ? `storage ${codeCell(clip(c.key ?? "", 120))}` : c.field;
    return `| \`${shownAddress(c.address)}\` | ${field} | ${show(c.before)} | ${show(c.after)} |`;
  };
  const changes = ["**State changes**", "", "| account | field | before | after |", "|---|---|---|---|"];
  list(r.changes, change, ...changes);
  const mark = r.status === 0 ? "✅" : "❌";
  return folded(`${mark} <code>${htmlText(r.file)}</code>`, lines.join("\n")).join("\n");
}

/** The rows of the receipt table: file, status, gas, fee and a short result. */
const invalidRow = (r: RejectedFile) =>
  `| ❌ ${codeCell(r.file)} | \`${r.error.code}\` | — | — | ${codeCell(clip(r.error.message, 300))} |`;
const receiptRow = (r: Receipt) =>
  `| ${r.status === 0 ? "✅" : "❌"} ${codeCell(r.file)} | ${r.status} | ${grouped(r.gasUsed)} | ${grouped(r.fee)} | ${r.status === 0 ? `→ ${codeCell(clip(r.return, 60))}` : codeCell(clip(r.error ?? "", 120))} |`;

/** The verdict: no problem, no invalid file, and every transaction ends with status 0. */
export const allValid = (sim: Pick<Simulation, "invalid" | "receipts">, problems: string[]) =>
  problems.length === 0 && sim.invalid.length === 0 && sim.receipts.every((r) => r.status === 0);

export function renderComment(sim: Omit<Simulation, "state" | "traces">, ctx: CommentContext): string {
  const problems = ctx.problems ?? [];
  const valid = allValid(sim, problems);
  const final = ctx.finalBlocks;
  const n = sim.receipts.length;
  const head = [
    COMMENT_MARKER,
    ...(ctx.headSha ? [`<!-- tinychain-head: ${ctx.headSha} -->`] : []),
    ...(final ? [`<!-- tinychain-final: ${final.join(" ")} -->`] : []),
    `## tinychain receipts ${valid ? "✅" : "❌"}`,
    "",
    final
      ? `Included in block${final.length === 1 ? "" : "s"} ${final.map((b) => `**${b}**`).join(", ")}.`
      : `Replayed on block **${sim.head.number}** (\`${sim.head.hash.slice(0, 18)}…\`) at base fee **${sim.baseFee}** sneed/gas: ${n} transaction${n === 1 ? "" : "s"} executed, ${sim.invalid.length} invalid.`,
    "",
    // our sentences, but naming the pull request's files: inert as a whole
    ...problems.map((p) => `- ❌ ${codeSpan(p)}`),
    ...(problems.length > 0 ? [""] : []),
  ];
  // one table for every file, then each receipt's details folded, as many as the comment holds
  const rows = [...sim.invalid.map(invalidRow), ...sim.receipts.map(receiptRow)];
  const parts = [
    ...(rows.length > 0 ? ["| file | status | gas | fee | result |\n|---|---|---|---|---|"] : []),
    ...rows,
    "",
    ...sim.receipts.map((r) => receiptSection(r, ctx)),
  ];
  let body = head.join("\n");
  let shown = 0;
  for (const s of parts) {
    if (body.length + s.length > BUDGET) break;
    body += `\n${s}`;
    shown++;
  }
  const left = parts.length - shown;
  if (left > 0)
    body += `\n\n_${left} more row${left === 1 ? "" : "s"} and details left out to stay under GitHub's comment limit; the job summary and \`tinychain validate\` have everything._\n`;
  return body.slice(0, MAX_COMMENT);
}
