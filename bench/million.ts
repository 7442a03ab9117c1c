// A replayable chain of a million accounts (issue: a layout git can carry for years): its genesis
// allocates BENCH_MILLION_ACCOUNTS (default 1,000,000) accounts and 20 blocks of 10 transfers follow.
// `verify` of it, its peak memory (the process's maximum resident set, from /usr/bin/time), and a
// node's first start against its restart from the checkpoint. Built once and kept under .tmp/.

import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Genesis } from "../src/chain/genesis.ts";
import { transactionFileBytes, transactionFileName } from "../src/chain/transaction.ts";
import { applyPending, initChain } from "../src/sequencer/ledger.ts";
import { Snapshot } from "../src/store/snapshot.ts";
import { CHAIN_ID } from "../test/chain/fixtures.ts";
import { benchKey, fastSigned } from "./chain.ts";
import { fmt, type Report } from "./measure.ts";

const CLI = join(import.meta.dirname, "../dist/cli.js");
const BLOCKS = 20;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=b@example.com", ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  }).trim();

/** The chain folder (a git repository) and a bare copy to serve to nodes; built once. */
function build(accounts: number): { dir: string; origin: string } {
  const root = join(process.cwd(), ".tmp", `million-${accounts}`);
  const dir = join(root, "chain");
  const origin = join(root, "origin.git");
  if (existsSync(join(root, "done"))) return { dir, origin };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const senders = Array.from({ length: 10 }, (_, i) => benchKey(i));
  const alloc = new Map<string, bigint>(senders.map((k) => [k.address, 10n ** 18n]));
  for (let i = 0; i < accounts - senders.length; i++)
    alloc.set(`0x${(i + 1).toString(16).padStart(8, "0")}${"ab".repeat(16)}`, BigInt(1000 + i));
  const genesis: Genesis = {
    chainId: CHAIN_ID,
    name: "million",
    minter: null,
    coinbase: "0x00000000000000000000000000000000000000cb",
    blockGasLimit: 30_000_000,
    minBaseFee: 1n,
    initialBaseFee: 1n,
    alloc,
    timestamp: 0,
  };
  git(dir, "init", "-q", "-b", "main");
  initChain(dir, genesis);
  for (let b = 0; b < BLOCKS; b++) {
    for (const [i, k] of senders.entries()) {
      const t = fastSigned(k, b, `(transfer ${senders[(i + 1) % senders.length]!.address} 1)`);
      writeFileSync(join(dir, transactionFileName(t)), transactionFileBytes(t));
    }
    applyPending(new Snapshot(dir), { timestamp: b + 1, commit: "c".repeat(40) });
  }
  git(dir, "add", "-A", "state", "txs");
  git(dir, "commit", "-q", "-m", "a million accounts");
  git(root, "clone", "-q", "--bare", dir, origin);
  git(origin, "config", "uploadpack.allowFilter", "true");
  writeFileSync(join(root, "done"), "");
  return { dir, origin };
}

/** Seconds from a node's start to its "listening" line. */
function startNode(origin: string, data: string): Promise<{ seconds: number; child: ChildProcess }> {
  const t = performance.now();
  const child = spawn(
    process.execPath,
    [CLI, "node", "--remote", `file://${origin}`, "--data", data, "--port", "0", "--interval", "0", "--json"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c) => {
      out += c;
      if (out.includes('"event":"listening"')) resolve({ seconds: (performance.now() - t) / 1000, child });
    });
    child.on("exit", (code) => reject(new Error(`the node exited with ${code}`)));
  });
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });

export async function benchMillion(report: Report): Promise<void> {
  const accounts = Number(process.env.BENCH_MILLION_ACCOUNTS ?? 1_000_000);
  report.section(`Verify and the node on ${accounts.toLocaleString("en-US")} accounts`);
  const t = performance.now();
  const { dir, origin } = build(accounts);
  const built = (performance.now() - t) / 1000;
  if (built > 1) report.row(`built the chain (genesis, ${BLOCKS} blocks, git commit) in ${fmt(built, 0)} s`);
  const r = spawnSync(
    "/usr/bin/time",
    ["-f", "%M %e", process.execPath, CLI, "verify", "--json", "--chain", dir],
    {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  const [kb, seconds] = (r.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  if (!JSON.parse(r.stdout).ok) throw new Error(`verify failed: ${r.stdout}`);
  report.row(
    `verify from genesis: ${fmt(seconds ?? 0, 1)} s, peak memory ${fmt((kb ?? 0) / 1024, 0)} MiB (target < 1,024 MiB)`,
  );
  const data = join(mkdtempSync(join(tmpdir(), "tinychain-bench-million-")), "data");
  try {
    const first = await startNode(origin, data);
    await stopped(first.child); // saves its checkpoint
    const again = await startNode(origin, data);
    await stopped(again.child);
    report.row(
      `a node's first start (blob-less clone, replay from genesis) ${fmt(first.seconds, 1)} s; its restart from the checkpoint ${fmt(again.seconds, 1)} s to serving (target < 5 s)`,
    );
  } finally {
    rmSync(join(data, ".."), { recursive: true, force: true });
  }
}
