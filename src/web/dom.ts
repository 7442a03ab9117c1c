// The page's few DOM helpers: elements are made with text only, so nothing read from the chain is ever
// parsed as HTML; addresses, blocks and transactions are links to their own views (hash routes, so a
// view's address can be shared: #/address/0x…, #/block/N, #/block/N/tx/0x…, #/blocks/N).

import { FetchError } from "../client/remote.ts";
import { shortAddress, shortHash, shown } from "./format.ts";

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
export const input = (id: string) => $<HTMLInputElement>(id).value.trim();

/** An element with text only, or with these children (a string child is a text node, never HTML). */
export function el(tag: string, content: string | (string | Node)[] = "", cls = "", id = ""): HTMLElement {
  const e = document.createElement(tag);
  if (typeof content === "string") e.textContent = content;
  else e.append(...content);
  if (cls) e.className = cls;
  if (id) e.id = id;
  return e;
}

/** A sentence about what is shown (`bad`: something went wrong); `note` shows it alone in `where`. */
export const noteEl = (text: string, bad = false) => el("p", text, bad ? "note bad" : "note");
export const note = (where: HTMLElement, text: string, bad = false) =>
  where.replaceChildren(noteEl(text, bad));

export const link = (text: string, href: string, cls = "") =>
  Object.assign(el("a", text, cls) as HTMLAnchorElement, { href });

/** A button of the page's own (type "button": it submits no form). */
export const button = (text: string, cls = "") =>
  Object.assign(el("button", text, cls) as HTMLButtonElement, { type: "button" });

/** A button that copies `text` and says so. */
export function copyButton(text: string, what: string): HTMLButtonElement {
  const b = button("Copy", "copy");
  b.setAttribute("aria-label", `Copy ${what}`);
  b.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      b.textContent = "Copied";
    } catch {
      b.textContent = "Select and copy it";
    }
  });
  return b;
}

/** An address: shortened, the full checksummed value on hover, a link to its view, a copy button. */
export function addressEl(address: string): HTMLElement {
  const full = shown(address);
  const a = link(shortAddress(address), `#/address/${address.toLowerCase()}`, "addr");
  a.title = full;
  return el("span", [a, copyButton(full, `address ${full}`)], "chip");
}

export const blockLink = (n: number) => link(`#${n}`, `#/block/${n}`);

/** A hash shortened, the whole of it on hover. */
export const hashEl = (h: string) => Object.assign(el("code", shortHash(h), "hash"), { title: h });

/** A transaction's id shortened, the whole of it on hover, a link to its view. */
export const txLink = (block: number, id: string) =>
  Object.assign(link(shortHash(id), `#/block/${block}/tx/${id}`, "hash"), { title: id });

/** A row of a definition list; a value can be elements. */
export function row(dl: HTMLElement, key: string, ...value: (string | Node)[]): void {
  dl.append(el("dt", key), el("dd", value));
}

/** the browser's own errors: a bug of this page when one is thrown (ours are Error or its subclasses) */
const BUILTIN: unknown[] = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/** Any failure as a sentence for the page: ours say what went wrong; a browser's are not shown raw. */
export function messageOf(e: unknown): string {
  if (e instanceof TypeError && /fetch/i.test(e.message))
    return "The network could not be reached: check the connection and try again.";
  if (e instanceof FetchError || (e instanceof Error && !BUILTIN.includes(e.constructor))) return e.message;
  console.error(e);
  return "Something went wrong in this page (the browser's console has the details); reload and try again.";
}

/** the transaction form's pane: send, call or deploy */
export let current = "send";
export function tab(name: string): void {
  current = name;
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-tab]"))
    b.setAttribute("aria-selected", String(b.dataset.tab === name));
  for (const f of document.querySelectorAll<HTMLElement>("[data-pane]")) f.hidden = f.dataset.pane !== name;
  document.dispatchEvent(new Event("compose-changed"));
}
