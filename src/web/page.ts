// The chain's web page (docs/web.md): see the chain, compose a transaction, preview its receipt, sign it
// with the wallet, open the pull request and follow it, with tinychain's own code running here. Reads
// only the repository's files (src/web/remote.ts) and GitHub's public API; writes nothing anywhere: the
// pull request is the user's. Each view has its own address (#/block/N, #/address/0x…, #/waiting:
// src/web/dom.ts).

import { httpText, RemoteChain } from "../client/remote.ts";
import { type Config, resolveConfig } from "./config.ts";
import { $, addressEl, el, input, link, messageOf, note, tab } from "./dom.ts";
import { shown } from "./format.ts";
import { invalidate, onPreview, onSign } from "./sign.ts";
import { type PendingTx, pendingTransactions } from "./track.ts";
import { accountView, blockList, blockView, showHead } from "./views.ts";
import { waitingView } from "./waiting.ts";
import { connect, hasWallet } from "./wallet.ts";

/** config.json beside the page (written by pages.yml, served by `tinychain node`), if there is one */
async function config(): Promise<Config> {
  const file: Partial<Config> = await httpText("config.json")
    .then((text) => JSON.parse(text ?? "{}"))
    .catch(() => ({})); // none: a Pages site of the repository itself
  return resolveConfig(location.href, file);
}

let chain: RemoteChain;
let cfg: Config;
let pending: PendingTx[] = [];
const wallet = hasWallet();

/** The view the address asks for: #/address/0x…, #/block/N[/tx/ID], #/blocks/N, #/waiting, or the head. */
async function route(): Promise<void> {
  const view = $("view");
  const [kind, a, b, c] = location.hash.replace(/^#\/?/, "").split("/");
  const n = /^(0|[1-9][0-9]{0,9})$/.test(a ?? "") ? Number(a) : undefined;
  view.setAttribute("aria-busy", "true");
  try {
    if (kind === "address" && a) view.replaceChildren(await accountView(chain, a.toLowerCase(), cfg.rpc));
    else if (kind === "waiting") view.replaceChildren(await waitingView(chain, cfg.repo));
    else if (kind === "block" && n !== undefined)
      view.replaceChildren(await blockView(chain, n, b === "tx" ? c?.toLowerCase() : undefined));
    else {
      const head = await chain.load(() => showHead(chain));
      const top = Math.min(
        kind === "blocks" && n !== undefined ? n : Number.MAX_SAFE_INTEGER,
        chain.head().number,
      );
      const title = top === chain.head().number ? "Recent blocks" : `Blocks from ${top}`;
      view.replaceChildren(el("h2", "Head"), head, el("h2", title), await blockList(chain, top));
    }
  } catch (e) {
    note(view, messageOf(e), true);
  }
  view.removeAttribute("aria-busy");
}

/** The connected account in the header and the form's From; none: disconnected. */
function setAccount(account?: string): void {
  $("wallet").replaceChildren(...(account ? ["Connected ", addressEl(account)] : []));
  $("connect").hidden = account !== undefined || !wallet;
  $("disconnect").hidden = account === undefined;
  $<HTMLInputElement>("from").value = account ? shown(account) : "";
  invalidate();
}

async function showPending(): Promise<void> {
  const list = $("pending");
  const found = await pendingTransactions(cfg);
  pending = found.list;
  list.replaceChildren(
    ...pending.map((p) =>
      el("li", [addressEl(p.from), ` nonce ${p.nonce} · `, p.url ? link(p.where, p.url) : shown(p.where)]),
    ),
  );
  if (pending.length === 0) list.append(el("li", "No pending transactions.", "muted"));
  for (const p of found.problems) list.append(el("li", `Not complete: ${p}.`, "note bad"));
}

async function main(): Promise<void> {
  cfg = await config();
  chain = new RemoteChain(cfg.base);
  if (cfg.warning) Object.assign($("warning"), { textContent: cfg.warning, hidden: false });
  if (cfg.repo) $<HTMLAnchorElement>("repo-link").href = `https://github.com/${cfg.repo}`;
  else $("repo-link").hidden = true;
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-tab]"))
    b.addEventListener("click", () => tab(b.dataset.tab!));
  const compose = $("compose");
  compose.addEventListener("submit", (e) => {
    e.preventDefault();
    void onPreview(chain, () => pending, wallet);
  });
  // any edit withdraws the preview: what is signed is what was previewed
  for (const type of ["input", "change"]) compose.addEventListener(type, invalidate);
  document.addEventListener("compose-changed", invalidate);
  $("confirm").addEventListener("change", () => {
    $<HTMLButtonElement>("sign").disabled = !$<HTMLInputElement>("confirm").checked;
  });
  // once the signed transaction is in a block, the page reads the chain again from its new head
  const reload = () => {
    chain = new RemoteChain(cfg.base);
    void route();
  };
  $("sign").addEventListener("click", () => void onSign(cfg, () => chain.head().number, reload));
  $("lookup").addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = `#/address/${input("account-address")}`;
  });
  $("source-file").addEventListener("change", async () => {
    const f = $<HTMLInputElement>("source-file").files?.[0];
    if (f) $<HTMLTextAreaElement>("source").value = await f.text();
    invalidate();
  });
  $("connect").addEventListener("click", async () => {
    try {
      setAccount(await connect());
    } catch (e) {
      $("wallet").replaceChildren(el("span", messageOf(e), "bad"));
    }
  });
  $("disconnect").addEventListener("click", () => setAccount());
  if (!wallet) $("readonly").hidden = false;
  setAccount();
  window.addEventListener("hashchange", () => void route());
  try {
    const genesis = await chain.load(() => chain.genesis());
    const name = shown(genesis.name);
    document.title = `${name} · tinychain`;
    $("name").textContent = name;
    $("where").textContent = `${cfg.repo ?? location.host} · chain id ${genesis.chainId}`;
    await route();
    // for the bench and the tests: when the first meaningful paint was, and how many files it read
    document.body.dataset.readyAt = String(Math.round(performance.now()));
    document.body.dataset.files = String(chain.fetched);
    document.body.dataset.ready = "blocks";
  } catch (e) {
    note($("view"), `The chain could not be read: ${messageOf(e)}`, true);
  }
  await showPending();
  document.body.dataset.pending = "shown";
}

void main();
