// An account's transactions and a contract's events on the web page, in headless Chromium (test/browser.ts),
// on one `tinychain dev` chain of 100-odd blocks: served by the node, from its index (newest first, a
// page at a time, *Older* paging on); and as GitHub Pages serves it — the page's files from a static
// server with pages.yml's config.json, the repository's raw files answered from the chain's folder —
// from the block files themselves, the last 100 blocks first, one request each, each read once.
// Hostile chain text is shown escaped.

import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockPath } from "../../src/chain/layout.ts";
import { callData, deployData } from "../../src/client/compose.ts";
import { SCAN_BLOCKS } from "../../src/client/history.ts";
import { toChecksumAddress } from "../../src/crypto/address-case.ts";
import { PAGE } from "../../src/web/history.ts";
import { launchBrowser } from "../browser.ts";
import { ROOT } from "../helpers.ts";
import { devTx, type RunningDev, result, startDev } from "../node/dev-helpers.ts";

const HOSTILE =
  "(contract Hostile (defmap notes) (defn shout (text) (put! notes text text) (emit Said text) text))";
/** what an attacker writes: markup, a right-to-left override, a zero-width space */
const EVIL = '<img src=x onerror="window.__pwned=1">\u202Eevil\u200Bnote';
/** a's transfers to b, all in one block */
const TRANSFERS = 30;

let dev: RunningDev;
let browser: Browser;
let pages: Server;
let pagesUrl: string;
let a: { address: string; privateKey: string };
let b: typeof a;
let c: typeof a;
let hostile: string;
let head: number;
/** the block of a's transfers */
let busy: number;

const send = (k: typeof a, data: string, nonce: number) =>
  result(dev.url, "tinychain_sendTransaction", [devTx(k, data, nonce)]);

/** The static site: the built page, pages.yml's config.json, and under /chain/ the chain's folder. */
function staticSite(): Promise<string> {
  pages = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url!, "http://x").pathname)).replace(/^\/+/, "");
    const file = path.startsWith("chain/state/")
      ? join(dev.dir, path.slice("chain/".length))
      : ["index.html", "page.js", "style.css"].includes(path || "index.html")
        ? join(ROOT, "dist/web", path || "index.html")
        : undefined;
    if (path === "config.json") return res.end(JSON.stringify({ repo: "sneed-org/chain", branch: "main" }));
    try {
      const type = path.endsWith(".js")
        ? "text/javascript"
        : path.endsWith(".css")
          ? "text/css"
          : "text/html";
      res.setHeader("content-type", type);
      res.end(readFileSync(file!));
    } catch {
      res.statusCode = 404;
      res.end("404: Not Found");
    }
  });
  return new Promise((resolve) =>
    pages.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(pages.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  dev = await startDev(["--accounts", "3", "--interval", "3600"]);
  [a, b, c] = dev.events.find((e) => e.event === "accounts")!.accounts;
  hostile = (await send(a, deployData(HOSTILE), 0)).created[0];
  await send(a, callData(hostile, "shout", [EVIL]), 1);
  for (let i = 0; i < TRANSFERS; i++)
    writeFileSync(
      join(dev.dir, `txs/${a.address}-${i + 2}.json`),
      devTx(a, `(transfer ${b.address} 1)`, i + 2),
    );
  busy = (await result(dev.url, "dev_mine", [1])).blocks[0];
  await result(dev.url, "dev_mine", [SCAN_BLOCKS]);
  head = (await send(b, `(transfer ${c.address} 1)`, 0)).block;
  pagesUrl = await staticSite();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  pages?.close();
  await dev?.stop();
});

/** A page at `url`; GitHub's raw files answered from the static site's /chain/, its API with nothing. */
async function open(url: string) {
  const context: BrowserContext = await browser.newContext();
  const raw: string[] = [];
  const errors: string[] = [];
  await context.route("https://raw.githubusercontent.com/sneed-org/chain/main/**", async (r) => {
    const path = new URL(r.request().url()).pathname.replace("/sneed-org/chain/main/", "");
    raw.push(path);
    const res = await fetch(`${pagesUrl}/chain/${path}`);
    return r.fulfill({ status: res.status, body: Buffer.from(await res.arrayBuffer()) });
  });
  await context.route("https://api.github.com/**", (r) =>
    r.request().url().includes("/pulls") ? r.fulfill({ json: [] }) : r.fulfill({ status: 404, json: {} }),
  );
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector("body[data-pending=shown]", { timeout: 20_000 });
  return { page, raw, errors };
}

/** The list `id` once it has loaded: its items' text, and what it says under them. */
async function listed(page: Page, id: string) {
  await page.waitForSelector(`#${id} p:not(:empty)`);
  await page.waitForSelector(`#${id}:not([aria-busy])`);
  return {
    items: await page.locator(`#${id} li`).allInnerTexts(),
    said: (await page.locator(`#${id} p`).textContent()) ?? "",
    older: await page.locator(`#${id} > button`).isVisible(),
  };
}

