// Store numbers (issue: blocks, the state snapshot in git, the state root and verify): applying a
// block of 1,000 transfers, verify throughput on a long chain, and one 10-transaction block on a state
// of 1,000 vs 100,000 accounts (git excluded; with the state tree's cache, as a node keeps it).

import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Genesis } from "../src/chain/genesis.ts";
import { type Transaction, transactionFileBytes, transactionFileName } from "../src/chain/transaction.ts";
import { applyPending, initChain } from "../src/sequencer/ledger.ts";
import { Snapshot } from "../src/store/snapshot.ts";
import { verifyChain } from "../src/store/verify.ts";
import { CHAIN_ID } from "../test/chain/fixtures.ts";
import { benchKey, fastSigned } from "./chain.ts";
import { fmt, median, type Report } from "./measure.ts";

type Key = ReturnType<typeof benchKey>;

function genesisFor(keys: Key[]): Genesis {
  const alloc = new Map<string, bigint>(keys.map((k) => [k.address, 10n ** 18n]));
  return {
    chainId: CHAIN_ID,
    name: "bench",
    minter: null,
    coinbase: "0x00000000000000000000000000000000000000cb",
    blockGasLimit: 100_000_000,
    minBaseFee: 1n,
    initialBaseFee: 1n,
    alloc,
    timestamp: 0,
  };
}

function writeTxs(dir: string, txs: Transaction[]): void {
  for (const tx of txs) writeFileSync(join(dir, transactionFileName(tx)), transactionFileBytes(tx));
}

export async function benchStore(report: Report): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "tinychain-bench-"));
  try {
    report.section("Store: applying a block of 1,000 transfers");
    const senders = Array.from({ length: 1000 }, (_, i) => benchKey(i));
    const times: number[] = [];
    const base = join(root, "apply");
    initChain(base, genesisFor(senders));
    writeTxs(
      base,
      senders.map((k, i) => fastSigned(k, 0, `(transfer ${senders[(i + 1) % 1000]!.address} 1)`)),
    );
    for (let r = 0; r < 3; r++) {
      const dir = join(root, `apply-${r}`);
      cpSync(base, dir, { recursive: true });
      const t = performance.now();
      const blocks = applyPending(new Snapshot(dir), { timestamp: 1, commit: "c".repeat(40) });
      times.push(performance.now() - t);
      if (blocks[0]!.included.length !== 1000) throw new Error("the block should include all 1,000");
    }
    report.row(
      `apply (read 1,000 files, validate, build, write state and block record): ${fmt(median(times), 0)} ms (target < 2,000 ms)`,
    );

    // a long chain made the way chains grow: blocks of 1,000 transfers, each to a new address
    const total = Number(process.env.BENCH_VERIFY_TXS ?? 100_000);
    const big = join(root, "big");
    initChain(big, genesisFor(senders));
    const tBuild = performance.now();
    for (let b = 0; b < total / 1000; b++) {
      writeTxs(
        big,
        senders.map((k, i) =>
          fastSigned(k, b, `(transfer 0x${(b * 1000 + i + 1).toString(16).padStart(40, "0")} 1)`),
        ),
      );
      applyPending(new Snapshot(big), { timestamp: b + 1, commit: "c".repeat(40) });
    }
    const buildSeconds = (performance.now() - tBuild) / 1000;
    const small = join(root, "small");
    initChain(small, genesisFor(senders));

    report.section("Store: one 10-transaction block on 1,000 vs 100,000 accounts (git excluded)");
    const accounts = (dir: string) => new Snapshot(dir).allAddresses().length;
    const sizes = { small: accounts(small), big: accounts(big) };
    const ten = senders.slice(0, 10);
    const per: Record<string, number[]> = { small: [], big: [] };
    for (let round = 0; round < 7; round++) {
      for (const [name, dir, base] of [
        ["small", small, 0],
        ["big", big, total / 1000],
      ] as const) {
        writeTxs(
          dir,
          ten.map((k, i) => fastSigned(k, base + round, `(transfer ${ten[(i + 1) % 10]!.address} 1)`)),
        );
        const t = performance.now();
        applyPending(new Snapshot(dir), { timestamp: 1_000_000 + round, commit: "c".repeat(40) });
        if (round > 0) per[name]!.push(performance.now() - t);
      }
    }
    const a = median(per.small!);
    const b = median(per.big!);
    report.row(
      `${sizes.small.toLocaleString("en-US")} accounts: ${fmt(a, 1)} ms; ${sizes.big.toLocaleString("en-US")} accounts: ${fmt(b, 1)} ms; ratio ${fmt(b / a, 2)} (target ≤ 1.3)`,
    );

    report.section(`Store: verify on a chain of ${total.toLocaleString("en-US")} transactions`);
    report.row(
      `building it with apply took ${fmt(buildSeconds, 1)} s (${fmt(total / buildSeconds, 0)} tx/s, signature checks included)`,
    );
    const t = performance.now();
    const result = verifyChain(new Snapshot(big));
    const ms = performance.now() - t;
    if (!result.ok) throw new Error(`verify failed: ${result.reason}`);
    report.row(
      `verify: ${result.blocks} blocks, ${result.transactions.toLocaleString("en-US")} transactions in ${fmt(ms / 1000, 1)} s = ${fmt((result.transactions / ms) * 1000, 0)} tx/s (target ≥ 2,000; signature recovery alone is ~3,700/s)`,
    );

    // verify on every core: a chain of small blocks, whose signatures are recovered a window ahead
    const smallBlocks = Number(process.env.BENCH_SMALL_BLOCKS ?? 1000);
    report.section(
      `Store: verify on ${smallBlocks.toLocaleString("en-US")} blocks of 10 transfers, one core vs two`,
    );
    const chain10 = join(root, "chain10");
    initChain(chain10, genesisFor(senders));
    for (let b = 0; b < smallBlocks; b++) {
      writeTxs(
        chain10,
        ten.map((k, i) => fastSigned(k, b, `(transfer ${ten[(i + 3) % 10]!.address} 1)`)),
      );
      applyPending(new Snapshot(chain10), { timestamp: b + 1, commit: "c".repeat(40) });
    }
    const cli = join(dirname(fileURLToPath(import.meta.url)), "../dist/cli.js");
    const timed: Record<string, number[]> = { one: [], two: [] };
    for (let round = 0; round < 5; round++)
      for (const [name, threads] of [
        ["one", "1"],
        ["two", ""],
      ] as const) {
        // one core is one core: pinned, so V8's own helper threads (GC, compiler) cannot borrow the other
        const pinned = name === "one" && spawnSync("taskset", ["-c", "0", "true"]).status === 0;
        const argv = [process.execPath, cli, "verify", "--json", "--chain", chain10];
        const t = performance.now();
        const r = spawnSync(pinned ? "taskset" : argv[0]!, pinned ? ["-c", "0", ...argv] : argv.slice(1), {
          encoding: "utf8",
          env: { ...process.env, TINYCHAIN_THREADS: threads },
        });
        timed[name]!.push(performance.now() - t);
        if (!JSON.parse(r.stdout).ok) throw new Error(`verify failed: ${r.stdout}`);
      }
    const txs = smallBlocks * 10;
    const one = median(timed.one!);
    const two = median(timed.two!);
    report.row(
      `tinychain verify (a process, start included): one core (pinned with taskset, one thread) ${fmt((txs / one) * 1000, 0)} tx/s, two cores ${fmt((txs / two) * 1000, 0)} tx/s: ${fmt(one / two, 2)}× (target ≥ 1.7×)`,
    );
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(root, { recursive: true, force: true });
    else console.log(`kept ${root}`);
  }
}
