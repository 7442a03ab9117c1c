// Many transactions in one pull request, first-class (issue 28): its comment is one receipt table with
// a row for each file (its details folded), the check names every bad file, and a block takes them in
// auction order, leaving what does not fit pending for the next block. And with a GitHub App's token the
// comment is found by its author, the App (input bot-login).

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Transaction, transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { COMMENT_MARKER } from "../../src/report/comment.ts";
import { alice, bob, carol, type TestKey } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { FakeGitHub } from "./fake-github.ts";
import {
  applyCheckout,
  chainRepo,
  clone,
  git,
  openPullRequest,
  type PrFile,
  pullRequestEvent,
  pushEvent,
  runAction,
} from "./harness.ts";

let api: FakeGitHub | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

function tx(k: TestKey, data: string, fields: Partial<Transaction> = {}): PrFile {
  const t = signedTx(k, data, fields);
  return { path: transactionFileName(t), content: new TextDecoder().decode(transactionFileBytes(t)) };
}

async function setup() {
  const repo = chainRepo();
  api = new FakeGitHub(repo.origin);
  await api.start();
  return repo;
}

const rows = (body: string) => body.match(/^\| [✅❌] /gmu) ?? [];

describe("a pull request of many transactions", () => {
  it("one table with a row per file, each folding its details; the check names every bad file", async () => {
    const { origin, work } = await setup();
    const forged = tx(bob, `(transfer ${carol.address} 1)`);
    const files = [
      tx(alice, `(transfer ${carol.address} 1)`),
      tx(alice, `(abort "no")`, { nonce: 1 }),
      tx(bob, `(transfer ${carol.address} 2)`, { nonce: 1 }), // a nonce gap: bob has no nonce 0 here
      { path: "txs/broken.json", content: "{" },
      { path: forged.path, content: forged.content!.replace('"nonce": 0', '"nonce": 9') },
    ];
    const at = openPullRequest(origin, 4, files);
    api!.pull(4, at.head, at.base);
    const run = await runAction({
      workspace: work,
      api: api!.url,
      eventName: "pull_request_target",
      event: pullRequestEvent(4, at.head, at.base),
    });
    expect(run.code).toBe(1);
    const body = api!.comments[0]!.body;
    expect(rows(body)).toHaveLength(5);
    expect(body.match(/<details><summary>[✅❌] <code>txs\//gu)).toHaveLength(2); // the executed ones
    const bad = [files[1]!.path, files[2]!.path, "txs/broken.json", forged.path];
    const check = api!.checkRuns[0] as { conclusion: string; output: { title: string } };
    expect(check.conclusion).toBe("failure");
    for (const f of bad) {
      expect(check.output.title, f).toContain(f);
      expect(
        run.stdout.split("\n").find((l) => l.startsWith("::error::4 bad file(s)")),
        f,
      ).toContain(f);
    }
    expect(check.output.title).not.toContain(files[0]!.path);
  });

  it("a block takes them in auction order and leaves the rest pending; one comment for all", async () => {
    const { origin } = await setup();
    // each asks for a whole block's gas: one fits a block, and the higher tip goes first
    const low = tx(alice, `(transfer ${carol.address} 1)`, {
      gasLimit: 30_000_000,
      maxPriorityFeePerGas: 1n,
    });
    const high = tx(bob, `(transfer ${carol.address} 2)`, { gasLimit: 30_000_000, maxPriorityFeePerGas: 5n });
    const dir = clone(origin);
    for (const f of [low, high]) writeFileSync(join(dir, f.path), f.content!);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "Merge pull request #5 from relay/batch-1");
    git(dir, "push", "-q", "origin", "main");
    // #5 merged it; #4 (opened earlier, same head commit) is one GitHub only marks merged: its merge
    // commit is not on the branch's line, so it gets no receipts
    const head = git(dir, "rev-parse", "HEAD");
    api!.commitPulls.set(head, [4, 5]);
    api!.pull(5, head, head, { merged: true, mergeCommit: head });
    api!.pull(4, head, head, { merged: true, mergeCommit: "ab".repeat(20) });
    const run = await runAction({
      workspace: applyCheckout(origin),
      api: api!.url,
      eventName: "push",
      event: pushEvent(git(dir, "rev-parse", "HEAD")),
    });
    expect(run.code, run.stdout).toBe(0);
    const after = clone(origin);
    const block = (n: number) =>
      JSON.parse(cli(["block", String(n), "--json"], { cwd: after }).stdout).transactions.map(
        (t: { file: string }) => t.file,
      );
    expect([block(1), block(2)]).toEqual([[high.path], [low.path]]);
    expect(api!.comments).toHaveLength(1);
    expect(api!.comments[0]!.issue).toBe(5);
    expect(api!.comments[0]!.body).toContain("Included in blocks **1**, **2**.");
    expect(rows(api!.comments[0]!.body)).toHaveLength(2);
    expect(JSON.parse(cli(["verify", "--json"], { cwd: after }).stdout).ok).toBe(true);
  });

  it("with a GitHub App's token (input bot-login), validate updates the App's comment, not a look-alike", async () => {
    const { origin, work } = await setup();
    const at = openPullRequest(origin, 6, [tx(alice, `(transfer ${carol.address} 1)`)]);
    api!.pull(6, at.head, at.base);
    const marked = `${COMMENT_MARKER}\n## tinychain receipts ✅\n`;
    api!.comments.push({ id: 900, issue: 6, login: "someone-else", body: marked });
    api!.comments.push({ id: 901, issue: 6, login: "tinychain-app[bot]", body: marked });
    const run = await runAction({
      workspace: work,
      api: api!.url,
      eventName: "pull_request_target",
      event: pullRequestEvent(6, at.head, at.base),
      env: { "INPUT_BOT-LOGIN": "tinychain-app[bot]" },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(api!.requests.filter((r) => /^(POST|PATCH) .*comments/.test(r))).toEqual([
      "PATCH /repos/Codertocat/Hello-World/issues/comments/901",
    ]);
    expect(api!.comments.find((c) => c.id === 900)!.body).toBe(marked);
  });
});
