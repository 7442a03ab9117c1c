// The action's numbers (issue: the GitHub Action): wall time of `node dist/index.js` validating a
// one-transaction pull request against a local API, process start to comment posted, next to a bare
// `node -e 0`; and applying a 100-transaction block end to end, git push included.

import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { signTransaction, transactionFileBytes, transactionFileName } from "../src/chain/transaction.ts";
import { FakeGitHub } from "../test/action/fake-github.ts";
import {
  chainRepo,
  clone,
  git,
  openPullRequest,
  pullRequestEvent,
  pushEvent,
  runAction,
} from "../test/action/harness.ts";
import { alice, bob, CHAIN_ID, carol } from "../test/chain/fixtures.ts";
import { fmt, median, type Report } from "./measure.ts";

export async function benchAction(report: Report): Promise<void> {
  report.section("Action: a one-transaction pull request, process start to comment posted");
  const { origin, work } = chainRepo();
  const api = new FakeGitHub(origin);
  await api.start();
  try {
    const t = signTransaction(
      {
        chainId: CHAIN_ID,
        from: alice.address,
        nonce: 0,
        gasLimit: 100_000,
        maxFeePerGas: 30n,
        maxPriorityFeePerGas: 1n,
        data: `(transfer ${carol.address} 5)`,
      },
      alice.privateKey,
    );
    const at = openPullRequest(origin, 1, [
      { path: transactionFileName(t), content: new TextDecoder().decode(transactionFileBytes(t)) },
    ]);
    api.pull(1, at.head, at.base);
    const bare: number[] = [];
    const validate: number[] = [];
    for (let i = 0; i < 7; i++) {
      let s = performance.now();
      spawnSync(process.execPath, ["-e", "0"]);
      bare.push(performance.now() - s);
      s = performance.now();
      const run = await runAction({
        workspace: work,
        api: api.url,
        eventName: "pull_request_target",
        event: pullRequestEvent(1, at.head, at.base),
      });
      validate.push(performance.now() - s);
      if (run.code !== 0) throw new Error(`validate failed: ${run.stdout}`);
    }
    const before = api.requests.length;
    await runAction({
      workspace: work,
      api: api.url,
      eventName: "pull_request_target",
      event: pullRequestEvent(1, at.head, at.base),
    });
    const validateRequests = api.requests.length - before;
    report.row(
      `node dist/index.js validate: ${fmt(median(validate), 0)} ms (target < 1 s); a bare 'node -e 0': ${fmt(median(bare), 0)} ms`,
    );

    report.section("Action: applying a 100-transaction block end to end (git push included)");
    const dir = clone(origin);
    for (let i = 0; i < 100; i++) {
      const k = i % 2 ? alice : bob;
      const tx = signTransaction(
        {
          chainId: CHAIN_ID,
          from: k.address,
          nonce: i >> 1,
          gasLimit: 100_000,
          maxFeePerGas: 30n,
          maxPriorityFeePerGas: 1n,
          data: `(transfer ${carol.address} ${i + 1})`,
        },
        k.privateKey,
      );
      writeFileSync(join(dir, transactionFileName(tx)), transactionFileBytes(tx));
    }
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "Merge 100 transactions");
    git(dir, "push", "-q", "origin", "main");
    // as GitHub: the pushed commit is one merged pull request's
    api.commitPulls.set(git(dir, "rev-parse", "HEAD"), [2]);
    api.pull(2, git(dir, "rev-parse", "HEAD"), at.base, { merged: true, state: "closed" });
    const requestsBefore = api.requests.length;
    const s = performance.now();
    const run = await runAction({
      workspace: clone(origin),
      api: api.url,
      eventName: "push",
      event: pushEvent(git(dir, "rev-parse", "HEAD")),
    });
    const ms = performance.now() - s;
    if (run.code !== 0) throw new Error(`apply failed: ${run.stdout}`);
    report.row(
      `node dist/index.js apply, 100 transactions: ${fmt(ms, 0)} ms from process start to block pushed and summary written`,
    );
    report.row(
      `GitHub API requests (the local double): validate: ${validateRequests} requests, apply: ${api.requests.length - requestsBefore} per PR (100 transactions of one merged PR)`,
    );
  } finally {
    await api.stop();
  }
}
