// What the page shows of the chain, each view at its own address (src/web/dom.ts): the head and the
// blocks (#/, #/blocks/N), a block with its transactions and receipts (#/block/N), one transaction with
// its file (#/block/N/tx/ID), an account or a contract with a form per function (#/address/0x…; a view
// is answered here, on the head state, by the chain's own code). Chain text goes through `shown`.

import { blockPath } from "../chain/layout.ts";
import { compiledContract } from "../chain/state.ts";
import type { Receipt } from "../chain/transition.ts";
import { viewCall } from "../client/query.ts";
import type { RemoteChain } from "../client/remote.ts";
import { readValue } from "../lang/data.ts";
import { $, addressEl, blockLink, copyButton, el, hashEl, link, messageOf, row, tab, txLink } from "./dom.ts";
import { ADDRESS, grouped, shortAddress, shown, shownLines, statusText, utcTime } from "./format.ts";
import { historyView } from "./history.ts";

/** A receipt as it is stored in a block file or computed by a preview (amounts as text or bigint). */
export type ReceiptLike = Omit<Receipt, "fee" | "effectiveGasPrice"> & { fee: bigint | string };

export function showHead(chain: RemoteChain): HTMLElement {
  const head = chain.head();
  const dl = el("dl", "", "facts");
  row(dl, "block", blockLink(head.number));
  row(dl, "time", utcTime(head.timestamp));
  row(dl, "hash", hashEl(head.hash));
  row(dl, "state root", hashEl(head.stateRoot));
  row(dl, "base fee", `${grouped(head.baseFee)} sneed/gas`);
  row(dl, "chain id", String(chain.genesis().chainId));
  return dl;
}

/** Ten blocks from `top` down, each with its time, hash, transactions and gas; then a link to older ones. */
export async function blockList(chain: RemoteChain, top: number): Promise<HTMLElement> {
  const numbers = Array.from({ length: Math.min(10, top + 1) }, (_, i) => top - i);
  await chain.prefetch(numbers.map(blockPath));
  const list = el("ol", "", "plain blocks", "blocks");
  for (const n of numbers) {
    const b = chain.block(n);
    const h = b?.header;
    const txs = b?.transactions.length ?? 0;
    list.append(
      el("li", [
        blockLink(n),
        " ",
        el("span", h?.timestamp ? utcTime(h.timestamp) : "", "muted"),
        ...(h?.hash ? [" ", hashEl(h.hash)] : []),
        el("span", ` ${txs} tx${txs === 1 ? "" : "s"} · ${grouped(h?.gasUsed ?? 0)} gas`, "muted"),
      ]),
    );
  }
  const box = el("div", [list]);
  const older = numbers.at(-1)! - 1;
  if (older >= 0) box.append(link("Older blocks →", `#/blocks/${older}`, "button"));
  return box;
}

export async function blockView(chain: RemoteChain, n: number, txId?: string): Promise<HTMLElement> {
  await chain.prefetch([blockPath(n)]);
  const b = chain.block(n);
  if (!b) return el("p", `Block ${n} does not exist (yet).`, "note bad");
  const h = b.header;
  const dl = el("dl", "", "facts");
  row(dl, "time", utcTime(h.timestamp));
  row(dl, "hash", hashEl(h.hash));
  if (n > 0) row(dl, "parent", blockLink(n - 1), " ", hashEl(h.parentHash));
  row(dl, "gas used", grouped(h.gasUsed));
  row(dl, "coinbase", addressEl(h.coinbase));
  const box = el("div", [el("h2", `Block ${grouped(n)}`), dl]);
  b.transactions.forEach((t, i) => {
    if (txId && t.id !== txId) return;
    const r = b.receipts[i]!;
    const lead = `From ${shortAddress(r.from)}, nonce ${r.nonce}`;
    const item = el("article", [el("h3", ["Transaction ", txLink(n, t.id)]), receiptView(r, lead)], "tx");
    if (txId)
      item.append(el("h4", shown(t.file)), el("pre", shownLines(t.content)), copyButton(t.content, "file"));
    box.append(item);
  });
  if (txId && !b.transactions.some((t) => t.id === txId))
    box.append(el("p", `Block ${n} holds no transaction ${txId}.`, "note bad"));
  return box;
}

