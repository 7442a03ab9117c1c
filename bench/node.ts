// The node's numbers (issue: using tinychain): JSON-RPC reads per second over one keep-alive
// connection, and how long a 1,000-transaction block takes from `tinychain_sync` to being served
// (git fetch, replay with signature checks, comparison of the changed accounts), and a restart from the
// node's checkpoint against a first start.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signTransaction, transactionFileBytes, transactionFileName } from "../src/chain/transaction.ts";
import { chainRepo, git } from "../test/action/harness.ts";
import { alice, bob, CHAIN_ID, carol } from "../test/chain/fixtures.ts";
import { fmt, median, type Report } from "./measure.ts";

const CLI = join(import.meta.dirname, "../dist/cli.js");

const freshData = () => join(mkdtempSync(join(tmpdir(), "tinychain-bench-node-")), "data");

export function startNode(
  origin: string,
  data = freshData(),
  flags: string[] = [],
): Promise<{ url: string; child: ChildProcess; data: string }> {
  const child = spawn(
    process.execPath,
    [CLI, "node", "--remote", origin, "--data", data, "--port", "0", "--interval", "0", "--json", ...flags],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c) => {
      out += c;
      const m = /"event":"listening","url":"([^"]+)"/.exec(out);
      if (m) resolve({ url: m[1]!, child, data });
    });
    child.on("exit", (code) => reject(new Error(`the node exited with ${code}`)));
  });
}

// biome-ignore lint/suspicious/noExplicitAny: JSON-RPC results are read field by field
async function call(url: string, method: string, params: unknown[] = []): Promise<any> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const doc = (await res.json()) as { result?: unknown; error?: unknown };
  if (doc.error) throw new Error(`${method}: ${JSON.stringify(doc.error)}`);
  return doc.result;
}

export async function benchNode(report: Report): Promise<void> {
  const { origin, work } = chainRepo();
  git(work, "push", "-q", "origin", "main");
  const { url, child, data } = await startNode(origin);
  try {
    report.section("Node: JSON-RPC reads, one client, one keep-alive connection");
    for (const [method, params] of [
      ["tinychain_getBalance", [bob.address]],
      ["tinychain_view", ["0x0000000000000000000000000000000000005eed", "balance-of", [bob.address]]],
    ] as const) {
      const rates: number[] = [];
      for (let round = 0; round < 3; round++) {
        const n = 2000;
        const t = performance.now();
        for (let i = 0; i < n; i++) await call(url, method, [...params]);
        rates.push((n / (performance.now() - t)) * 1000);
      }
      report.row(`${method}: ${fmt(median(rates), 0)} requests/s (fetch from Node, sequential)`);
    }

    report.section("Node: a new 1,000-transaction block, from tinychain_sync to served");
    const times: number[] = [];
    for (let b = 0; b < 3; b++) {
      for (let i = 0; i < 1000; i++) {
        const tx = signTransaction(
          {
            chainId: CHAIN_ID,
            from: alice.address,
            nonce: b * 1000 + i,
            gasLimit: 28_000,
            maxFeePerGas: 30n,
            maxPriorityFeePerGas: 1n,
            data: `(transfer ${carol.address} 1)`,
          },
          alice.privateKey,
        );
        writeFileSync(join(work, transactionFileName(tx)), transactionFileBytes(tx));
      }
      git(work, "add", "-A");
      git(work, "commit", "-q", "-m", `Merge: batch ${b}`);
      execFileSync(process.execPath, [CLI, "apply"], { cwd: work });
      git(work, "add", "-A");
      git(work, "commit", "-q", "-m", `tinychain: batch ${b}`);
      git(work, "push", "-q", "origin", "main");
      // this process was blocked while signing and applying: let it see the server close its idle
      // keep-alive connection before reusing it
      await new Promise((r) => setTimeout(r, 100));
      const t = performance.now();
      const status = await call(url, "tinychain_sync");
      times.push(performance.now() - t);
      if (status.refused || status.head.number < b + 1)
        throw new Error(`sync failed: ${JSON.stringify(status)}`);
    }
    report.row(
      `${fmt(median(times), 0)} ms per block of 1,000 transfers (git fetch, replay with signature recovery, account comparison)`,
    );

    // a restart: from the checkpoint the node saved on stop, against a first start that replays all
    const stopped = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    await stopped;
    const startTimes: Record<string, number[]> = { resume: [], fresh: [] };
    for (let round = 0; round < 3; round++)
      for (const [name, dir] of [
        ["resume", data],
        ["fresh", freshData()],
      ] as const) {
        const t = performance.now();
        const n = await startNode(origin, dir);
        startTimes[name]!.push(performance.now() - t);
        const exited = new Promise((r) => n.child.on("exit", r));
        n.child.kill("SIGTERM");
        await exited;
      }
    report.section("Node: a restart, process start to serving");
    report.row(
      `from its checkpoint: ${fmt(median(startTimes.resume!), 0)} ms; a first start (clone, replay from genesis): ${fmt(median(startTimes.fresh!), 0)} ms`,
    );
  } finally {
    child.kill("SIGTERM");
  }
}
