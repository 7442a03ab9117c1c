// `tinychain relay` as its operator runs it: a process with its own token, against the local GitHub
// double and a bare repository as the chain's remote. Senders submit good and bad files over HTTP; the
// relay refuses the bad ones with their codes, opens pull requests of the good ones, and a restart in
// the middle of a batch loses nothing and opens no second pull request for any transaction.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  parseTransaction,
  type Transaction,
  transactionFileBytes,
  transactionId,
} from "../../src/chain/transaction.ts";
import { chainRepo, git } from "../action/harness.ts";
import { alice, bob, carol } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { CLI } from "../helpers.ts";
import { FakeGitHubWithPulls } from "./fake-pulls.ts";

interface Running {
  url: string;
  child: ChildProcess;
  events: Record<string, unknown>[];
}

const running: ChildProcess[] = [];
const fakes: FakeGitHubWithPulls[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) c.kill("SIGKILL");
  for (const f of fakes.splice(0)) await f.stop();
});

async function setup() {
  const { origin } = chainRepo();
  const api = new FakeGitHubWithPulls(origin);
  await api.start();
  fakes.push(api);
  return { origin, api, data: mkdtempSync(join(tmpdir(), "tinychain-relay-")) };
}

async function startRelay(origin: string, api: string, data: string, args: string[] = []): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      "relay",
      "--remote",
      origin,
      "--repo",
      "Codertocat/Hello-World",
      "--port",
      "0",
      "--data",
      data,
      "--json",
      ...args,
    ],
    {
      env: { ...process.env, NO_COLOR: "1", TINYCHAIN_RELAY_TOKEN: "ghs_relay_token", GITHUB_API_URL: api },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  running.push(child);
  const events: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (d) => {
      buffer += d;
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        const e = JSON.parse(line);
        events.push(e);
        if (e.event === "listening") resolve(e.url);
      }
    });
    child.on("exit", (code) => reject(new Error(`the relay exited with ${code}: ${stderr}`)));
  });
  return { url, child, events };
}

async function rpc(url: string, method: string, params: unknown[]) {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await r.json()) as {
    result?: any;
    error?: { code: number; message: string; data?: { code: string } };
  };
}

const submit = (url: string, tx: Transaction) =>
  rpc(url, "relay_submit", [Buffer.from(transactionFileBytes(tx)).toString("utf8")]);

/** Polls a transaction's status until it is `want` (a sender's loop). */
async function until(url: string, id: string, want: string): Promise<any> {
  for (let i = 0; i < 300; i++) {
    const r = await fetch(`${url}/relay/tx/${id}`);
    if (r.ok) {
      const doc = await r.json();
      if (doc.status === want) return doc;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${id} never became ${want}`);
}

/** Which transaction ids each pull request of the double holds (the files its head adds under txs/). */
function idsByPull(origin: string, api: FakeGitHubWithPulls): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const p of api.created) {
    const names = git(origin, "diff", "--name-only", `${p.base}`, p.head, "--", "txs")
      .split("\n")
      .filter(Boolean);
    out.set(
      p.number,
      names.map((n) =>
        transactionId(parseTransaction(Buffer.from(git(origin, "show", `${p.head}:${n}`))) as Transaction),
      ),
    );
  }
  return out;
}

/** The status of a GET whose Host names another site (a page that rebinds its DNS name). */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/relay/info`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("error", reject);
    req.end();
  });
}

const pay = (to: string, amount: number) => `(transfer ${to} ${amount})`;

