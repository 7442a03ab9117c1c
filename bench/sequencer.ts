// The sequencer's figures (issue 23), against the local GitHub double: time and API requests from a
// valid pull request's opening to its block in auto mode; the same for a merge-queue group of 10 pull
// requests; and what 100 open transaction pull requests cost the scheduled window run and apply's
// waiting line (GitHub allows a workflow's token 1,000 requests an hour per repository).

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { signTransaction, transactionFileBytes, transactionFileName } from "../src/chain/transaction.ts";
import { FakeGitHub } from "../test/action/fake-github.ts";
import {
  applyCheckout,
  chainRepo,
  clone,
  dispatchEvent,
  git,
  mergeGroupEvent,
  openPullRequest,
  type PrFile,
  pullRequestEvent,
  pushEvent,
  runAction,
  scheduleEvent,
} from "../test/action/harness.ts";
import { alice, bob, CHAIN_ID, carol, type TestKey } from "../test/chain/fixtures.ts";
import { fmt, type Report } from "./measure.ts";

function txFile(k: TestKey, nonce: number, amount: number): PrFile {
  const t = signTransaction(
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
  return { path: transactionFileName(t), content: new TextDecoder().decode(transactionFileBytes(t)) };
}

/** A chain whose main holds `policy`, with the double answering for it. */
async function chainWith(policy: Record<string, unknown>) {
  const { origin } = chainRepo();
  const dir = clone(origin);
  writeFileSync(join(dir, "sequencer.json"), JSON.stringify(policy));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "policy");
  git(dir, "push", "-q", "origin", "main");
  const api = new FakeGitHub(origin);
  await api.start();
  return { origin, api };
}

async function run(api: FakeGitHub, eventName: string, event: unknown, workspace: string) {
  const before = api.requests.length;
  const s = performance.now();
  const r = await runAction({ workspace, api: api.url, eventName, event, env: { INPUT_MODE: "auto" } });
  if (r.code !== 0) throw new Error(`${eventName} failed: ${r.stdout}`);
  return { ms: performance.now() - s, requests: api.requests.length - before };
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");

export async function benchSequencer(report: Report): Promise<void> {
  report.section("Sequencer, auto mode: a valid pull request's opening to its block, nobody clicking");
  {
    const { origin, api } = await chainWith({ mode: "auto" });
    try {
      const at = openPullRequest(origin, 1, [txFile(alice, 0, 5)]);
      api.pull(1, at.head, at.base);
      const v = await run(api, "pull_request_target", pullRequestEvent(1, at.head, at.base), clone(origin));
      const a = await run(api, "workflow_dispatch", dispatchEvent(), applyCheckout(origin));
      report.row(
        `validate + merge + dispatch: ${fmt(v.ms, 0)} ms, ${v.requests} API requests; apply: ${fmt(a.ms, 0)} ms, ${a.requests} requests; in all ${fmt(v.ms + a.ms, 0)} ms and ${v.requests + a.requests} requests (plus GitHub's queueing of the two jobs)`,
      );
    } finally {
      await api.stop();
    }
  }

  report.section("Sequencer, queue mode: a merge-queue group of 10 pull requests");
  {
    const { origin, api } = await chainWith({ mode: "queue" });
    try {
      const dir = clone(origin);
      const base = git(dir, "rev-parse", "HEAD");
      for (let i = 0; i < 10; i++) {
        openPullRequest(origin, 10 + i, [txFile(i % 2 ? bob : alice, i >> 1, i + 1)]);
        git(dir, "fetch", "-q", "origin", `refs/pull/${10 + i}/head`);
        git(dir, "merge", "-q", "--no-ff", "-m", `Merge pull request #${10 + i}`, "FETCH_HEAD");
      }
      const head = git(dir, "rev-parse", "HEAD");
      git(dir, "push", "-q", "origin", `HEAD:refs/heads/gh-readonly-queue/main/pr-19-${base}`);
      const g = await run(api, "merge_group", mergeGroupEvent(head, base, 19), dir);
      git(dir, "checkout", "-q", "--", ".");
      git(dir, "clean", "-qfd");
      git(dir, "push", "-q", "origin", `${head}:refs/heads/main`);
      const a = await run(api, "push", pushEvent(head), applyCheckout(origin));
      report.row(
        `merge_group check (10 transactions, blocks predicted): ${fmt(g.ms, 0)} ms, ${g.requests} API requests; apply after the merge: ${fmt(a.ms, 0)} ms, ${a.requests} requests`,
      );
    } finally {
      await api.stop();
    }
  }

  report.section("Sequencer: 100 open transaction pull requests");
  {
    const { origin, api } = await chainWith({ mode: "manual", window: "1h" });
    try {
      for (let i = 0; i < 100; i++) {
        const at = openPullRequest(origin, 100 + i, [txFile(i % 2 ? bob : alice, 0, i + 1)]);
        api.pull(100 + i, at.head, at.base, { createdAt: hoursAgo(0.5) });
      }
      const young = await run(api, "schedule", scheduleEvent(), clone(origin));
      for (const p of api.pulls.values()) p.createdAt = hoursAgo(2);
      const due = await run(api, "schedule", scheduleEvent(), clone(origin));
      // apply's waiting line reads the oldest 20 verdicts
      const dir = clone(origin);
      writeFileSync(join(dir, txFile(carol, 0, 1).path), txFile(carol, 0, 1).content!);
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", "a transaction");
      git(dir, "push", "-q", "origin", "main");
      const a = await run(api, "workflow_dispatch", dispatchEvent(), applyCheckout(origin));
      report.row(
        `scheduled window run, none past the window: ${young.requests} API requests, ${fmt(young.ms, 0)} ms; all 100 past it: ${due.requests} requests, ${fmt(due.ms, 0)} ms (each fetched with git and validated as its check does; one merge per sender a run); apply with the waiting line: ${a.requests} requests`,
      );
    } finally {
      await api.stop();
    }
  }
}
