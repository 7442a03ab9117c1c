// `tinychain node` against web pages and load, as a process over raw HTTP: a page that rebinds its DNS
// name to 127.0.0.1, a cross-site "simple" POST, a token in the remote's URL, bodies too large or too
// deeply nested, idle connections, and simulations heavy enough to hold a thread for seconds.

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transactionFileBytes } from "../../src/chain/transaction.ts";
import { shapeError } from "../../src/node/rpc.ts";
import { alice, bob, SNEED } from "../chain/fixtures.ts";
import { commitAll, type RunningNode, scratchChain, signedTx, startNode } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
const freshData = () => join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  doc: any;
}

/** One HTTP request with exactly these headers (Host included), as a browser or an attacker sends it. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; setHost?: boolean },
) {
  const { port } = new URL(url);
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "POST",
        path: "/",
        headers: options.headers,
        setHost: options.setHost ?? true,
      },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () => {
          let doc: unknown;
          try {
            doc = JSON.parse(text);
          } catch {
            doc = text;
          }
          resolve({ status: res.statusCode!, headers: res.headers, doc });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const json = { "content-type": "application/json" };
const call = (method: string, params: unknown[] = [], id: unknown = 1) =>
  JSON.stringify({ jsonrpc: "2.0", id, method, params });

/** POSTs JSON-RPC the way a program does (fetch, application/json). */
async function rpc(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: "POST", headers: { ...json, ...headers }, body });
  return (await res.json()) as any;
}

/** A signed file whose program hashes in a loop until it has used about `gas`: seconds of CPU. */
function heavyFile(gas: number, nonce = 0): string {
  const rounds = Math.floor(gas / 1074); // a round: keccak256 of 3 bytes (1000 + 64) and the loop (10)
  const program = `(loop ((i 0)) (if (< i ${rounds}) (do (keccak256 "abc") (recur (+ i 1))) i))`;
  const tx = signedTx(alice, program, { nonce, gasLimit: 29_900_000 });
  return new TextDecoder().decode(transactionFileBytes(tx));
}

const stop = async (n: RunningNode) => {
  if (n.process.exitCode !== null) return;
  const exited = new Promise((r) => n.process.on("exit", r));
  n.process.kill("SIGTERM");
  await exited;
};

