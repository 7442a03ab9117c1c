// The state layout at year scale (issue: a layout git can carry for years). On the generated
// year-scale repository (year-chain.ts) and on a 1,000-account chain built the same way, in the same
// run: a 10-transaction block's apply + commit + push through the action's own path (applyOnPush) in a
// checkout made with the apply workflow's options and the caches restored; the git bytes each block
// commit adds; a one-slot write to the large token against its 10-entry copy; and the workflow's whole
// path (clone, cache restore, `node dist/index.js` on the push, push), with the cache and without.

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyOnPush } from "../src/action/apply.ts";
import { type Transaction, transactionFileBytes, transactionFileName } from "../src/chain/transaction.ts";
import { FakeGitHub } from "../test/action/fake-github.ts";
import { applyCheckout, git, pushEvent, runAction } from "../test/action/harness.ts";
import { benchKey, fastSigned } from "./chain.ts";
import { fmt, median, type Report } from "./measure.ts";
import { type YearChain, type YearSpec, yearChain, yearSpec } from "./year-chain.ts";

/**
 * A fresh runner's checkout, made as the apply workflow makes it, with the caches actions/cache
 * restores: those the previous run saved (or the generated ones).
 */
function runner(chain: YearChain, previous?: string): string {
  const dir = applyCheckout(chain.origin);
  const cache = join(previous ?? chain.cache, ".tinychain-cache");
  cpSync(cache, join(dir, ".tinychain-cache"), { recursive: true });
  if (previous) rmSync(previous, { recursive: true, force: true });
  return dir;
}

/** Merges transaction files into main at the origin, from a sparse clone (as a pull request's merge). */
function merge(merger: string, txs: Transaction[]): string {
  git(merger, "pull", "-q", "--ff-only", "origin", "main");
  for (const t of txs) writeFileSync(join(merger, transactionFileName(t)), transactionFileBytes(t));
  git(merger, "add", "txs");
  git(merger, "commit", "-q", "-m", "Merge pull request");
  git(merger, "push", "-q", "origin", "HEAD:main");
  return git(merger, "rev-parse", "HEAD");
}

