// The node against hostile web pages, in a real browser (headless Chromium, test/browser.ts): a page
// whose DNS name is rebound to 127.0.0.1, and a page of another site that POSTs text/plain (a "simple"
// request, sent without a preflight). Chromium maps the pages' names to 127.0.0.1 itself.

import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserPath } from "../browser.ts";
import { commitAll, type RunningNode, scratchChain, startNode } from "../chain-helpers.ts";

describe("tinychain node in a browser, against hostile pages", () => {
  let node: RunningNode;
  let port: string;
  let browser: Browser;
  /** the other site: a page at http://evil.test:PORT/ (on this machine too, as a local attacker's) */
  let evil: Server;

  beforeAll(async () => {
    const chain = scratchChain();
    commitAll(chain, "genesis");
    const data = join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");
    node = await startNode(["--remote", chain, "--interval", "0", "--data", data], chain);
    port = new URL(node.url).port;
    evil = createServer((_, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>evil</title>");
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
    browser = await chromium.launch({
      executablePath: await browserPath(),
      args: ["--no-sandbox", "--no-zygote", "--disable-gpu", "--host-resolver-rules=MAP *.test 127.0.0.1"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    evil?.close();
    node?.process.kill("SIGTERM");
  });

  const status = async () => {
    const r = await fetch(node.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"jsonrpc":"2.0","id":1,"method":"tinychain_status"}',
    });
    return ((await r.json()) as { result: { lastFetch: unknown } }).result;
  };

  it("gives a rebound page neither the JSON-RPC nor the state files", async () => {
    const page = await browser.newPage();
    try {
      const landing = await page.goto(`http://rebound.test:${port}/`);
      expect(landing!.status()).toBe(403);
      // same origin for the browser: it would read whatever the node answered
      const read = await page.evaluate(async () => {
        const rpc = await fetch("/", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"jsonrpc":"2.0","id":1,"method":"tinychain_status"}',
        });
        const head = await fetch("/state/head.json");
        return { rpc: rpc.status, body: await rpc.text(), head: head.status };
      });
      expect(read.rpc).toBe(403);
      expect(read.body).not.toContain('"result"');
      expect(read.head).toBe(403);
    } finally {
      await page.close();
    }
  });

  it("runs nothing a page of another site posts as text/plain", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`http://evil.test:${(evil.address() as AddressInfo).port}/`);
      expect((await status()).lastFetch).toBeNull();
      // a simple request: no preflight, the answer unreadable, but the node would run it
      const sent = await page.evaluate(async (url) => {
        await fetch(url, {
          method: "POST",
          mode: "no-cors",
          body: '{"jsonrpc":"2.0","id":1,"method":"tinychain_sync"}',
        });
        return true;
      }, node.url);
      expect(sent).toBe(true);
      // and one as JSON: the preflight is refused, so the browser never sends the POST
      const json = await page.evaluate(async (url) => {
        try {
          await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: '{"jsonrpc":"2.0","id":1,"method":"tinychain_sync"}',
          });
          return "sent";
        } catch {
          return "blocked";
        }
      }, node.url);
      expect(json).toBe("blocked");
      expect((await status()).lastFetch).toBeNull(); // no fetch ran: nothing was synced
    } finally {
      await page.close();
    }
  });
});