describe("tinychain node against web pages", () => {
  let chain: string;
  let node: RunningNode;
  let port: string;

  beforeAll(async () => {
    chain = scratchChain();
    commitAll(chain, "genesis");
    node = await startNode(["--remote", chain, "--interval", "0", "--data", freshData()], chain);
    port = new URL(node.url).port;
  });
  afterAll(() => stop(node));

  it("answers only requests that name the node itself in Host (no DNS rebinding)", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const r = await raw(node.url, { headers: { host, ...json }, body: call("tinychain_head") });
      expect(r.status, host).toBe(200);
      expect(r.doc.result.number).toBe(0);
    }
    // a page at http://rebound.example:PORT whose name now resolves to 127.0.0.1: JSON-RPC and GET
    for (const method of ["POST", "GET"]) {
      const r = await raw(node.url, {
        method,
        headers: { host: `rebound.example:${port}`, ...json },
        body: method === "POST" ? call("tinychain_status") : undefined,
      });
      expect(r.status, method).toBe(403);
      expect(r.doc.error).toMatchObject({ code: -32600, data: { code: "E_HOST" } });
      expect(r.doc.error.message).toContain("rebound.example");
      expect(JSON.stringify(r.doc)).not.toContain('"result"');
    }
    // another port is another server's name, and no Host at all is no name
    expect((await raw(node.url, { headers: { host: "127.0.0.1:1", ...json }, body: "{}" })).status).toBe(403);
    const r = await raw(node.url, { method: "GET", setHost: false });
    expect([400, 403]).toContain(r.status);
  });

  it("runs no cross-site simple POST: JSON-RPC needs application/json, and a page an allowed origin", async () => {
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", ""]) {
      const headers: Record<string, string> = { host: `127.0.0.1:${port}` };
      if (type) headers["content-type"] = type;
      const r = await raw(node.url, { headers, body: call("tinychain_sync") });
      expect(r.status, type).toBe(415);
      expect(r.doc.error).toMatchObject({ code: -32600, data: { code: "E_CONTENT_TYPE" } });
    }
    const charset = await rpc(node.url, call("tinychain_head"), {
      "content-type": "application/json; charset=utf-8",
    });
    expect(charset.result.number).toBe(0);
    // a page of another site that could send JSON anyway (a browser asks first: the preflight fails)
    const preflight = await raw(node.url, {
      method: "OPTIONS",
      headers: { host: `127.0.0.1:${port}`, origin: "https://evil.example" },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const foreign = await rpc(node.url, call("tinychain_head"), { origin: "https://evil.example" });
    expect(foreign.error).toMatchObject({ code: -32600, data: { code: "E_ORIGIN" } });
    // the node's own page may
    expect(
      (await rpc(node.url, call("tinychain_head"), { origin: `http://127.0.0.1:${port}` })).result,
    ).toBeDefined();
  });

  it("takes the --cors origin's name in Host, and its page's calls", async () => {
    const second = await startNode(
      ["--remote", chain, "--interval", "0", "--data", freshData(), "--cors", "http://app.test:3000"],
      chain,
    );
    try {
      const p = new URL(second.url).port;
      const r = await raw(second.url, {
        headers: { host: `app.test:${p}`, origin: "http://app.test:3000", ...json },
        body: call("tinychain_head"),
      });
      expect(r.status).toBe(200);
      expect(r.headers["access-control-allow-origin"]).toBe("http://app.test:3000");
      const other = await raw(second.url, {
        headers: { host: `127.0.0.1:${p}`, origin: "http://other.test:3000", ...json },
        body: call("tinychain_head"),
      });
      expect(other.doc.error.data.code).toBe("E_ORIGIN");
    } finally {
      await stop(second);
    }
  });

  it("refuses a --cors origin URL cannot read (a port past 65535) before it starts", () => {
    for (const cors of ["http://app.test:99999", "http://1.2.3.4.5"]) {
      // a timeout: a node that took such an origin used to keep serving after an internal error
      const r = cli(["node", "--remote", chain, "--data", freshData(), "--cors", cors], { timeout: 30_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `--cors must be a web origin like http://localhost:3000 (or *), got "${cors}"`,
      );
    }
  });

  it("never shows a token of its remote's URL", async () => {
    // a clone the node made, then pointed at a URL with credentials (a fetch from it fails at once)
    const data = freshData();
    await stop(await startNode(["--remote", chain, "--interval", "0", "--data", data], chain));
    const secret = "https://someone:ghp_SECRET1@127.0.0.1:1/chain.git?token=SECRET2&x=1";
    git(data, "remote", "set-url", "origin", secret);
    const n = await startNode(["--remote", secret, "--interval", "0", "--data", data], chain);
    try {
      const status = (await rpc(n.url, call("tinychain_status"))).result;
      expect(status.remote).toBe("https://***@127.0.0.1:1/chain.git?token=***&x=***");
      const synced = (await rpc(n.url, call("tinychain_sync"))).result;
      expect(synced.lastFetch.ok).toBe(false);
      expect(JSON.stringify([status, synced, n.events])).not.toMatch(/SECRET/);
    } finally {
      await stop(n);
    }
  });
});

