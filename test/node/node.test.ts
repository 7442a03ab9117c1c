// `tinychain node` as a process, queried over HTTP with a real client (fetch), following a bare
// repository that new blocks are pushed to while it runs.

import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { transactionFileBytes } from "../../src/chain/transaction.ts";
import { accountPath, blockPath, storagePath } from "../../src/store/snapshot.ts";
import { alice, bob, carol, SNEED } from "../chain/fixtures.ts";
import { commitAll, type RunningNode, scratchChain, signedTx, startNode, writeTx } from "../chain-helpers.ts";
import { CLI, cli } from "../helpers.ts";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

/** Applies the pending transactions as a block, commits it and pushes it to the bare origin. */
function mergeAndPush(work: string, message: string): void {
  commitAll(work, `Merge: ${message}`);
  expect(cli(["apply"], { cwd: work }).code).toBe(0);
  commitAll(work, `tinychain: ${message}`);
  git(work, "push", "-q", "--force", "origin", "main");
}

/** A committed chain of `n` blocks, each Alice's transfer of 1 to Carol. */
function chainOfBlocks(n: number): string {
  const chain = scratchChain();
  for (let i = 0; i < n; i++) {
    writeTx(chain, alice, `(call ${SNEED} 'transfer ${carol.address} 1)`, { nonce: i });
    commitAll(chain, `block ${i + 1}`);
    expect(cli(["apply"], { cwd: chain }).code).toBe(0);
    commitAll(chain, `tinychain: block ${i + 1}`);
  }
  return chain;
}

/** Raises the gas of a block file's first receipt by one (its header left alone); returns the record. */
function forgeReceipt(work: string, n: number): { receipts: { gasUsed: number }[] } {
  const path = join(work, blockPath(n));
  const record = JSON.parse(readFileSync(path, "utf8"));
  record.receipts[0].gasUsed += 1;
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

const json = { "content-type": "application/json" };
let nextId = 1;
async function rpc(url: string, method: string, params?: unknown): Promise<{ result?: any; error?: any }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: nextId++,
      method,
      ...(params === undefined ? {} : { params }),
    }),
  });
  expect(res.headers.get("content-type")).toBe("application/json");
  return (await res.json()) as { result?: any; error?: any };
}

const result = async (url: string, method: string, params?: unknown) => {
  const r = await rpc(url, method, params);
  if (r.error) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.result;
};

