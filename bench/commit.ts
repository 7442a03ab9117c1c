// Block commits (issue: the state layout git can carry): a 10-account change committed with git's
// plumbing from the changed paths (src/sequencer/commit.ts) against `git add -A` + `git commit`, on
// repositories of 1,000 and BENCH_COMMIT_ACCOUNTS (default 100,000) accounts in the fan-out layout.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitPaths } from "../src/sequencer/commit.ts";
import { accountPath } from "../src/store/snapshot.ts";
import { fmt, median, type Report } from "./measure.ts";

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    "git",
    [
      "-c",
      "user.name=bench",
      "-c",
      "user.email=bench@example.com",
      "-c",
      "gc.auto=0",
      "-c",
      "maintenance.auto=false",
      ...args,
    ],
    {
      cwd,
      encoding: "utf8",
      maxBuffer: 1 << 30,
    },
  ).trim();

/** A deterministic spread of addresses over the fan-out folders. */
const address = (i: number) =>
  `0x${((i * 2654435761) % 4294967296).toString(16).padStart(8, "0")}${i.toString(16).padStart(32, "0")}`;

function measure(accounts: number): { plumbing: number; porcelain: number } {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-commit-"));
  try {
    git(dir, "init", "-q", "-b", "main");
    for (let i = 0; i < accounts; i++) {
      const p = join(dir, accountPath(address(i)));
      mkdirSync(join(p, ".."), { recursive: true });
      writeFileSync(p, `{"balance": "${i}", "nonce": 0}\n`);
    }
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
    // as a clone has it: the objects in a pack, not 100,000 loose files
    git(dir, "repack", "-adq");
    git(dir, "prune-packed");
    const times = { plumbing: [] as number[], porcelain: [] as number[] };
    for (let round = 0; round < 5; round++) {
      const changed = Array.from({ length: 10 }, (_, k) =>
        accountPath(address((round * 7919 + k * 104729) % accounts)),
      );
      for (const p of changed) writeFileSync(join(dir, p), `{"balance": "p${round}", "nonce": 1}\n`);
      let t = performance.now();
      commitPaths(dir, "plumbing", changed);
      times.plumbing.push(performance.now() - t);
      git(dir, "reset", "-q"); // the plumbing leaves the index behind; git add needs it
      for (const p of changed) writeFileSync(join(dir, p), `{"balance": "q${round}", "nonce": 2}\n`);
      t = performance.now();
      git(dir, "add", "-A", "--", "state");
      git(dir, "commit", "-q", "-m", "porcelain");
      times.porcelain.push(performance.now() - t);
    }
    return { plumbing: median(times.plumbing), porcelain: median(times.porcelain) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchCommit(report: Report): void {
  const big = Number(process.env.BENCH_COMMIT_ACCOUNTS ?? 100_000);
  report.section(
    `Block commit of 10 changed accounts: git plumbing vs git add (1,000 and ${big.toLocaleString("en-US")} accounts)`,
  );
  const small = measure(1000);
  const large = measure(big);
  report.row(
    `plumbing (commitPaths): ${fmt(small.plumbing, 0)} ms → ${fmt(large.plumbing, 0)} ms (${fmt(large.plumbing / small.plumbing, 2)}×, target ≤ 1.5×); git add -A + commit: ${fmt(small.porcelain, 0)} ms → ${fmt(large.porcelain, 0)} ms (${fmt(large.porcelain / small.porcelain, 1)}×)`,
  );
}