describe("tinychain node under load", () => {
  let chain: string;
  let node: RunningNode;

  beforeAll(async () => {
    chain = scratchChain();
    commitAll(chain, "genesis");
    node = await startNode(["--remote", chain, "--interval", "0", "--data", freshData()], chain);
  });
  afterAll(() => stop(node));

  it("answers 413 to a body far over 8 MiB, declared or streamed, and keeps serving", async () => {
    const big = await fetch(node.url, { method: "POST", headers: json, body: "x".repeat(100 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { data: { code: string } } }).error.data.code).toBe("E_TOO_LARGE");
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const body = new ReadableStream({
      start(c) {
        for (let i = 0; i < 80; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const streamed = await fetch(node.url, {
      method: "POST",
      headers: json,
      body,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await rpc(node.url, call("tinychain_head"))).result.number).toBe(0);
  });

  it("refuses nesting no request needs before building it", async () => {
    const nested = "[".repeat(2_000_000) + "]".repeat(2_000_000); // 4 MB
    const r = await rpc(node.url, nested);
    expect(r.error).toMatchObject({ code: -32600, data: { code: "E_SHAPE" } });
    expect(r.error.message).toContain("8 deep");
    const wide = `[${Array(2000).fill("[]").join(",")}]`;
    expect((await rpc(node.url, wide)).error.data.code).toBe("E_SHAPE");
    // what requests do use passes: a batch of 100 views with their args
    const batch = Array.from({ length: 100 }, (_, i) => ({
      jsonrpc: "2.0",
      id: i,
      method: "tinychain_view",
      params: { address: SNEED, function: "balance-of", args: [bob.address] },
    }));
    const answers = await rpc(node.url, JSON.stringify(batch));
    expect(answers).toHaveLength(100);
    expect(answers[99].result.value).toBe("1000000000");
  });

  it("closes connections that send nothing, or stop sending", async () => {
    const closes = (send?: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(node.url).port), "127.0.0.1", () => {
          if (send) socket.write(send);
        });
        let got = "";
        socket.on("data", (d) => {
          got += d;
        });
        socket.on("close", () => resolve(got));
        socket.on("error", () => {});
      });
    const host = `Host: 127.0.0.1:${new URL(node.url).port}\r\n`;
    const [idle, headers, afterAnswer] = await Promise.all([
      closes(),
      closes(`POST / HTTP/1.1\r\n${host}`),
      closes(`POST / HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`),
    ]);
    expect(idle).toBe("");
    expect(headers).not.toContain("200 OK");
    expect(afterAnswer).toMatch(/^HTTP\/1\.1 200 OK/); // answered, then closed when idle (keep-alive)
  }, 60_000);

  it("answers tinychain_head while simulations run, and E_BUSY when their queue is full", async () => {
    const port = new URL(node.url).port;
    const heavy = call("tinychain_simulate", [heavyFile(27_000_000)]);
    const order: string[] = [];
    // two clients (a program, and the node's own page), so that every worker may be busy
    // eight simulations on two workers run in turns, each some hundreds of milliseconds (gas follows
    // the clock since keccak256 was repriced): the cheap reads must not wait for them
    const sims = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      rpc(node.url, heavy, i % 2 ? { origin: `http://127.0.0.1:${port}` } : {}).then((r) => {
        order.push("simulation");
        return r;
      }),
    );
    await new Promise((r) => setTimeout(r, 50)); // they are in the workers and queues now
    const head = await rpc(node.url, call("tinychain_head"));
    order.push("head");
    expect(head.result.number).toBe(0);
    const status = await rpc(node.url, call("tinychain_status"));
    order.push("status");
    expect(status.result.head.number).toBe(0);
    // answered while simulations still wait or run, not behind all of them
    expect(order.slice(0, order.indexOf("status")).filter((o) => o === "simulation").length).toBeLessThan(
      sims.length,
    );
    for (const r of await Promise.all(sims))
      expect(r.result).toMatchObject({ status: 0, from: alice.address });

    // one client's queue holds 16 calls: the 17th and later are answered at once
    const flood = Array.from({ length: 24 }, () => rpc(node.url, heavy).catch(() => undefined));
    const busy = await Promise.race([
      Promise.all(flood),
      new Promise<unknown[]>((resolve) => {
        const seen: unknown[] = [];
        for (const f of flood)
          f.then((r) => {
            if (r?.error?.data?.code === "E_BUSY") seen.push(r);
            if (seen.length === 3) resolve(seen);
          });
      }),
    ]);
    expect(busy.length).toBeGreaterThanOrEqual(3);
    expect((busy as { error: unknown }[])[0]!.error).toMatchObject({
      code: -32005,
      data: { code: "E_BUSY" },
    });
    expect((await rpc(node.url, call("tinychain_head"))).result.number).toBe(0);
    await stop(node); // the queued ones are not waited for
  }, 120_000);
});

describe("one request's share of the workers", () => {
  it("caps the gas of a batch's views and simulations, answering E_BUDGET past it", async () => {
    const chain = scratchChain();
    commitAll(chain, "genesis");
    const node = await startNode(["--remote", chain, "--interval", "0", "--data", freshData()], chain);
    try {
      // ~27M gas each, but cheap to run: a balance read per 110 gas
      const program = `(loop ((i 0)) (if (< i 245000) (do (balance ${bob.address}) (recur (+ i 1))) i))`;
      const content = new TextDecoder().decode(
        transactionFileBytes(signedTx(alice, program, { gasLimit: 29_900_000 })),
      );
      const batch = Array.from({ length: 7 }, (_, i) => ({
        jsonrpc: "2.0",
        id: i,
        method: "tinychain_simulate",
        params: [content],
      }));
      const answers = await rpc(node.url, JSON.stringify(batch));
      const ran = answers.filter((a: { result?: unknown }) => a.result);
      expect(ran.length).toBeGreaterThanOrEqual(4); // 4 blocks' worth of gas: 30M × 4
      expect(ran.length).toBeLessThan(7);
      expect(answers.at(-1).error).toMatchObject({ code: -32005, data: { code: "E_BUDGET" } });
      // the next request has its own budget
      expect((await rpc(node.url, JSON.stringify(batch[0]))).result.status).toBe(0);
    } finally {
      await stop(node);
    }
  });
});

describe("the shape check", () => {
  it("skips strings, escapes included, and counts a batch", () => {
    expect(shapeError('{"a": "[[[[[[[[[[\\"[[[[[[[[[[", "b": [[1]]}')).toBeUndefined();
    expect(shapeError("[[[[[[[[[]]]]]]]]]")).toMatch(/more than 8 deep/);
    expect(shapeError(`[${Array(101).fill("{}").join(",")}]`)).toBe(
      "a batch holds at most 100 requests, this one 101",
    );
    expect(shapeError('{"unterminated": "')).toBeUndefined(); // JSON.parse's to refuse
  });
});