describe("tinychain node: starting", () => {
  it("says what is wrong with what it was asked to follow", () => {
    const plain = mkdtempSync(join(tmpdir(), "tinychain-plain-"));
    git(plain, "init", "-q", "-b", "main");
    writeFileSync(join(plain, "a.txt"), "not a chain\n");
    git(plain, "add", "-A");
    git(plain, "-c", "user.email=a@b", "-c", "user.name=n", "commit", "-q", "-m", "x");
    const data = () => join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");
    const none = cli(["node", "--remote", plain, "--data", data(), "--port", "0", "--json"]);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).error.code).toBe("E_NO_CHAIN");
    const missing = cli(["node", "--remote", join(plain, "nope"), "--data", data(), "--port", "0"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^tinychain: cannot follow .*nope/);
    expect(cli(["node", "--port", "65536", "--remote", plain]).stderr).toContain("--port must be");
  });

  it.skipIf(spawnSync("script", ["--version"]).status !== 0)(
    "shows its progress while it replays, on a terminal",
    async () => {
      const chain = chainOfBlocks(3);
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
      delete env.CI;
      const data = join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");
      const cmd = `${process.execPath} ${CLI} node --port 0 --interval 0 --data ${data}`;
      const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd: chain, env });
      let out = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "serving" line: ${out}`)), 30_000);
        child.stdout.on("data", (d) => {
          out += d;
          if (out.includes("serving block")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      child.kill("SIGTERM");
      expect(out).toContain("replaying [##############################] block 3/3");
      expect(out).toContain("serving block 3");
    },
  );

  it("resumes from its own checkpoint after a restart, and replays from genesis when it cannot", async () => {
    const chain = chainOfBlocks(3);
    const data = join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");
    const args = ["--remote", chain, "--interval", "0", "--data", data];
    const stop = async (n: RunningNode) => {
      const exited = new Promise((r) => n.process.on("exit", r));
      n.process.kill("SIGTERM");
      await exited;
    };
    const first = await startNode(args, chain);
    expect(first.events.some((e) => e.event === "resumed")).toBe(false);
    await stop(first);
    expect(existsSync(join(data, ".git/tinychain-checkpoint.json"))).toBe(true);
    // its state tree is kept beside it, so a restart does not hash every account again
    expect(existsSync(join(data, ".git/tinychain-checkpoint.tree"))).toBe(true);
    // one more block while it was down: it resumes at 3 and replays only block 4
    writeTx(chain, alice, `(call ${SNEED} 'transfer ${carol.address} 1)`, { nonce: 3 });
    commitAll(chain, "block 4");
    expect(cli(["apply"], { cwd: chain }).code).toBe(0);
    commitAll(chain, "tinychain: block 4");
    const second = await startNode(args, chain);
    expect(second.events).toContainEqual(expect.objectContaining({ event: "resumed", block: 3 }));
    expect(second.events.some((e) => e.event === "verified")).toBe(false); // nothing replayed again
    expect((await result(second.url, "tinychain_sync")).head.number).toBe(4);
    expect(await result(second.url, "tinychain_getBalance", [carol.address])).toMatchObject({ balance: "4" });
    const block2 = await result(second.url, "tinychain_getBlockByNumber", [2]);
    expect(block2.header.number).toBe(2);
    // its index of hashes and transactions came with the checkpoint
    expect((await result(second.url, "tinychain_getBlockByHash", [block2.header.hash])).header.number).toBe(
      2,
    );
    expect(await result(second.url, "tinychain_getReceipt", [block2.receipts[0].id])).toMatchObject({
      block: 2,
    });
    await stop(second);
    // a tree file that does not hold the checkpoint's root is not used: the accounts are hashed again
    writeFileSync(join(data, ".git/tinychain-checkpoint.tree"), "not a tree");
    const resumed = await startNode(args, chain);
    expect(resumed.events).toContainEqual(expect.objectContaining({ event: "resumed", block: 4 }));
    expect(await result(resumed.url, "tinychain_getBalance", [carol.address])).toMatchObject({
      balance: "4",
    });
    // a forged block makes a resumed node replay from genesis again: with the genesis's whole alloc
    writeTx(chain, alice, `(call ${SNEED} 'transfer ${carol.address} 1)`, { nonce: 4 });
    commitAll(chain, "block 5");
    expect(cli(["apply"], { cwd: chain }).code).toBe(0);
    forgeReceipt(chain, 5);
    commitAll(chain, "tinychain: block 5");
    const status = await result(resumed.url, "tinychain_sync");
    expect(status).toMatchObject({ head: { number: 4 }, refused: { block: 5 } });
    expect(await result(resumed.url, "tinychain_getBalance", [carol.address])).toMatchObject({
      balance: "4",
    });
    await stop(resumed);
    // a damaged checkpoint is no worse than none
    writeFileSync(join(data, ".git/tinychain-checkpoint.json"), '{"version": 1, "accounts": "nope"}');
    const third = await startNode(args, chain);
    expect(third.events.some((e) => e.event === "resumed")).toBe(false);
    expect(await result(third.url, "tinychain_getBalance", [carol.address])).toMatchObject({ balance: "4" });
    await stop(third);
  });

  it("saves its checkpoint as it verifies: killed, it resumes at the last block it saved", async () => {
    const chain = chainOfBlocks(2);
    const data = join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");
    const args = ["--remote", chain, "--interval", "0", "--data", data];
    const saved = () => {
      try {
        return JSON.parse(readFileSync(join(data, ".git/tinychain-checkpoint.json"), "utf8")).head.number;
      } catch {
        return -1;
      }
    };
    const first = await startNode(args, chain);
    onTestFinished(() => {
      first.process.kill("SIGTERM");
    });
    for (const nonce of [2, 3]) {
      writeTx(chain, alice, `(call ${SNEED} 'transfer ${carol.address} 1)`, { nonce });
      commitAll(chain, `block ${nonce + 1}`);
      expect(cli(["apply"], { cwd: chain }).code).toBe(0);
      commitAll(chain, `tinychain: block ${nonce + 1}`);
    }
    expect((await result(first.url, "tinychain_sync")).head.number).toBe(4);
    // no stop, no signal it can answer: saved while it runs (within seconds), then killed
    for (let i = 0; i < 600 && saved() !== 4; i++) await new Promise((r) => setTimeout(r, 100));
    expect(saved()).toBe(4);
    const killed = new Promise((r) => first.process.on("exit", r));
    first.process.kill("SIGKILL");
    await killed;
    const second = await startNode(args, chain);
    try {
      expect(second.events).toContainEqual(expect.objectContaining({ event: "resumed", block: 4 }));
      expect(second.events.some((e) => e.event === "verified")).toBe(false); // nothing replayed again
      expect(await result(second.url, "tinychain_getBalance", [carol.address])).toMatchObject({
        balance: "4",
      });
    } finally {
      second.process.kill("SIGTERM");
    }
  });

  it("ends its event streams when it is stopped, rather than cutting them", async () => {
    const chain = chainOfBlocks(1);
    const data = join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");
    const node = await startNode(["--remote", chain, "--interval", "0", "--data", data], chain);
    const res = await fetch(`${node.url}/events`);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const exited = new Promise((r) => node.process.on("exit", r));
    node.process.kill("SIGTERM");
    // a stream ended by the server reads to its end; one whose socket was destroyed throws "terminated"
    const reader = res.body!.getReader();
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    expect(await exited).toBe(0);
  });

  it("checks its port before it clones or replays anything", async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const chain = scratchChain();
      commitAll(chain, "genesis");
      const data = join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");
      const r = cli(["node", "--remote", chain, "--data", data, "--port", String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(existsSync(data)).toBe(false); // nothing cloned, nothing replayed
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });
});