/** A receipt: one sentence first (`lead` and how it ended), then gas, fee, value, events and changes. */
export function receiptView(r: ReceiptLike, lead: string): HTMLElement {
  const box = el("div", "", "receipt");
  const ok = r.status === 0;
  const end = ok ? `fee ${grouped(r.fee)} sneed` : `${statusText(r.status)} — fee ${grouped(r.fee)} sneed`;
  box.append(el("p", `${lead} — ${end}`, ok ? "lead ok" : "lead bad"));
  const dl = el("dl", "", "facts");
  row(dl, "status", statusText(r.status));
  row(dl, "gas", `${grouped(r.gasUsed)} of ${grouped(r.gasLimit)}`);
  row(dl, "fee", `${grouped(r.fee)} sneed`);
  row(dl, "returns", el("code", shown(r.return)));
  if (r.error) row(dl, "error", shown(r.error));
  for (const l of r.logs ?? [])
    row(dl, "event", el("code", [l.event, ...l.args].map(shown).join(" ")), " from ", addressEl(l.address));
  for (const c of r.created ?? []) row(dl, "created", addressEl(c));
  box.append(dl);
  if (r.changes?.length) {
    const change = (c: (typeof r.changes)[number]) => {
      const what = c.key === undefined ? c.field : `${c.field} ${shown(c.key)}`;
      const [before, after] = [c.before, c.after].map((v) => el("code", shown(v ?? "∅")));
      return el("li", [addressEl(c.address), " ", el("code", what), ": ", before!, " → ", after!]);
    };
    box.append(el("h4", "State changes"), el("ul", r.changes.map(change), "plain changes"));
  }
  return box;
}

/** An account: balance, nonce, its history, and for a contract its functions (a form each) and its code. */
export async function accountView(chain: RemoteChain, address: string, rpc?: string): Promise<HTMLElement> {
  if (!ADDRESS.test(address))
    return el("p", `"${shown(address)}" is not an address (0x and 40 hex digits).`, "note bad");
  const a = await chain.load(() => chain.account(address));
  const box = el("div", [el("h2", [a?.code ? "Contract " : "Account ", addressEl(address)])]);
  const dl = el("dl", "", "facts");
  row(dl, "balance", `${grouped(a?.balance ?? 0n)} sneed`);
  row(dl, "nonce", String(a?.nonce ?? 0));
  box.append(dl, ...historyView(chain, rpc, address, !!a?.code));
  if (!a?.code) return box;
  // compiled as the chain compiles it (and cached there): its functions in the order written
  const contract = compiledContract(a.code);
  box.append(el("h3", `${shown(contract.name)}: functions`));
  for (const [name, fn] of contract.functions)
    if (fn.kind !== "private") box.append(functionForm(chain, address, name, fn.params, fn.kind === "view"));
  box.append(el("details", [el("summary", "Source"), el("pre", shownLines(a.code))]));
  return box;
}

/** A form for one function: a view is answered here; a function goes to the transaction form. */
function functionForm(chain: RemoteChain, address: string, name: string, params: string[], view: boolean) {
  const fields = params.map((p) => {
    const i = document.createElement("input");
    i.placeholder = shown(p);
    i.setAttribute("aria-label", `${shown(name)} ${shown(p)}`);
    return i;
  });
  const button = el("button", view ? "Ask" : "Compose a call");
  const answer = el("output");
  const title = el("strong", `${view ? "view" : "function"} ${shown(name)}`);
  const box = el("form", [title, ...fields, button, answer], "fn");
  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    const texts = fields.map((f) => f.value.trim());
    if (!view) {
      $<HTMLInputElement>("target").value = address;
      $<HTMLInputElement>("fn").value = name;
      $<HTMLTextAreaElement>("args").value = texts.join("\n");
      tab("call"); // shows the call form and withdraws any preview (compose-changed)
      $("compose").scrollIntoView();
      return;
    }
    try {
      const args = texts.map((t, i) => literal(t, params[i]!));
      const r = await chain.load(() => viewCall(chain, address, name, args));
      answer.textContent =
        r.status === 0 ? `= ${shown(r.printed)}` : `${statusText(r.status)}: ${shown(r.error ?? "")}`;
      answer.className = r.status === 0 ? "ok" : "bad";
    } catch (e) {
      answer.textContent = messageOf(e);
      answer.className = "bad";
    }
  });
  return box;
}

export function literal(text: string, what: string) {
  try {
    return readValue(text);
  } catch (e) {
    throw new Error(`${what}: ${JSON.stringify(text)} is not a Lisp literal (${(e as Error).message})`);
  }
}
