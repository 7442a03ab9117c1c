// An account's history on a running node (a `tinychain dev` chain): tinychain_getTransactions — the
// transactions an account sent and those that changed its state — in chain order and newest first,
// paged with limit and cursor, in a range of blocks; tinychain_getLogs newest first; every wrong
// parameter of them a JSON-RPC error naming it; the index carried over a restart; and the library's
// typed methods for them (NodeClient.getTransactions, NodeClient.waiting, RemoteChain.waiting).

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeClient, NodeError } from "../../src/client/node.ts";
import { devTx, type RunningDev, result, rpc, startDev } from "./dev-helpers.ts";
import { schemaErrors } from "./schema-check.ts";

const SNEED = "0x0000000000000000000000000000000000005eed";
type Any = any;

describe("an account's transaction history", () => {
  let dev: RunningDev;
  let a: { address: string; privateKey: string };
  let b: typeof a;
  let c: typeof a;
  /** a's transactions as sent: [block, id] */
  const sent: { block: number; id: string }[] = [];

  const history = (params: unknown) => result(dev.url, "tinychain_getTransactions", params);
  const ids = (page: Any) => page.transactions.map((t: Any) => t.transaction);

  beforeAll(async () => {
    dev = await startDev(["--accounts", "3", "--interval", "3600"]);
    [a, b, c] = dev.events.find((e) => e.event === "accounts")!.accounts;
    // a pays b in block 1; empty blocks; then three of a's transactions in one block, the last to c
    const r1 = await result(dev.url, "tinychain_sendTransaction", [devTx(a, `(transfer ${b.address} 5)`, 0)]);
    sent.push({ block: r1.block, id: r1.id });
    await result(dev.url, "dev_mine", [3]);
    for (const [nonce, to] of [
      [1, b],
      [2, b],
      [3, c],
    ] as const)
      writeFileSync(
        join(dev.dir, `txs/${a.address}-${nonce}.json`),
        devTx(a, `(transfer ${to.address} 1)`, nonce),
      );
    const mined = await result(dev.url, "dev_mine", [1]);
    const block = await result(dev.url, "tinychain_getBlockByNumber", [mined.blocks[0]]);
    for (const t of block.transactions) sent.push({ block: mined.blocks[0], id: t.id });
    // b calls the sneed contract: b's nonce and balance change, and the contract's storage
    await result(dev.url, "tinychain_sendTransaction", [
      devTx(b, `(call ${SNEED} 'transfer ${c.address} 2)`, 0),
    ]);
  }, 60_000);

  afterAll(() => dev?.stop());

  it("answers the transactions an account sent, and those that changed its state, each with where it is", async () => {
    const mine = await history([a.address]);
    expect(schemaErrors({ tinychain_getTransactions: mine })).toEqual([]);
    expect(mine.transactions.map((t: Any) => [t.block, t.transaction])).toEqual(
      sent.map((s) => [s.block, s.id]),
    );
    expect(mine.transactions.map((t: Any) => [t.from, t.nonce, t.status])).toEqual(
      [0, 1, 2, 3].map((n) => [a.address, n, 0]),
    );
    expect(mine.transactions[2].transactionIndex).toBe(1);
    const block = await result(dev.url, "tinychain_getBlockByNumber", [sent[1]!.block]);
    expect(mine.transactions[1].blockHash).toBe(block.header.hash);
    // b received three of a's transfers and sent one of its own (through the sneed contract, to c)
    const theirs = await history({ account: b.address });
    expect(theirs.transactions.map((t: Any) => t.from)).toEqual([a.address, a.address, a.address, b.address]);
    const call = theirs.transactions[3].transaction;
    expect(ids(await history({ account: c.address }))).toEqual([sent[3]!.id, call]);
    // the sneed contract: its `burned` counter changes with every fee, so every transaction concerns it
    const contract = await history({ account: SNEED });
    expect(ids(contract)).toEqual([...sent.map((s) => s.id), call]);
    // an account no transaction concerns
    expect((await history(["0x00000000000000000000000000000000000000aa"])).transactions).toEqual([]);
  });

  it("answers newest first, pages with limit and cursor, and keeps to a range of blocks", async () => {
    const all = ids(await history([a.address]));
    const newest = await history({ account: a.address, order: "desc", limit: 3 });
    expect(ids(newest)).toEqual(all.slice(1).reverse());
    expect(newest.cursor).toMatch(/^\d+-\d+$/);
    const rest = await history({ account: a.address, order: "desc", limit: 3, cursor: newest.cursor });
    expect(ids(rest)).toEqual([all[0]]);
    expect(rest.cursor).toBeNull();
    // up the chain, two at a time
    const first = await history({ account: a.address, limit: 2 });
    const second = await history({ account: a.address, limit: 2, cursor: first.cursor });
    expect([...ids(first), ...ids(second)]).toEqual(all);
    // a range: only the block of the three
    const range = await history({ account: a.address, fromBlock: sent[1]!.block, toBlock: sent[1]!.block });
    expect(ids(range)).toEqual(all.slice(1));
    expect(range).toMatchObject({ fromBlock: sent[1]!.block, toBlock: sent[1]!.block });
    // getLogs newest first too
    const logs = await result(dev.url, "tinychain_getLogs", { address: SNEED, order: "desc" });
    const up = await result(dev.url, "tinychain_getLogs", { address: SNEED });
    expect(logs.logs).toEqual([...up.logs].reverse());
  });

  it("answers every wrong parameter with E_PARAMS naming it, and keeps serving", async () => {
    const cases: [string, unknown, RegExp][] = [
      ["tinychain_getTransactions", [], /expects 1 to 6 parameters/],
      ["tinychain_getTransactions", [{}], /account must be an address/],
      ["tinychain_getTransactions", ["0x12"], /account/],
      ["tinychain_getTransactions", { account: 5 }, /account must be an address/],
      [
        "tinychain_getTransactions",
        [{ account: a.address, address: a.address }],
        /unknown filter field "address"/,
      ],
      ["tinychain_getTransactions", { account: a.address, limit: 1001 }, /limit must be from 1 to 1000/],
      ["tinychain_getTransactions", { account: a.address, limit: 0 }, /limit must be from 1 to 1000/],
      ["tinychain_getTransactions", { account: a.address, cursor: "x-1" }, /cursor must be a cursor/],
      ["tinychain_getTransactions", { account: a.address, cursor: [1] }, /cursor must be a cursor/],
      // a log's cursor (three parts) is not a transaction's position
      ["tinychain_getTransactions", { account: a.address, cursor: "4-0-0" }, /BLOCK-TX\)/],
      ["tinychain_getLogs", { cursor: "4-0" }, /BLOCK-TX-LOG\)/],
      [
        "tinychain_getTransactions",
        { account: a.address, fromBlock: 3, toBlock: 1 },
        /fromBlock 3 is after toBlock 1/,
      ],
      ["tinychain_getTransactions", { account: a.address, toBlock: -1 }, /toBlock must be a whole number/],
      ["tinychain_getTransactions", { account: a.address, order: "newest" }, /order must be "asc" or "desc"/],
      ["tinychain_getLogs", { order: 1 }, /order must be "asc" or "desc"/],
    ];
    for (const [method, params, message] of cases) {
      const r = await rpc(dev.url, method, params);
      expect(r.error, `${method} ${JSON.stringify(params)}`).toMatchObject({
        code: -32602,
        data: { code: "E_PARAMS" },
      });
      expect(r.error.message).toMatch(message);
    }
    expect((await result(dev.url, "tinychain_head")).number).toBeGreaterThan(0);
  });

  it("is the library's NodeClient.getTransactions and waiting, typed, and bad input a NodeError", async () => {
    const node = new NodeClient(dev.url);
    const page = await node.getTransactions({ account: a.address, order: "desc", limit: 1, cursor: null });
    expect(page.transactions[0]!.transaction).toBe(sent[3]!.id);
    expect(await node.waiting()).toEqual({
      block: null,
      readAt: null,
      window: null,
      open: [],
      more: 0,
      vetoes: [],
      vetoBlocks: 0,
    });
    const wrong = await node.getTransactions({ account: "0x12" }).catch((e) => e);
    expect(wrong).toBeInstanceOf(NodeError);
    expect(wrong).toMatchObject({ code: -32602, reason: "E_PARAMS" });
    expect(wrong.message).toMatch(/^tinychain_getTransactions: account/);
    // the same line read from the node's files, as a page on GitHub reads the repository's
    const chain = node.chain();
    expect(await chain.load(() => chain.waiting())).toEqual(await node.waiting());
  });

  it("keeps the index in its checkpoint: a restart answers the same history without replaying", async () => {
    const before = await history([b.address]);
    await dev.stop();
    dev = await startDev(["--interval", "3600"], dev.dir);
    expect(dev.events).toContainEqual(expect.objectContaining({ event: "resumed" }));
    expect(dev.events.some((e) => e.event === "verified")).toBe(false);
    expect(await history([b.address])).toEqual(before);
  });
});