describe("tinychain relay", () => {
  it("takes good files, refuses bad ones with their codes, and answers each sender with the PR's URL", async () => {
    const { origin, api, data } = await setup();
    // a pull request as soon as three transactions wait
    const relay = await startRelay(origin, api.url, data, ["--batch", "3", "--interval", "3600"]);
    const good = [
      signedTx(alice, pay(carol.address, 10)),
      signedTx(bob, pay(carol.address, 20)),
      signedTx(alice, pay(carol.address, 30), { nonce: 1 }), // follows the one the relay holds
    ];
    for (const tx of good) {
      const r = await submit(relay.url, tx);
      expect(r.error).toBeUndefined();
      expect(r.result).toMatchObject({ id: transactionId(tx), status: "queued", preview: { status: 0 } });
    }
    // the same file again is the same answer, never a second copy
    expect((await submit(relay.url, good[0]!)).result.id).toBe(transactionId(good[0]!));
    const bad: [Transaction, string][] = [
      [{ ...signedTx(bob, pay(carol.address, 1), { nonce: 1 }), data: pay(alice.address, 1) }, "E_SIGNATURE"],
      [signedTx(carol, pay(alice.address, 1)), "E_FUNDS"],
      [signedTx(bob, pay(alice.address, 1), { chainId: 1, nonce: 1 }), "E_CHAIN"],
      [signedTx(bob, pay(alice.address, 1), { nonce: 5 }), "E_NONCE_GAP"],
      [signedTx(alice, pay(bob.address, 99)), "E_DUPLICATE"], // alice's nonce 0 is held already
    ];
    for (const [tx, code] of bad) expect((await submit(relay.url, tx)).error?.data?.code, code).toBe(code);
    expect((await rpc(relay.url, "relay_submit", ["{not json"])).error?.data?.code).toBe("E_PARSE");

    const opened = await Promise.all(good.map((tx) => until(relay.url, transactionId(tx), "opened")));
    expect(api.created).toHaveLength(1);
    for (const s of opened) expect(s.pullRequest).toEqual({ number: 1000, url: api.created[0]!.url });
    expect(idsByPull(origin, api).get(1000)!.sort()).toEqual(good.map(transactionId).sort());

    // what the chain's page reads, from its own origin
    const info = await fetch(`${relay.url}/relay/info`, {
      headers: { origin: "https://codertocat.github.io" },
    });
    expect(info.headers.get("access-control-allow-origin")).toBe("https://codertocat.github.io");
    expect(await info.json()).toMatchObject({
      relay: "tinychain",
      chainId: 7357,
      repository: "Codertocat/Hello-World",
    });
    // the node's hardening: another Host, a body that is not application/json
    expect(await statusWithHost(relay.url, "evil.example")).toBe(403);
    const plain = await fetch(relay.url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(plain.status).toBe(415);
  }, 60_000);

  it("a restart mid-batch loses nothing, and no transaction is in two pull requests", async () => {
    const { origin, api, data } = await setup();
    // the first batch's pull request is made, but the relay is killed before it hears so
    api.holdCreations = 1;
    let relay = await startRelay(origin, api.url, data, ["--interval", "1"]);
    const first = [signedTx(alice, pay(carol.address, 1)), signedTx(bob, pay(carol.address, 2))];
    for (const tx of first) expect((await submit(relay.url, tx)).result?.status).toBe("queued");
    while (api.created.length === 0) await new Promise((r) => setTimeout(r, 50));
    relay.child.kill("SIGKILL");
    await new Promise((r) => relay.child.once("exit", r));

    // accepted and not yet batched when the relay stops: kept too
    relay = await startRelay(origin, api.url, data, ["--interval", "3600"]);
    const later = signedTx(alice, pay(carol.address, 3), { nonce: 1 });
    expect((await submit(relay.url, later)).result?.status).toBe("queued");
    for (const tx of first) await until(relay.url, transactionId(tx), "opened");
    relay.child.kill("SIGTERM");
    await new Promise((r) => relay.child.once("exit", r));

    relay = await startRelay(origin, api.url, data, ["--interval", "1"]);
    await until(relay.url, transactionId(later), "opened");
    const held = idsByPull(origin, api);
    const all = [...held.values()].flat().sort();
    expect(all).toEqual([...first, later].map(transactionId).sort()); // each exactly once
    expect(new Set(api.created.map((p) => p.branch)).size).toBe(api.created.length);
    // each sender learns the pull request that holds their transaction
    for (const tx of [...first, later]) {
      const id = transactionId(tx);
      const number = [...held].find(([, ids]) => ids.includes(id))![0];
      const status = (await rpc(relay.url, "relay_status", [id])).result;
      expect(status.pullRequest).toEqual({ number, url: api.created.find((p) => p.number === number)!.url });
    }
  }, 90_000);

  it("bounds what one sender and one client may submit", async () => {
    const { origin, api, data } = await setup();
    const relay = await startRelay(origin, api.url, data, ["--sender-rate", "2", "--client-rate", "3"]);
    const alices = [0, 1, 2].map((nonce) => signedTx(alice, pay(carol.address, 1), { nonce }));
    expect((await submit(relay.url, alices[0]!)).result?.status).toBe("queued");
    expect((await submit(relay.url, alices[1]!)).result?.status).toBe("queued");
    const third = await submit(relay.url, alices[2]!);
    expect(third.error?.data).toMatchObject({ code: "E_RATE" });
    expect(third.error?.message).toContain(alice.address);
    // another sender from the same client: the client's own bucket is what runs out next
    expect((await submit(relay.url, signedTx(bob, pay(carol.address, 1)))).error?.data?.code).toBe("E_RATE");
  }, 60_000);
});
