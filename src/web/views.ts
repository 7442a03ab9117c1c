// What the page shows of the chain: the head, recent blocks with their receipts, an account, and a
// contract's functions as forms (a view is answered here, on the head state, by the chain's own code).

import { blockPath } from "../chain/layout.ts";
import { viewCall } from "../chain/query.ts";
import { compiledContract } from "../chain/state.ts";
import type { Receipt } from "../chain/transition.ts";
import { readValue } from "../lang/data.ts";
import { STATUS_MEANING } from "../lang/errors.ts";
import { $, ADDRESS, el, note, tab } from "./dom.ts";
import type { RemoteChain } from "./remote.ts";

export function showHead(chain: RemoteChain, where: string): void {
  const head = chain.head();
  const genesis = chain.genesis();
  const rows: [string, string][] = [
    ["chain id", String(genesis.chainId)],
    ["block", String(head.number)],
    ["hash", head.hash],
    ["state root", head.stateRoot],
    ["time", new Date(head.timestamp * 1000).toISOString()],
    ["base fee", `${head.baseFee} sneed/gas`],
  ];
  $("head").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
  $("where").textContent = `${where} · block ${head.number}`;
}

export async function showBlocks(chain: RemoteChain): Promise<void> {
  const head = await chain.load(() => chain.head());
  const numbers = Array.from({ length: Math.min(10, head.number + 1) }, (_, i) => head.number - i);
  await chain.prefetch(numbers.map(blockPath));
  const list = $("blocks");
  list.replaceChildren();
  for (const n of numbers) {
    const b = chain.block(n);
    const li = el("li");
    const summary = el(
      "button",
      `#${n} · ${b?.transactions.length ?? 0} tx · ${b?.header.gasUsed ?? 0} gas`,
    ) as HTMLButtonElement;
    summary.type = "button";
    const details = el("div");
    details.hidden = true;
    summary.addEventListener("click", () => {
      details.hidden = !details.hidden;
      if (details.childElementCount === 0)
        for (const r of b?.receipts ?? []) details.append(receiptView(r as unknown as Receipt));
    });
    li.append(summary, details);
    list.append(li);
  }
}

/** A receipt as the PR comment shows it: status, gas, fee, return value, events, state changes. */
export function receiptView(r: Receipt): HTMLElement {
  const box = el("div");
  const ok = r.status === 0;
  box.append(el("p", `status ${r.status} (${STATUS_MEANING[r.status]})`, ok ? "ok" : "bad"));
  const dl = el("dl");
  const rows: [string, string][] = [
    ["gas", `${r.gasUsed} of ${r.gasLimit}`],
    ["fee", `${r.fee} sneed`],
    ["returns", r.return],
  ];
  if (r.error) rows.push(["error", r.error]);
  for (const l of r.logs ?? []) rows.push(["event", `${l.event} ${l.args.join(" ")} (${l.address})`]);
  for (const c of r.created ?? []) rows.push(["created", c]);
  for (const c of r.changes ?? [])
    rows.push([
      `${c.field}${c.key ? ` ${c.key}` : ""}`,
      `${c.address}: ${c.before ?? "∅"} → ${c.after ?? "∅"}`,
    ]);
  dl.append(...rows.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
  box.append(dl);
  return box;
}

/** An account: balance, nonce, and for a contract its code and a form per function. */
export async function showAccount(chain: RemoteChain, address: string): Promise<void> {
  const out = $("account");
  if (!ADDRESS.test(address))
    return note(out, `"${address}" is not an address (0x and 40 hex digits).`, true);
  const a = await chain.load(() => chain.account(address));
  out.replaceChildren();
  const dl = el("dl");
  dl.append(
    el("dt", "balance"),
    el("dd", `${a?.balance ?? 0n} sneed`),
    el("dt", "nonce"),
    el("dd", String(a?.nonce ?? 0)),
  );
  out.append(dl);
  if (!a?.code) return;
  // compiled as the chain compiles it (and cached there): its functions in the order written
  const contract = compiledContract(a.code);
  out.append(el("h3", `contract ${contract.name}`));
  for (const [name, fn] of contract.functions)
    if (fn.kind !== "private") out.append(functionForm(chain, address, name, fn.params, fn.kind === "view"));
  out.append(el("pre", a.code));
}

/** A generated form for one function: a view is answered here; a function goes to Compose. */
function functionForm(
  chain: RemoteChain,
  address: string,
  name: string,
  params: string[],
  view: boolean,
): HTMLElement {
  const box = el("div", "", "fn");
  box.append(el("strong", `${view ? "view" : "function"} ${name}`));
  const fields = params.map((p) => {
    const i = document.createElement("input");
    i.placeholder = p;
    i.setAttribute("aria-label", `${name} ${p}`);
    return i;
  });
  const button = el("button", view ? "Ask" : "Compose a call");
  const answer = el("span");
  box.append(" ", ...fields, button, answer);
  button.addEventListener("click", async () => {
    const texts = fields.map((f) => f.value.trim());
    if (!view) {
      tab("call");
      $<HTMLInputElement>("target").value = address;
      $<HTMLInputElement>("fn").value = name;
      $<HTMLTextAreaElement>("args").value = texts.join("\n");
      $("compose").scrollIntoView();
      return;
    }
    try {
      const args = texts.map((t, i) => literal(t, params[i]!));
      const r = await chain.load(() => viewCall(chain, address, name, args));
      answer.textContent = r.status === 0 ? ` = ${r.printed}` : ` status ${r.status}: ${r.error}`;
      answer.className = r.status === 0 ? "ok" : "bad";
    } catch (e) {
      answer.textContent = ` ${(e as Error).message}`;
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