describe("tinychain node", () => {
  let work: string;
  let origin: string;
  let node: RunningNode;
  let firstTx: string;
  let data: string;

  beforeAll(async () => {
    work = scratchChain();
    writeTx(work, alice, `(call ${SNEED} 'mint ${bob.address} 5000)`);
    const minted = cli(["validate", "--json"], { cwd: work });
    firstTx = JSON.parse(minted.stdout).results[0].id;
    commitAll(work, "genesis");
    expect(cli(["apply"], { cwd: work }).code).toBe(0);
    commitAll(work, "tinychain: block 1");
    origin = join(mkdtempSync(join(tmpdir(), "tinychain-origin-")), "chain.git");
    git(work, "clone", "-q", "--bare", work, origin);
    git(origin, "config", "uploadpack.allowFilter", "true"); // as GitHub: partial clones
    git(work, "remote", "add", "origin", origin);
    data = join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data");
    // a URL, so git clones over its protocol (blob-less) as from GitHub, not by copying a local folder
    node = await startNode(["--remote", `file://${origin}`, "--interval", "0", "--data", data], work);
  });

  it("clones without the history's blobs and checks out only the blocks", () => {
    expect(git(data, "config", "--get", "remote.origin.promisor")).toBe("true");
    expect(existsSync(join(data, "state/blocks"))).toBe(true);
    expect(existsSync(join(data, "state/head.json"))).toBe(true);
    expect(existsSync(join(data, "state/accounts"))).toBe(false);
    // the blob of a file no block changed (SneedToken's minter entry) was never fetched
    const lazy = { ...process.env, GIT_NO_LAZY_FETCH: "1" };
    const r = spawnSync("git", ["cat-file", "-e", `HEAD:${storagePath(SNEED, "minter")}`], {
      cwd: data,
      env: lazy,
    });
    expect(r.status).not.toBe(0);
  });

  afterAll(() => {
    node?.process.kill("SIGTERM");
  });

  it("serves the verified head: blocks, receipts, accounts, balances", async () => {
    expect(node.events[0], JSON.stringify(node.events[0])).toMatchObject({
      event: "verified",
      from: 1,
      to: 1,
    });
    const head = await result(node.url, "tinychain_head");
    expect(head.number).toBe(1);
    const block = await result(node.url, "tinychain_getBlockByNumber", [1]);
    expect(block.header).toEqual(head);
    expect(await result(node.url, "tinychain_getBlockByHash", [head.hash])).toEqual(block);
    expect(await result(node.url, "tinychain_getBlockByNumber", ["latest"])).toEqual(block);
    const receipt = await result(node.url, "tinychain_getReceipt", [firstTx]);
    const included = await result(node.url, "tinychain_getTransaction", [firstTx]);
    expect(included).toMatchObject({ id: firstTx, block: 1, index: 0, file: `txs/${alice.address}-0.json` });
    expect(JSON.parse(included.content).from).toBe(alice.address);
    expect(receipt).toMatchObject({ id: firstTx, block: 1, status: 0, from: alice.address });
    expect(await result(node.url, "tinychain_getBalance", [bob.address])).toEqual({
      address: bob.address,
      balance: "1000005000", // 10^9 from genesis, 5,000 minted
    });
    // the same answers as the CLI reading the chain folder
    const account = await result(node.url, "tinychain_getAccount", { address: alice.address });
    expect(account).toEqual(JSON.parse(cli(["account", alice.address, "--json"], { cwd: work }).stdout));
    const sneed = await result(node.url, "tinychain_getAccount", [SNEED]);
    expect(sneed.code).toMatch(/^\(contract /);
  });

  it("calls views and simulates a signed transaction file without changing anything", async () => {
    const v = await result(node.url, "tinychain_view", [SNEED, "balance-of", [bob.address]]);
    expect(v).toMatchObject({ status: 0, value: "1000005000", error: null });
    const tx = signedTx(bob, `(call ${SNEED} 'transfer ${carol.address} 1200)`);
    const content = new TextDecoder().decode(transactionFileBytes(tx));
    const r = await result(node.url, "tinychain_simulate", [content]);
    expect(r).toMatchObject({ status: 0, from: bob.address, block: 2, file: `txs/${bob.address}-0.json` });
    expect((await result(node.url, "tinychain_getBalance", [carol.address])).balance).toBe("0");
    // a wrong signature is an invalid transaction, with our code
    const forged = content.replace(
      /"data": "[^"]*"/,
      `"data": "(call ${SNEED} 'transfer ${carol.address} 9999)"`,
    );
    const bad = await rpc(node.url, "tinychain_simulate", [forged]);
    expect(bad.error).toMatchObject({ code: -32002 });
    expect(bad.error.data.code).toMatch(/^E_/);
    const failing = await result(node.url, "tinychain_view", [SNEED, "no-such-fn"]);
    expect(failing.status).not.toBe(0);
    expect(failing.error).toBeTruthy();
  });

  it("answers mistakes with JSON-RPC errors that name the parameter", async () => {
    expect((await rpc(node.url, "tinychain_getBalance", ["0x12"])).error).toMatchObject({
      code: -32602,
      data: { code: "E_PARAMS" },
    });
    expect((await rpc(node.url, "tinychain_getBalance", [])).error.message).toContain("address");
    // one parameter is "1 parameter", not "1 parameters"
    expect((await rpc(node.url, "tinychain_getBalance", [carol.address, 1])).error.message).toMatch(
      /^expects 1 parameter \(address\), got 2$/,
    );
    expect((await rpc(node.url, "tinychain_getBlockByNumber", [99])).error).toMatchObject({
      code: -32001,
      data: { code: "E_NOT_FOUND" },
    });
    expect((await rpc(node.url, "eth_blockNumber")).error.code).toBe(-32601);
    // what only `tinychain dev` does is refused by a node that follows a chain of merges
    for (const [method, params] of [
      ["tinychain_sendTransaction", ["{}"]],
      ["dev_mine", [1]],
      ["dev_mineTo", { number: 9 }],
    ] as const) {
      const refused = (await rpc(node.url, method, params)).error;
      expect(refused).toMatchObject({ code: -32601, data: { code: "E_NOT_DEV" } });
      expect(refused.message).toContain("tinychain dev");
    }
    expect((await rpc(node.url, "tinychain_view", [SNEED, "balance-of", ["(unclosed"]])).error).toMatchObject(
      {
        code: -32602,
        data: { code: "E_DATA" },
      },
    );
    const parse = await fetch(node.url, { method: "POST", headers: json, body: "{not json" });
    expect(((await parse.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const batch = await fetch(node.url, {
      method: "POST",
      headers: json,
      body: JSON.stringify([
        { jsonrpc: "2.0", id: "a", method: "tinychain_head" },
        { jsonrpc: "2.0", method: "tinychain_head" }, // a notification: no answer
        { jsonrpc: "1.0", id: "c", method: "tinychain_head" },
      ]),
    });
    const answers = (await batch.json()) as { id: unknown; error?: { code: number } }[];
    expect(answers.map((a) => a.id)).toEqual(["a", "c"]);
    expect(answers[1]!.error!.code).toBe(-32600);
    // GET is the chain's web page (test/web/page.test.ts); other methods are refused
    expect((await fetch(node.url, { method: "PUT" })).status).toBe(405);
    const huge = await fetch(node.url, { method: "POST", headers: json, body: "x".repeat(9 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    // the node still serves after all of that
    expect((await result(node.url, "tinychain_head")).number).toBe(1);
  });

  it("serves a new block pushed while it runs, once it verifies", async () => {
    writeTx(work, bob, `(call ${SNEED} 'transfer ${carol.address} 700)`);
    mergeAndPush(work, "block 2");
    expect((await result(node.url, "tinychain_head")).number).toBe(1); // not fetched yet
    const status = await result(node.url, "tinychain_sync");
    expect(status).toMatchObject({ head: { number: 2 }, refused: null, lastFetch: { ok: true } });
    expect(status.commit).toBe(git(work, "rev-parse", "HEAD"));
    expect(await result(node.url, "tinychain_getBalance", [carol.address])).toMatchObject({ balance: "700" });
    const block2 = await result(node.url, "tinychain_getBlockByNumber", [2]);
    const receipt = await result(node.url, "tinychain_getReceipt", [block2.receipts[0].id]);
    expect(receipt).toMatchObject({ block: 2, status: 0 });
  });

  it("refuses a block that does not replay as recorded, and keeps serving the last good one", async () => {
    writeTx(work, bob, `(call ${SNEED} 'transfer ${carol.address} 1)`, { nonce: 1 });
    commitAll(work, "Merge: block 3");
    expect(cli(["apply"], { cwd: work }).code).toBe(0);
    // a forged block: its first receipt claims one more gas than the replay uses
    forgeReceipt(work, 3);
    commitAll(work, "tinychain: block 3");
    git(work, "push", "-q", "origin", "main");
    const status = await result(node.url, "tinychain_sync");
    expect(status.head.number).toBe(2);
    expect(status.refused).toMatchObject({ block: 3 });
    expect(status.refused.reason).toContain("gasUsed");
    expect((await rpc(node.url, "tinychain_getBlockByNumber", [3])).error.code).toBe(-32001);
    expect(await result(node.url, "tinychain_getBalance", [carol.address])).toMatchObject({ balance: "700" });
    expect(node.events.some((e) => e.event === "refused" && e.block === 3)).toBe(true);
  });

  it("follows on an interval, from a fresh clone, with no call to sync", async () => {
    const second = await startNode(
      [
        "--remote",
        origin,
        "--interval",
        "1",
        "--cors",
        "http://localhost:3000",
        "--data",
        join(mkdtempSync(join(tmpdir(), "tinychain-node-")), "data"),
      ],
      work,
    );
    try {
      // history rewritten: block 3 replaced by an honest one; this node never served the forged one
      git(work, "reset", "-q", "--hard", "HEAD~1");
      expect(cli(["apply"], { cwd: work }).code).toBe(0);
      commitAll(work, "tinychain: block 3");
      git(work, "push", "-q", "--force", "origin", "main");
      // a browser page on the allowed origin may call it; the first node allows no browser at all
      const preflight = await fetch(second.url, { method: "OPTIONS" });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
      const plain = await fetch(node.url, { method: "POST", headers: json, body: "{}" });
      expect(plain.headers.get("access-control-allow-origin")).toBeNull();
      // no call to sync: the interval fetches (polled for up to 40 s on a loaded machine)
      for (let i = 0; i < 400; i++) {
        const s = await result(second.url, "tinychain_status");
        if (s.head.number === 3) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const s = await result(second.url, "tinychain_status");
      expect(s).toMatchObject({ head: { number: 3 }, refused: null });
      expect(await result(second.url, "tinychain_getBalance", [carol.address])).toMatchObject({
        balance: "701",
      });
    } finally {
      second.process.kill("SIGTERM");
    }
    // the first node served block 2 and refused the forged 3: the honest 3 extends what it served
    const first = await result(node.url, "tinychain_sync");
    expect(first).toMatchObject({ head: { number: 3 }, refused: null });
  });

  it("refuses a remote that rewrites blocks it has served", async () => {
    const served = await result(node.url, "tinychain_head");
    git(work, "reset", "-q", "--hard", "HEAD~3"); // back to block 1
    writeTx(work, bob, `(call ${SNEED} 'transfer ${alice.address} 5)`);
    mergeAndPush(work, "another block 2");
    const status = await result(node.url, "tinychain_sync");
    expect(status.head).toMatchObject({ number: 3, hash: served.hash });
    expect(status.refused.reason).toContain("rewrote history");
    expect(await result(node.url, "tinychain_getBalance", [carol.address])).toMatchObject({ balance: "701" });
  });

  it("refuses a block file of the wrong shape and edits of served blocks, and keeps serving", async () => {
    const status = await result(node.url, "tinychain_status");
    // back on the history the node served, then a hostile block 4: JSON, but not a block
    git(work, "reset", "-q", "--hard", status.commit);
    writeFileSync(join(work, blockPath(4)), '{"header": {"number": 4}, "transactions": "nope"}\n');
    const head = JSON.parse(readFileSync(join(work, "state/head.json"), "utf8"));
    writeFileSync(join(work, "state/head.json"), JSON.stringify({ ...head, number: 4 }));
    commitAll(work, "tinychain: block 4");
    git(work, "push", "-q", "--force", "origin", "main");
    const after = await result(node.url, "tinychain_sync");
    expect(after.head.number).toBe(3);
    expect(after.refused).toMatchObject({ block: 4 });
    expect((await result(node.url, "tinychain_getBalance", [carol.address])).balance).toBe("701");

    // then, quietly, a served block's receipt changed in its file (its header and hash left alone)
    const record1 = forgeReceipt(work, 1);
    commitAll(work, "an edit");
    git(work, "push", "-q", "origin", "main");
    const edited = await result(node.url, "tinychain_sync");
    expect(edited.refused).toMatchObject({ block: 1 });
    expect(edited.refused.reason).toContain(`changed ${blockPath(1)}`);
    expect(edited.commit).toBe(after.commit); // the clone went back to what it had verified
    const served1 = await result(node.url, "tinychain_getBlockByNumber", [1]);
    expect(served1.receipts[0].gasUsed).toBe(record1.receipts[0]!.gasUsed - 1);
  });

  it("refuses a look-alike State/ folder, which a Mac or Windows clone would read as the chain", async () => {
    const status = await result(node.url, "tinychain_status");
    git(work, "reset", "-q", "--hard", status.commit);
    // the served head's block file again, under a path git tells apart and those file systems do not
    const forged = join(work, blockPath(status.head.number).replace(/^state/, "State"));
    mkdirSync(dirname(forged), { recursive: true });
    writeFileSync(forged, "{}\n");
    commitAll(work, "a look-alike");
    git(work, "push", "-q", "--force", "origin", "main");
    const after = await result(node.url, "tinychain_sync");
    expect(after.refused.reason).toMatch(/^E_PATH_CASE: "State" differs only in case from state: /);
    expect(after.commit).toBe(status.commit);
    expect(after.head).toMatchObject({ number: status.head.number, hash: status.head.hash });
    expect((await result(node.url, "tinychain_getBalance", [carol.address])).balance).toBe("701");
  });

  it("refuses a commit that edits state/ without a block (a hand edit), as verify does", async () => {
    const status = await result(node.url, "tinychain_status");
    git(work, "reset", "-q", "--hard", status.commit);
    const file = join(work, accountPath(carol.address));
    writeFileSync(file, readFileSync(file, "utf8").replace(/"balance": "\d+"/, '"balance": "999999"'));
    commitAll(work, "a generous edit");
    git(work, "push", "-q", "--force", "origin", "main");
    const after = await result(node.url, "tinychain_sync");
    expect(after.refused.reason).toMatch(/^E_HISTORY: commit [0-9a-f]{12} changes state\/ without a block/);
    expect(after.commit).toBe(status.commit);
    expect((await result(node.url, "tinychain_getBalance", [carol.address])).balance).toBe("701");
    // verify refuses this history too: for the hostile block 4 if the node had kept it in its history,
    // else (the history guard now refuses that commit before any replay) for the edited balance
    const v = cli(["verify"], { cwd: work });
    expect(v.code, v.stderr).toBe(1);
    expect(v.stdout).toMatch(
      /block 4 cannot be read|E_HISTORY|block 3: state\/accounts\/.* differs from the replay in field balance/,
    );
  });
});
