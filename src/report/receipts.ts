// Receipts as users see them: docs/spec.md §7's JSON shape and lines of human text for a terminal, where every
// text from the transaction or the chain has its controls escaped (no terminal escape sequence, no bidi
// override reaches the screen) and addresses are checksummed. One place, used by the CLI and the action
// alike; the Markdown of the pull-request comment is comment.ts.

import { type Header, receiptRecord } from "../chain/block.ts";
import type { Receipt, RejectedFile } from "../chain/transition.ts";
import { shownAddress, visibleText } from "../client/display.ts";
import { STATUS_MEANING } from "../lang/errors.ts";
import { clip, codeSpan } from "./inert.ts";

/** A receipt as JSON: as its block file stores it (chain/block.ts), with the block it is (or would be) in. */
export function receiptJson(r: Receipt & { block?: number }): Record<string, unknown> {
  return { ...receiptRecord(r), ...(r.block !== undefined ? { block: r.block } : {}) };
}

/** Blocks as a job summary lists them (chain text inert) and the `receipts` output's JSON. */
export function blocksSummary(blocks: { header: Header; receipts: Receipt[]; rejected: RejectedFile[] }[]) {
  const lines: string[] = [];
  for (const { header: h, receipts, rejected } of blocks) {
    lines.push(`### Block ${h.number}`, "", `state root \`${h.stateRoot}\`, gas ${h.gasUsed}`, "");
    for (const r of receipts)
      lines.push(`- ${codeSpan(r.file)}: status ${r.status}, gas ${r.gasUsed}, fee ${r.fee}`);
    for (const r of rejected)
      lines.push(`- ${codeSpan(r.file)}: rejected ${r.error.code}: ${codeSpan(r.error.message)}`);
    lines.push("");
  }
  const json = blocks.flatMap((b) => b.receipts.map((r) => ({ ...receiptJson(r), block: b.header.number })));
  return { lines, json: JSON.stringify(json) };
}

/**
 * A receipt for a terminal: a line of how it ended, where (`at`: places in the author's files), then its
 * events, contracts created and changes.
 */
export function receiptDetails(r: Receipt, at: string[] = []): string[] {
  const status =
    r.status === 0 ? "ok" : `status ${r.status} (${STATUS_MEANING[r.status]}): ${visibleText(r.error ?? "")}`;
  const show = (v: string | null) => (v === null ? "∅" : visibleText(clip(v, 80)));
  return [
    `${visibleText(r.file)}  ${status}  gas ${r.gasUsed}/${r.gasLimit}  fee ${r.fee}  → ${visibleText(r.return)}`,
    ...at.map((p) => `  at ${visibleText(p)}`),
    ...r.logs.map(
      (l) =>
        `  event ${visibleText(l.event)}(${l.args.map(visibleText).join(", ")}) from ${shownAddress(l.address)}`,
    ),
    ...r.created.map((c) => `  created contract ${shownAddress(c)}`),
    ...r.changes.map((c) => {
      const what = c.field === "storage" ? `storage ${visibleText(c.key ?? "")}` : c.field;
      return `  ${shownAddress(c.address)} ${what}: ${show(c.before)} → ${show(c.after)}`;
    }),
  ];
}
