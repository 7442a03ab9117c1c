// The node under load (issue 30): tinychain_head's latency on an idle node, and while every worker of
// the pool runs heavy simulations (a keccak loop near the block gas limit, seconds of CPU each) with
// more waiting. Views and simulations run off the thread that answers, so a cheap read should stay
// within a few times its idle latency (the goal: p99 within 5×).

import { availableParallelism } from "node:os";
import { signTransaction, transactionFileBytes } from "../src/chain/transaction.ts";
import { chainRepo } from "../test/action/harness.ts";
import { alice, CHAIN_ID } from "../test/chain/fixtures.ts";
import { fmt, type Report } from "./measure.ts";
import { startNode } from "./node.ts";

const post = (url: string, body: string, origin?: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    body,
  }).then((r) => r.json() as Promise<{ result?: unknown; error?: { data?: { code?: string } } }>);

const HEAD = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tinychain_head" });

/** Latencies (ms) of `n` sequential tinychain_head calls, sorted. */
async function headLatencies(url: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await post(url, HEAD);
    out.push(performance.now() - t);
    if (!r.result) throw new Error(`tinychain_head: ${JSON.stringify(r)}`);
  }
  return out.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function benchNodeLoad(report: Report): Promise<void> {
  const { origin } = chainRepo();
  // any page may call it: each origin is a client, and one client takes at most half of the workers
  const { url, child } = await startNode(origin, undefined, ["--cors", "*"]);
  try {
    const rounds = 23_000; // 1,074 gas a round (keccak256 1,000 + 64, the loop 10): about 25M gas
    const tx = signTransaction(
      {
        chainId: CHAIN_ID,
        from: alice.address,
        nonce: 0,
        gasLimit: 29_900_000,
        maxFeePerGas: 30n,
        maxPriorityFeePerGas: 1n,
        data: `(loop ((i 0)) (if (< i ${rounds}) (do (keccak256 "abc") (recur (+ i 1))) i))`,
      },
      alice.privateKey,
    );
    const simulate = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tinychain_simulate",
      params: [new TextDecoder().decode(transactionFileBytes(tx))],
    });
    await headLatencies(url, 200); // warm-up
    const idle = await headLatencies(url, 2000);

    // every worker busy, and as many simulations waiting: each client keeps two in flight
    const workers = availableParallelism();
    let running = true;
    let simulations = 0;
    let simMs = 0;
    const client = async (name: string) => {
      while (running) {
        const t = performance.now();
        const r = await post(url, simulate, name);
        if (!r.result) throw new Error(`tinychain_simulate: ${JSON.stringify(r)}`);
        simulations++;
        simMs += performance.now() - t;
      }
    };
    const load = Array.from({ length: 2 * workers }, (_, i) => client(`http://client-${i % workers}.test`));
    await new Promise((r) => setTimeout(r, 1000)); // all workers busy
    const busy = await headLatencies(url, 1000);
    running = false;
    await Promise.all(load);

    report.section(`Node under load: tinychain_head while ${workers} workers simulate (${workers} cores)`);
    report.row(
      `idle: p50 ${fmt(pct(idle, 0.5), 2)} ms, p99 ${fmt(pct(idle, 0.99), 2)} ms (2,000 sequential calls)`,
    );
    report.row(
      `saturated (${2 * workers} heavy simulations in flight, ~25M gas each): p50 ${fmt(pct(busy, 0.5), 2)} ms, p99 ${fmt(pct(busy, 0.99), 2)} ms, max ${fmt(busy.at(-1)!, 0)} ms (1,000 calls) — p99 ${fmt(pct(busy, 0.99) / pct(idle, 0.99), 1)}× idle`,
    );
    report.row(
      `the simulations meanwhile: ${simulations} answered, ${fmt(simMs / simulations / 1000, 1)} s each from request to answer`,
    );
  } finally {
    // the node saves its checkpoint into .git/ as it stops: wait, or the scratch folder's removal races it
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}
