// Receipts as users see them: SPEC 7's JSON shape, one line of human text, and the Markdown of the
// pull-request comment. One place, used by the CLI and the action alike.

import type { Change } from "../chain/state.ts";
import type { Receipt, RejectedFile } from "../chain/transition.ts";
import { STATUS_MEANING } from "../lang/errors.ts";

export function receiptJson(r: Receipt & { block?: number }): Record<string, unknown> {
  return {
    id: r.id,
    file: r.file,
    from: r.from,
    nonce: r.nonce,
    status: r.status,
    gasUsed: r.gasUsed,
    gasLimit: r.gasLimit,
    effectiveGasPrice: r.effectiveGasPrice.toString(),
    fee: r.fee.toString(),
    return: r.return,
    error: r.error,
    logs: r.logs.map((l) => ({ address: l.address, event: l.event, args: l.args })),
    created: r.created,
    changes: r.changes,
    ...(r.block !== undefined ? { block: r.block } : {}),
  };
}

export function errorJson(r: RejectedFile): { code: string; message: string } {
  return { code: r.error.code, message: r.error.message };
}

export function receiptLine(r: Receipt): string {
  const status = r.status === 0 ? "ok" : `status ${r.status} (${STATUS_MEANING[r.status]}): ${r.error}`;
  return `${r.file}  ${status}  gas ${r.gasUsed}/${r.gasLimit}  fee ${r.fee}  → ${r.return}`;
}

function changeText(c: Change): string {
  const what = c.field === "storage" ? `storage ${c.key}` : c.field;
  const show = (v: string | null) => (v === null ? "∅" : v.length > 80 ? `${v.slice(0, 77)}…` : v);
  return `${c.address} ${what}: ${show(c.before)} → ${show(c.after)}`;
}

export function receiptDetails(r: Receipt): string[] {
  const lines = [receiptLine(r)];
  for (const l of r.logs) lines.push(`  event ${l.event}(${l.args.join(", ")}) from ${l.address}`);
  for (const c of r.created) lines.push(`  created contract ${c}`);
  for (const c of r.changes) lines.push(`  ${changeText(c)}`);
  return lines;
}

// ---- Markdown (pull-request comments, job summaries) ----------------------------------------------

/** Text from users goes into HTML (a <pre>): neutralise tags, entities and @-mentions. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "@\u200b");
}

/** Text from users goes into Markdown: neutralise @-mentions, HTML and table/code-fence breakers. */
export function escapeMarkdown(s: string): string {
  return escapeHtml(s)
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ")
    .replace(/`/g, "ˋ");
}

/** A code block that user text cannot close: the fence is longer than any backtick run inside. */
export function codeBlock(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/@/g, "@\u200b")}\n${fence}`;
}
