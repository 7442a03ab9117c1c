// Events and history on a running node (a `tinychain dev` chain, which serves every method):
// tinychain_getLogs and its paging, GET /events (server-sent events), every answer checked against
// docs/schema/rpc.json, and the index carried over a restart by the checkpoint.

import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devTx, type RunningDev, result, rpc, startDev } from "./dev-helpers.ts";
import { schemaErrors } from "./schema-check.ts";

const SNEED = "0x0000000000000000000000000000000000005eed";

type Any = any;

/** Reads server-sent events from GET url until `until` holds of them (or 20 s pass). */
async function readEvents(
  url: string,
  until: (events: { event: string; data: Any }[]) => boolean,
  started?: () => Promise<void>,
) {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal });
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  const reader = res.body!.getReader();
  const events: { event: string; data: Any }[] = [];
  let text = "";
  const timer = setTimeout(() => abort.abort(), 20_000);
  let first = true;
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      const blocks = text.split("\n\n");
      text = blocks.pop()!;
      for (const b of blocks) {
        const event = /^event: (.*)$/m.exec(b)?.[1];
        const data = /^data: (.*)$/m.exec(b)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (first && events.length > 0) {
        first = false;
        await started?.();
      }
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return events;
}

describe("events and history", () => {
  let dev: RunningDev;
  let accounts: { address: string; privateKey: string }[];
  const sent: Any[] = [];

  beforeAll(async () => {
    dev = await startDev(["--accounts", "3", "--interval", "3600"]);
    accounts = dev.events.find((e) => e.event === "accounts")!.accounts;
    const [a, b, c] = accounts;
    sent.push(
      await result(dev.url, "tinychain_sendTransaction", [
        devTx(a!, `(call ${SNEED} 'transfer ${b!.address} 5)`, 0),
      ]),
    );
    await result(dev.url, "dev_mine", [3]);
    sent.push(
      await result(dev.url, "tinychain_sendTransaction", [
        devTx(a!, `(call ${SNEED} 'transfer ${c!.address} 6)`, 1),
      ]),
    );
    sent.push(
      await result(dev.url, "tinychain_sendTransaction", [
        devTx(b!, `(call ${SNEED} 'transfer ${c!.address} 7)`, 0),
      ]),
    );
  });

  afterAll(() => dev?.stop());

  it("answers tinychain_getLogs by address, event and blocks, each log with its block, transaction and index", async () => {
    const all = await result(dev.url, "tinychain_getLogs", { event: "Transfer" });
    expect(all.logs.map((l: Any) => l.args[2])).toEqual(["5", "6", "7"]);
    expect(all.cursor).toBeNull();
    const first = all.logs[0];
    const block = await result(dev.url, "tinychain_getBlockByNumber", [first.block]);
    expect(first).toEqual({
      block: sent[0].block,
      blockHash: block.header.hash,
      transaction: sent[0].id,
      transactionIndex: 0,
      logIndex: 0,
      address: SNEED,
      event: "Transfer",
      args: [accounts[0]!.address, accounts[1]!.address, "5"],
    });
    expect(block.receipts[first.transactionIndex].logs[first.logIndex]).toEqual({
      address: SNEED,
      event: "Transfer",
      args: first.args,
    });
    // the eth_getLogs form, one filter object, gives the same
    expect(await result(dev.url, "tinychain_getLogs", [{ event: "Transfer" }])).toEqual(all);
    // blocks: only the later two
    const later = await result(dev.url, "tinychain_getLogs", { event: "Transfer", fromBlock: sent[1].block });
    expect(later.logs.map((l: Any) => l.args[2])).toEqual(["6", "7"]);
    const none = await result(dev.url, "tinychain_getLogs", { fromBlock: 2, toBlock: 4 });
    expect(none).toMatchObject({ logs: [], cursor: null, fromBlock: 2, toBlock: 4 });
    // a toBlock past the head searches up to the head, and says so
    const head = (await result(dev.url, "tinychain_head")).number;
    expect((await result(dev.url, "tinychain_getLogs", { toBlock: head + 100 })).toBlock).toBe(head);
    expect((await result(dev.url, "tinychain_getLogs", { address: accounts[2]!.address })).logs).toEqual([]);
    expect((await result(dev.url, "tinychain_getLogs", { address: SNEED, event: "Nope" })).logs).toEqual([]);
  });

  it("pages with limit and cursor", async () => {
    const page1 = await result(dev.url, "tinychain_getLogs", { address: SNEED, event: "Transfer", limit: 2 });
    expect(page1.logs).toHaveLength(2);
    expect(page1.cursor).toMatch(/^\d+-\d+-\d+$/);
    const page2 = await result(dev.url, "tinychain_getLogs", {
      address: SNEED,
      event: "Transfer",
      limit: 2,
      cursor: page1.cursor,
    });
    expect(page2.logs.map((l: Any) => l.args[2])).toEqual(["7"]);
    expect(page2.cursor).toBeNull();
  });

  it("answers every wrong filter with E_PARAMS naming the field", async () => {
    const cases: [unknown, RegExp][] = [
      [{ address: "0x12" }, /address/],
      [{ event: 5 }, /event must be an event name/],
      [{ event: "" }, /event/],
      [{ fromBlock: -1 }, /fromBlock must be a whole number/],
      [{ toBlock: "soon" }, /toBlock must be a whole number/],
      [{ fromBlock: 5, toBlock: 2 }, /fromBlock 5 is after toBlock 2/],
      [{ limit: 0 }, /limit must be from 1 to 1000/],
      [{ limit: 1001 }, /limit must be from 1 to 1000/],
      [{ cursor: "abc" }, /cursor must be a cursor/],
      [{ cursor: 7 }, /cursor/],
      [[{ topics: [] }], /unknown filter field "topics"/],
      [{ topics: [] }, /unknown parameter "topics"/],
      [["0x12"], /address/],
    ];
    for (const [params, message] of cases) {
      const r = await rpc(dev.url, "tinychain_getLogs", params);
      expect(r.error, JSON.stringify(params)).toMatchObject({ code: -32602, data: { code: "E_PARAMS" } });
      expect(r.error.message).toMatch(message);
    }
    expect((await result(dev.url, "tinychain_head")).number).toBeGreaterThan(0); // still serving
  });

  it("pushes new heads and matching logs to a GET /events stream", async () => {
    const [, b, c] = accounts;
    let pushed = false;
    const events = await readEvents(
      `${dev.url}/events?address=${SNEED}&event=Transfer`,
      (es) => es.some((e) => e.event === "log"),
      async () => {
        pushed = true;
        await result(dev.url, "tinychain_sendTransaction", [
          devTx(c!, `(call ${SNEED} 'transfer ${b!.address} 8)`, 0),
        ]);
      },
    );
    expect(pushed).toBe(true);
    expect(events[0]!.event).toBe("head"); // the head at once
    const log = events.find((e) => e.event === "log")!.data;
    expect(log).toMatchObject({ address: SNEED, event: "Transfer", args: [c!.address, b!.address, "8"] });
    expect(events.filter((e) => e.event === "head").map((e) => e.data.number)).toContain(log.block);
    for (const e of events)
      expect(
        schemaErrors({
          [e.event === "log" ? "tinychain_getLogs" : "tinychain_head"]:
            e.event === "log" ? { logs: [e.data], cursor: null, fromBlock: 0, toBlock: 0 } : e.data,
        }),
      ).toEqual([]);
    // a filter that matches nothing gets the heads only
    const quiet = await readEvents(
      `${dev.url}/events?event=Approval`,
      (es) => es.filter((e) => e.event === "head").length >= 2,
      async () => void (await result(dev.url, "dev_mine")),
    );
    expect(quiet.every((e) => e.event === "head")).toBe(true);
  });

  it("refuses a wrong filter, a foreign page, a foreign Host, and subscribers over the cap", async () => {
    for (const q of ["address=0x12", "event=", "topics=1"]) {
      const r = await fetch(`${dev.url}/events?${q}`);
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as Any).error.data.code).toBe("E_PARAMS");
    }
    const foreign = await fetch(`${dev.url}/events`, { headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as Any).error.data.code).toBe("E_ORIGIN");
    const port = new URL(dev.url).port;
    const hostStatus = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, path: "/events", headers: { host: `evil.example:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(hostStatus).toBe(403);
    // 64 streams at once; the 65th is refused until one closes
    const aborts = Array.from({ length: 64 }, () => new AbortController());
    try {
      const open = await Promise.all(aborts.map((a) => fetch(`${dev.url}/events`, { signal: a.signal })));
      expect(open.every((r) => r.status === 200)).toBe(true);
      const over = await fetch(`${dev.url}/events`);
      expect(over.status).toBe(503);
      expect(((await over.json()) as Any).error.data.code).toBe("E_BUSY");
    } finally {
      for (const a of aborts) a.abort();
    }
    let again = 0;
    for (let i = 0; i < 50 && again !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const a = new AbortController();
      again = (await fetch(`${dev.url}/events`, { signal: a.signal })).status;
      a.abort();
    }
    expect(again).toBe(200);
  });

  it("answers every method as docs/schema/rpc.json says", async () => {
    const [a, b] = accounts;
    const head = await result(dev.url, "tinychain_head");
    const block = await result(dev.url, "tinychain_getBlockByNumber", [sent[0].block]);
    const answers: Record<string, unknown> = {
      tinychain_status: await result(dev.url, "tinychain_status"),
      tinychain_sync: await result(dev.url, "tinychain_sync"),
      tinychain_head: head,
      tinychain_getBlockByNumber: block,
      tinychain_getBlockByHash: await result(dev.url, "tinychain_getBlockByHash", [head.hash]),
      tinychain_getReceipt: await result(dev.url, "tinychain_getReceipt", [sent[0].id]),
      tinychain_getTransaction: await result(dev.url, "tinychain_getTransaction", [sent[0].id]),
      tinychain_getAccount: await result(dev.url, "tinychain_getAccount", [SNEED]),
      tinychain_getBalance: await result(dev.url, "tinychain_getBalance", [a!.address]),
      tinychain_view: await result(dev.url, "tinychain_view", [SNEED, "balance-of", [b!.address]]),
      tinychain_simulate: await result(dev.url, "tinychain_simulate", [
        devTx(b!, `(call ${SNEED} 'transfer ${a!.address} 1)`, 1),
      ]),
      tinychain_getLogs: await result(dev.url, "tinychain_getLogs", {}),
      tinychain_getTransactions: await result(dev.url, "tinychain_getTransactions", [a!.address]),
      tinychain_waiting: await result(dev.url, "tinychain_waiting"),
      tinychain_sendTransaction: sent[0],
      dev_mine: await result(dev.url, "dev_mine", [2, 10]),
      dev_mineTo: await result(dev.url, "dev_mineTo", [head.number + 3]),
    };
    // every method is here: the schema lists exactly the node's and dev's methods
    expect(Object.keys(answers).sort()).toEqual(
      Object.keys((await import("./schema-check.ts")).RPC_SCHEMA.properties).sort(),
    );
    expect(schemaErrors(answers)).toEqual([]);
    // a plain account, a failing view
    expect(
      schemaErrors({ tinychain_getAccount: await result(dev.url, "tinychain_getAccount", [b!.address]) }),
    ).toEqual([]);
    expect(
      schemaErrors({ tinychain_view: await result(dev.url, "tinychain_view", [SNEED, "nope"]) }),
    ).toEqual([]);
    // and the checker does check: a field the schema lacks, a wrong type
    expect(schemaErrors({ tinychain_head: { ...head, extra: 1 } })).not.toEqual([]);
    expect(schemaErrors({ tinychain_head: { ...head, number: "1" } })).not.toEqual([]);
  });

  it("keeps the index in its checkpoint: a restart answers the same logs without replaying", async () => {
    const before = await result(dev.url, "tinychain_getLogs", {});
    await dev.stop();
    dev = await startDev(["--interval", "3600"], dev.dir);
    expect(dev.events).toContainEqual(expect.objectContaining({ event: "resumed" }));
    expect(dev.events.some((e) => e.event === "verified")).toBe(false);
    expect(await result(dev.url, "tinychain_getLogs", {})).toEqual(before);
  });
});