/** Bytes on disk (zlib-compressed, as git stores loose objects) of the objects a commit introduced. */
function commitBytes(cwd: string, commit: string): number {
  const objects = git(
    cwd,
    "rev-list",
    "--objects",
    "--no-object-names",
    "--missing=allow-promisor",
    `${commit}^..${commit}`,
  );
  const out = execFileSync("git", ["cat-file", "--batch-check=%(objectsize:disk)"], {
    cwd,
    input: `${objects}\n`,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return out
    .split("\n")
    .filter((x) => /^\d+$/.test(x))
    .reduce((a, b) => a + Number(b), 0);
}

/** One block through applyOnPush on a fresh runner: its wall time and the bytes its commit added. */
async function applyBlock(
  b: Bench,
): Promise<{ ms: number; build: number; push: number; bytes: number; statuses: number[] }> {
  b.checkout = runner(b.chain, b.checkout);
  const checkout = b.checkout;
  // BENCH_GIT_TRACE=FILE: git's own timings of every git process of the year-scale blocks (GIT_TRACE2_PERF)
  const trace = process.env.BENCH_GIT_TRACE;
  if (trace && b.chain.head.number > 1000) process.env.GIT_TRACE2_PERF = trace;
  const t = performance.now();
  const outcome = await applyOnPush({
    cwd: checkout,
    branch: "main",
    repositoryId: undefined,
    attempts: 1,
    backoffMs: 0,
    log: () => {},
  });
  const ms = performance.now() - t;
  delete process.env.GIT_TRACE2_PERF;
  if (!outcome.pushed) throw new Error(`no block was pushed: ${outcome.skipped ?? "nothing pending"}`);
  const statuses = outcome.blocks.flatMap((b) => b.receipts.map((r) => r.status));
  const { build, push } = outcome.timings!;
  return { ms, build, push, bytes: commitBytes(checkout, git(checkout, "rev-parse", "HEAD")), statuses };
}

interface Bench {
  chain: YearChain;
  checkout: string;
  merger: string;
  /** the generated repository (the bench pushes to a copy) */
  generated: string;
  /** each sender's next nonce */
  nonces: number[];
}

async function prepare(spec: YearSpec, root: string): Promise<Bench> {
  const generated = await yearChain(spec, root);
  // the bench's blocks go to a copy that shares the generated objects: the cached repository stays as built
  const origin = mkdtempSync(join(tmpdir(), "tinychain-origin-"));
  git(origin, "clone", "-q", "--bare", "--shared", generated.origin, ".");
  git(origin, "config", "uploadpack.allowFilter", "true");
  const chain = { ...generated, origin };
  const merger = mkdtempSync(join(tmpdir(), "tinychain-merger-"));
  // only txs/ at the tip: the merges of pull requests, not the chain's history
  git(merger, "clone", "-q", "--depth", "1", "--filter=blob:none", "--sparse", `file://${chain.origin}`, ".");
  git(merger, "sparse-checkout", "set", "txs");
  git(merger, "config", "gc.auto", "0");
  git(merger, "config", "user.email", "dev@example.com");
  git(merger, "config", "user.name", "dev");
  return {
    chain,
    checkout: runner(chain),
    merger,
    generated: generated.origin,
    nonces: chain.senders.map(() => 0),
  };
}

/** The next 10-transaction block: each sender pays a holder. */
function tenTransfers(b: Bench): Transaction[] {
  return b.chain.senders.map((k, i) => {
    const n = b.nonces[i]!++;
    return fastSigned(k, n, `(transfer ${benchKey(2_000_000 + n * 10 + i).address} ${1 + i})`);
  });
}

export async function benchScale(report: Report): Promise<void> {
  const root = join(process.cwd(), ".tmp");
  mkdirSync(root, { recursive: true });
  const year = yearSpec();
  const smallSpec: YearSpec = { accounts: 1000, entries: 1000, blocks: 100 };
  const label = `${year.accounts.toLocaleString("en-US")} accounts, ${year.entries.toLocaleString("en-US")} storage entries, ${year.blocks.toLocaleString("en-US")} blocks`;
  report.section(`Scale: a year-scale repository (${label}) against a 1,000-account chain`);
  const large = await prepare(year, root);
  const small = await prepare(smallSpec, root);
  const packSize = (origin: string) =>
    Number(/size-pack: (\d+)/.exec(git(origin, "count-objects", "-v"))?.[1] ?? 0) / 1024;
  report.row(
    `generated with git fast-import in ${large.chain.seconds ? `${fmt(large.chain.seconds, 0)} s` : "an earlier run (reused from .tmp/)"}; its packed repository: ${fmt(packSize(large.generated), 0)} MiB (the small chain's: ${fmt(packSize(small.generated), 1)} MiB)`,
  );

  // a 10-tx block, interleaved round by round
  const rounds = Number(process.env.BENCH_SCALE_ROUNDS ?? 5);
  const times = { small: [] as number[], large: [] as number[] };
  const pushes = { small: [] as number[], large: [] as number[] };
  const bytes = { small: [] as number[], large: [] as number[] };
  for (let r = 0; r < rounds + 1; r++)
    for (const [name, b] of [
      ["small", small],
      ["large", large],
    ] as const) {
      merge(b.merger, tenTransfers(b));
      const run = await applyBlock(b);
      if (run.statuses.length !== 10 || run.statuses.some((s) => s !== 0))
        throw new Error(`a transfer failed: ${run.statuses}`);
      if (r === 0) continue; // the first block of a runner warms its process
      times[name].push(run.build);
      pushes[name].push(run.push);
      bytes[name].push(run.bytes);
    }
  const [ts, tl] = [median(times.small), median(times.large)];
  const [bs, bl] = [median(bytes.small), median(bytes.large)];
  report.row(
    `a 10-transfer block, apply + commit (applyOnPush in a fresh checkout made with the workflow's options, caches restored: reading the state from git objects, the blobs fetched from the remote, the block, the plumbing commit), median of ${rounds}: ${fmt(ts, 0)} ms on 1,000 accounts, ${fmt(tl, 0)} ms on the year-scale repository (${fmt(tl / ts, 2)}×, target ≤ 1.5×; spread ${fmt(Math.min(...times.large), 0)}–${fmt(Math.max(...times.large), 0)} ms)`,
  );
  report.row(
    `then its push: ${fmt(median(pushes.small), 0)} ms and ${fmt(median(pushes.large), 0)} ms — on the year-scale repository almost all of it is the local bare remote's connectivity check (receive-pack walks the parent commit's whole tree), the remote's work, not the runner's`,
  );
  report.row(
    `git bytes a block commit adds (its new blobs and trees, compressed as stored): ${fmt(bs / 1024, 1)} KiB on 1,000 accounts, ${fmt(bl / 1024, 1)} KiB on the year-scale repository (${fmt(bl / bs, 2)}×, target ≤ 5×)`,
  );

  if (process.env.BENCH_SCALE_ONLY === "blocks") return; // while working on the block's own cost

  // one storage write: the 1M-entry token against its 10-entry copy, on the same repository
  const slot = { big: [] as number[], small: [] as number[] };
  for (let r = 0; r < rounds + 1; r++)
    for (const which of ["small", "big"] as const) {
      const k = large.chain.senders[0]!;
      const contract = which === "big" ? large.chain.big : large.chain.small;
      // a transfer to oneself writes exactly one entry: the sender's balance
      merge(large.merger, [
        fastSigned(k, large.nonces[0]!++, `(call ${contract} 'transfer ${k.address} 1)`, 200_000),
      ]);
      const run = await applyBlock(large);
      if (run.statuses[0] !== 0) throw new Error("the token transfer failed");
      if (r > 0) slot[which].push(run.build);
    }
  report.row(
    `a one-entry write (apply + commit): ${fmt(median(slot.small), 0)} ms to the 10-entry token, ${fmt(median(slot.big), 0)} ms to the ${year.entries.toLocaleString("en-US")}-entry one (${fmt(median(slot.big) / median(slot.small), 2)}×, target ≤ 1.5×)`,
  );

  // the workflow's whole path, as a runner does it: clone, restore the cache, the action, push
  const api = new FakeGitHub(large.chain.origin);
  await api.start();
  try {
    for (const cached of [true, false]) {
      const sha = merge(large.merger, tenTransfers(large));
      const t = performance.now();
      const checkout = applyCheckout(large.chain.origin);
      // the cache a runner restores is the one the last run saved
      if (cached)
        cpSync(join(large.checkout, ".tinychain-cache"), join(checkout, ".tinychain-cache"), {
          recursive: true,
        });
      const cloned = performance.now() - t;
      const run = await runAction({
        workspace: checkout,
        api: api.url,
        eventName: "push",
        event: pushEvent(sha),
      });
      const total = performance.now() - t;
      if (run.code !== 0) throw new Error(`the action failed: ${run.stdout}`);
      report.row(
        `the apply workflow's path ${cached ? "with the cache restored" : "on a cache miss (state/ checked out, state tree rebuilt)"}: ${fmt(total / 1000, 1)} s (clone ${fmt(cloned / 1000, 1)} s, the action ${fmt((total - cloned) / 1000, 1)} s)${cached ? ", target < 30 s" : ""}`,
      );
      // the next run restores what this one saved
      rmSync(large.checkout, { recursive: true, force: true });
      large.checkout = checkout;
    }
  } finally {
    await api.stop();
    // the bench's copies of the remote, its merging clones and checkouts: gigabytes at year scale
    for (const b of [large, small])
      for (const dir of [b.chain.origin, b.merger, b.checkout]) rmSync(dir, { recursive: true, force: true });
  }
}
