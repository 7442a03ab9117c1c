// An account's transactions and a contract's events (#/address/0x…), newest first. When a node serves
// the page (config.json's `rpc`): its index (tinychain_getTransactions, tinychain_getLogs), PAGE at a
// time, *Older* paging on with the cursor. On GitHub Pages: the block files themselves, read from the
// head down SCAN_BLOCKS at a time (client/history.ts: one raw.githubusercontent.com request a block,
// which counts against no API limit), *Older* reading the next ones. Chain text goes through `shown`.

import { type RecentHistory, recentHistory, SCAN_BLOCKS } from "../client/history.ts";
import { NodeClient } from "../client/node.ts";
import type { RemoteChain } from "../client/remote.ts";
import type { AccountTransaction, IndexedLog, Place } from "../client/types.ts";
import { addressEl, blockLink, button, el, messageOf, txLink } from "./dom.ts";
import { shown, statusText } from "./format.ts";

/** entries a node is asked for at a time */
export const PAGE = 25;

/** the lists of an account's history */
type Listed = "transactions" | "logs";
type Item<K extends Listed> = RecentHistory[K][number];

type More<T> = () => Promise<{ items: T[]; done: boolean; said: string }>;

/** A list that shows its first page at once and the next one on *Older*; a failure is said in it. */
function pagedList<T>(id: string, title: string, more: More<T>, render: (item: T) => (string | Node)[]) {
  const list = el("ol", "", "plain");
  const said = el("p", "", "muted");
  const older = Object.assign(button("Older"), { hidden: true });
  const box = el("div", [el("h3", title), list, said, older], "history", id);
  const load = async () => {
    box.setAttribute("aria-busy", "true");
    older.disabled = true;
    try {
      const page = await more();
      list.append(...page.items.map((item) => el("li", render(item))));
      said.textContent = `${list.childElementCount === 0 ? "None found. " : ""}${page.said}`;
      older.hidden = page.done;
    } catch (e) {
      Object.assign(said, { textContent: messageOf(e), className: "note bad" });
    }
    older.disabled = false;
    box.removeAttribute("aria-busy");
  };
  older.addEventListener("click", () => void load());
  void load();
  return box;
}

/** A page of the node's index, asked newest first with the cursor of the last one. */
type Ask<K extends Listed> = (page: {
  order: "desc";
  limit: number;
  cursor?: string;
}) => Promise<{ cursor: string | null } & Pick<RecentHistory, K>>;

/**
 * The next page: from the node's index when there is one (`ask`), the cursor kept for the next; else
 * from the block files, SCAN_BLOCKS blocks at a time from the head down.
 */
function pages<K extends Listed>(key: K, chain: RemoteChain, account: string, ask?: Ask<K>): More<Item<K>> {
  let cursor: string | undefined;
  let top: number | undefined;
  return async () => {
    if (ask) {
      const page = await ask({ order: "desc", limit: PAGE, cursor });
      cursor = page.cursor ?? undefined;
      const said = cursor
        ? `Newest first, from the node's index, ${PAGE} at a time.`
        : "From the node's index.";
      return { items: page[key], done: !cursor, said };
    }
    const head = await chain.load(() => chain.head().number);
    const h = await recentHistory(chain, account, top ?? head);
    top = h.fromBlock - 1;
    const said = `Blocks ${h.fromBlock} to ${head} searched. Without a node this page reads the block files themselves, ${SCAN_BLOCKS} at a time (one request to raw.githubusercontent.com each); a node answers from its index.`;
    return { items: h[key], done: top < 0, said };
  };
}

const place = (e: Place) => [blockLink(e.block), " ", txLink(e.block, e.transaction), " "];
const ended = (t: AccountTransaction) => ` nonce ${t.nonce} · ${statusText(t.status)}`;
const txItem = (t: AccountTransaction) => [...place(t), "from ", addressEl(t.from), ended(t)];
const logItem = (l: IndexedLog) => [...place(l), el("code", [l.event, ...l.args].map(shown).join(" "))];

/** The account's transactions, and a contract's events. */
export function historyView(chain: RemoteChain, rpc: string | undefined, account: string, contract: boolean) {
  const node = rpc ? new NodeClient(rpc) : undefined;
  const txs = pages("transactions", chain, account, node && ((p) => node.getTransactions({ account, ...p })));
  const logs = pages("logs", chain, account, node && ((p) => node.getLogs({ address: account, ...p })));
  const lists = [pagedList("tx-history", "Transactions", txs, txItem)];
  if (contract) lists.push(pagedList("event-history", "Events", logs, logItem));
  return lists;
}
