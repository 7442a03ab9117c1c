// The action's numbers (issue: the GitHub Action): wall time of `node dist/index.js` validating a
// one-transaction pull request against a local API, process start to comment posted, next to a bare
// `node -e 0`; and applying a 100-transaction block end to end, git push included.

import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { signTransaction, transactionFileBytes, transactionFileName } from "../src/chain/transaction.ts";
import { COMMENT_MARKER } from "../src/report/comment.ts";
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

    report.section(
      "Action: applying 110 transactions of 11 merged pull requests end to end (git push included)",
    );
    // ten one-transaction pull requests merged one by one, then a relay's bundle of 100 as one pull
    // request, each with its check's comment: one apply run takes them all, as after a busy minute
    const dir = clone(origin);
    const signed = (k: typeof alice, nonce: number, amount: number) =>
      signTransaction(
        {
          chainId: CHAIN_ID,
          from: k.address,
          nonce,
          gasLimit: 100_000,
          maxFeePerGas: 30n,
          maxPriorityFeePerGas: 1n,
          data: `(transfer ${carol.address} ${amount})`,
        },
        k.privateKey,
      );
    const merged = (number: number, txs: ReturnType<typeof signed>[]) => {
      for (const tx of txs) writeFileSync(join(dir, transactionFileName(tx)), transactionFileBytes(tx));
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", `Merge pull request #${number}`);
      api.commitPulls.set(git(dir, "rev-parse", "HEAD"), [number]);
      api.comments.push({
        id: 10_000 + number,
        issue: number,
        login: "github-actions[bot]",
        body: COMMENT_MARKER,
      });
    };
    for (let i = 0; i < 10; i++) merged(10 + i, [signed(bob, i, i + 1)]);
    merged(
      2,
      [...Array(100).keys()].map((i) => signed(alice, i, i + 1)),
    );
    git(dir, "push", "-q", "origin", "main");
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
      `node dist/index.js apply, 110 transactions: ${fmt(ms, 0)} ms from process start to block pushed and summary written`,
    );
    const applied = api.requests.slice(requestsBefore).filter((r) => !r.endsWith("/rate_limit"));
    const perPr = applied.length / 11;
    report.section("Action: GitHub API requests per pull request (the local double's count)");
    report.row(`validate, a one-transaction pull request: ${validateRequests} requests (target ≤ 4)`);
    report.row(
      `apply, 11 merged pull requests in one run (10 of one transaction, one of 100): ${applied.length} requests (${applied.filter((r) => r.startsWith("POST /graphql")).length} GraphQL), ${fmt(perPr, 2)} per pull request (target ≤ 2)`,
    );
    const hour = Math.floor(1000 / (validateRequests + perPr));
    report.row(
      `within a token's 1,000 requests an hour: ${hour} pull requests, so ${hour} transactions with one-transaction pull requests and ${hour * 100} with bundles of 100`,
    );
  } finally {
    await api.stop();
  }
}
