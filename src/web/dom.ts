// The page's few DOM helpers: elements are made with text only, so nothing read from the chain is ever
// parsed as HTML.

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
export const input = (id: string) => $<HTMLInputElement>(id).value.trim();

/** An element with text only. */
export function el(tag: string, text = "", cls = ""): HTMLElement {
  const e = document.createElement(tag);
  e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

export function note(where: HTMLElement, text: string, bad = false): void {
  where.replaceChildren(el("p", text, bad ? "note bad" : "note"));
}

export const ADDRESS = /^0x[0-9a-f]{40}$/;
/** the transaction form's pane: send, call or deploy */
export let current = "send";
export function tab(name: string): void {
  current = name;
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-tab]"))
    b.setAttribute("aria-selected", String(b.dataset.tab === name));
  for (const f of document.querySelectorAll<HTMLElement>("[data-pane]")) f.hidden = f.dataset.pane !== name;
}