const short = (address: string) => {
  const s = toChecksumAddress(address);
  return `${s.slice(0, 6)}…${s.slice(-4)}`;
};
const blockFiles = (raw: string[]) => raw.filter((p) => p.startsWith("state/blocks/"));

describe("the page's history of an account", () => {
  it("served by a node: the account's transactions from its index, newest first, a page at a time", async () => {
    const { page, errors } = await open(`${dev.url}/#/address/${a.address}`);
    const first = await listed(page, "tx-history");
    expect(first.items).toHaveLength(PAGE);
    expect(first.items[0]).toMatch(
      new RegExp(`^#${busy} 0x[0-9a-f]{8}…[0-9a-f]{6} from ${short(a.address)}Copy nonce 31 · status 0 \\(`),
    );
    expect(first.said).toBe(`Newest first, from the node's index, ${PAGE} at a time.`);
    expect(first.older).toBe(true);
    await page.click("#tx-history > button");
    await expect.poll(async () => (await listed(page, "tx-history")).items.length).toBe(TRANSFERS + 2);
    const all = await listed(page, "tx-history");
    expect(all.older).toBe(false);
    expect(all.items.at(-1)).toMatch(/^#1 .* nonce 0 · status 0/);
    // each is a link to its block and to its receipt
    const link = await page.locator("#tx-history li a").nth(1).getAttribute("href");
    expect(link).toMatch(new RegExp(`^#/block/${busy}/tx/0x[0-9a-f]{64}$`));
    // an account that is not a contract has no events
    expect(await page.locator("#event-history").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("served by a node: a contract's events, hostile text shown escaped and inert", async () => {
    const { page, errors } = await open(`${dev.url}/#/address/${hostile}`);
    const events = await listed(page, "event-history");
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toContain(
      `Said "<img src=x onerror=\\"window.__pwned=1\\">\\u202Eevil\\u200Bnote"`,
    );
    expect(events.said).toBe("From the node's index.");
    // its deployment and the call that wrote its storage
    expect((await listed(page, "tx-history")).items.map((t) => /nonce (\d+)/.exec(t)?.[1])).toEqual([
      "1",
      "0",
    ]);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it(`on GitHub Pages: the block files themselves, the last ${SCAN_BLOCKS} first, one request each`, async () => {
    const { page, raw, errors } = await open(`${pagesUrl}/#/address/${a.address}`);
    const first = await listed(page, "tx-history");
    const from = head - SCAN_BLOCKS + 1;
    expect(first.items).toEqual([]);
    expect(first.said).toBe(
      `None found. Blocks ${from} to ${head} searched. Without a node this page reads the block files themselves, ${SCAN_BLOCKS} at a time (one request to raw.githubusercontent.com each); a node answers from its index.`,
    );
    const last = Array.from({ length: SCAN_BLOCKS }, (_, i) => blockPath(from + i));
    expect(blockFiles(raw).sort()).toEqual(last.sort());
    expect(first.older).toBe(true);
    await page.click("#tx-history > button");
    await expect.poll(async () => (await listed(page, "tx-history")).items.length).toBe(TRANSFERS + 2);
    const all = await listed(page, "tx-history");
    expect(all.said).toMatch(new RegExp(`^Blocks 0 to ${head} searched\\.`));
    expect(all.older).toBe(false);
    // the same list the node's index gives
    const node = await open(`${dev.url}/#/address/${a.address}`);
    await node.page.click("#tx-history > button");
    await expect.poll(async () => (await listed(node.page, "tx-history")).items).toEqual(all.items);
    // every block file read once
    expect(blockFiles(raw)).toHaveLength(head + 1);
    expect(new Set(blockFiles(raw)).size).toBe(head + 1);
    expect(errors).toEqual([]);
    await page.context().close();
    await node.page.context().close();
  });

  it("on GitHub Pages: a recipient's transfer at the head, and a contract's events from the same files", async () => {
    const { page, raw } = await open(`${pagesUrl}/#/address/${c.address}`);
    const theirs = await listed(page, "tx-history");
    expect(theirs.items).toHaveLength(1);
    expect(theirs.items[0]).toMatch(new RegExp(`^#${head} .* from ${short(b.address)}Copy nonce 0`));
    await page.goto(`${pagesUrl}/#/address/${hostile}`);
    await page.waitForSelector("#event-history");
    await page.click("#event-history > button");
    const events = await listed(page, "event-history");
    await page.click("#tx-history > button");
    await expect.poll(async () => (await listed(page, "tx-history")).items.length).toBe(2);
    expect(events.items[0]).toContain(
      `Said "<img src=x onerror=\\"window.__pwned=1\\">\\u202Eevil\\u200Bnote"`,
    );
    expect(new Set(blockFiles(raw)).size).toBe(blockFiles(raw).length); // the two lists share each file
    expect(await page.locator("main img").count()).toBe(0);
    await page.context().close();
  });
});
