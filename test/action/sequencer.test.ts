// The sequencer as GitHub runs it (issue 23): the policy file, auto and queue modes, approvals and the
// pending cap, the merge queue as the block builder, and forced inclusion by the sequencing window,
// driven as processes against the GitHub double and a bare origin.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { attestationHash } from "../../src/chain/block.ts";
import { blockPath } from "../../src/chain/layout.ts";
import { type Transaction, transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { parsePolicy, policyHash } from "../../src/sequencer/policy.ts";
import { alice, bob, carol, type TestKey } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { FakeGitHub } from "./fake-github.ts";
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
} from "./harness.ts";

function tx(k: TestKey, data: string, fields: Partial<Transaction> = {}): PrFile {
  const t = signedTx(k, data, fields);
  return { path: transactionFileName(t), content: new TextDecoder().decode(transactionFileBytes(t)) };
}

let api: FakeGitHub | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

/** A chain whose main holds `policy` as sequencer.json (none: manual, today's chain). */
async function setup(policy?: Record<string, unknown>) {
  const repo = chainRepo();
  if (policy) commitToMain(repo.origin, [{ path: "sequencer.json", content: JSON.stringify(policy) }]);
  api = new FakeGitHub(repo.origin);
  await api.start();
  return { ...repo, work: clone(repo.origin) };
}

function commitToMain(origin: string, files: PrFile[]): string {
  const dir = clone(origin);
  for (const f of files) writeFileSync(join(dir, f.path), f.content!);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "Merge pull request #1 from maintainers/policy");
  git(dir, "push", "-q", "origin", "main");
  return git(dir, "rev-parse", "HEAD");
}

function pr(origin: string, number: number, files: PrFile[], createdAt?: string) {
  const at = openPullRequest(origin, number, files);
  api!.pull(number, at.head, at.base, createdAt ? { createdAt } : {});
  return at;
}

const validate = (work: string, number: number, at: { head: string; base: string }) =>
  runAction({
    workspace: work,
    api: api!.url,
    eventName: "pull_request_target",
    event: pullRequestEvent(number, at.head, at.base),
  });

/** apply as the dispatch the sequencer starts runs it, in the apply workflow's checkout. */
const applyByDispatch = (origin: string) =>
  runAction({
    workspace: applyCheckout(origin),
    api: api!.url,
    eventName: "workflow_dispatch",
    event: dispatchEvent(),
  });

const blockFile = (dir: string, n: number) => JSON.parse(readFileSync(join(dir, blockPath(n)), "utf8"));
const verifyOk = (dir: string) =>
  expect(cli(["verify", "--json"], { cwd: dir }).stdout).toContain('"ok": true');
const hours = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");

describe("the attestation", () => {
  it("names the pull request merged on the branch, not a look-alike GitHub also marks merged", async () => {
    const { origin } = await setup({ mode: "auto" });
    const file = tx(alice, `(transfer ${carol.address} 7)`);
    const head = commitToMain(origin, [file]);
    // #5 merged it; #4 (opened first, with the same head commit) is one GitHub only marks merged: its
    // merge commit is not on the branch's line
    api!.commitPulls.set(head, [4, 5]);
    api!.pull(5, head, head, { merged: true, mergeCommit: head });
    api!.pull(4, head, head, { merged: true, mergeCommit: "ab".repeat(20) });
    const applied = await runAction({
      workspace: applyCheckout(origin),
      api: api!.url,
      eventName: "push",
      event: pushEvent(head),
    });
    expect(applied.code, applied.stdout).toBe(0);
    const block = blockFile(clone(origin), 1);
    expect(block.transactions.map((t: { file: string }) => t.file)).toEqual([file.path]);
    expect(block.sequencing).toMatchObject([{ file: file.path, pull: 5, mergeCommit: head }]);
  });
});

describe("auto mode: no human in the loop", () => {
  it("merges a valid pull request at its validated sha, starts apply, and the block appears", async () => {
    const { origin, work } = await setup({ mode: "auto" });
    const at = pr(origin, 5, [tx(alice, `(transfer ${carol.address} 250)`)]);
    const run = await validate(work, 5, at);
    expect(run.code, run.stdout).toBe(0);
    expect(api!.merges).toEqual([{ number: 5, sha: at.head, result: 200 }]);
    expect(api!.dispatches).toEqual([{ workflow: "apply.yml", ref: "main" }]);
    expect(api!.comments[0]!.body).toContain("Merged by the sequencer (auto)");
    const merge = git(clone(origin), "log", "-1", "--format=%B");
    expect(merge).toContain("Tinychain-Sequenced: auto");
    // the dispatched apply builds the block, nobody clicking
    const applied = await applyByDispatch(origin);
    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.outputs["block-number"]).toBe("1");
    const after = clone(origin);
    verifyOk(after);
    const block = blockFile(after, 1);
    expect(block.header.policy).toBe(policyHash(parsePolicy('{"mode":"auto"}')));
    expect(block.transactions).toHaveLength(1);
    // the action's attestation: how the transaction came in, covered by the block hash
    const merged = api!.pulls.get(5)!;
    expect(block.sequencing).toEqual([
      {
        approvals: [],
        file: block.transactions[0].file,
        mergeCommit: merged.mergeCommit,
        mergedBy: "github-actions[bot]",
        pull: 5,
        via: "auto",
      },
    ]);
    expect(block.header.sequencing).toBe(attestationHash(block.sequencing));
    // an attestation edited after the fact no longer verifies
    block.sequencing[0].via = "window";
    writeFileSync(join(after, blockPath(1)), `${JSON.stringify(block, null, 2)}\n`);
    expect(cli(["verify", "--json"], { cwd: after }).stdout).toContain("sequencing");
  });

  it("a push between validation and merge: GitHub refuses (409) and nothing unvalidated lands", async () => {
    const { origin, work } = await setup({ mode: "auto" });
    const at = pr(origin, 6, [tx(alice, `(transfer ${carol.address} 1)`)]);
    const mainBefore = git(clone(origin), "rev-parse", "HEAD");
    api!.before(/^PUT .*\/pulls\/6\/merge$/, () => {
      const pushed = openPullRequest(origin, 6, [tx(alice, `(transfer ${bob.address} 999)`, { nonce: 1 })], {
        parent: at.head,
      });
      api!.pull(6, pushed.head, at.base);
    });
    const run = await validate(work, 6, at);
    expect(run.code, run.stdout).toBe(0); // the verdict on the validated commit stands
    expect(api!.merges).toEqual([{ number: 6, sha: at.head, result: 409 }]);
    expect(api!.dispatches).toEqual([]);
    expect(git(clone(origin), "rev-parse", "HEAD")).toBe(mainBefore);
    expect(run.summary).toContain("its head moved after");
  });

  it("a dispatch lost after the merge: the next apply run catches the block up", async () => {
    const { origin, work } = await setup({ mode: "auto" });
    const at = pr(origin, 7, [tx(alice, `(transfer ${carol.address} 3)`)]);
    api!.inject(/dispatches$/, "500", 10);
    const run = await validate(work, 7, at);
    expect(run.code, run.stdout).toBe(0);
    expect(api!.merges.map((m) => m.result)).toEqual([200]);
    expect(api!.dispatches).toEqual([]);
    const applied = await applyByDispatch(origin); // the next push or dispatch, whenever it comes
    expect(applied.outputs["block-number"]).toBe("1");
    verifyOk(clone(origin));
  });

  it("API failures at each step: a dropped merge is retried, a lost answer is found merged, once", async () => {
    const { origin, work } = await setup({ mode: "auto" });
    const first = pr(origin, 15, [tx(alice, `(transfer ${carol.address} 1)`)]);
    api!.inject(/^PUT .*\/merge$/, "drop");
    expect((await validate(work, 15, first)).code).toBe(0);
    expect(api!.merges).toEqual([{ number: 15, sha: first.head, result: 200 }]);
    // GitHub merges, but its answer never arrives: the retry is refused (405), and the pull request
    // is found merged at the validated head: one merge, apply started once
    const second = pr(origin, 16, [tx(bob, `(transfer ${carol.address} 1)`)]);
    api!.inject(/^PUT .*\/merge$/, "lost");
    const run = await validate(work, 16, second);
    expect(run.code).toBe(0);
    expect(api!.merges.filter((m) => m.number === 16).map((m) => m.result)).toEqual([200, 405]);
    expect(api!.comments.find((c) => c.issue === 16)!.body).toContain("Merged by the sequencer (auto)");
    expect(api!.dispatches).toHaveLength(2);
    const applied = await applyByDispatch(origin);
    expect(applied.outputs["block-number"]).toBe("1");
    expect(blockFile(clone(origin), 1).transactions).toHaveLength(2);
    verifyOk(clone(origin));
  });

  it("a deployment waits for a maintainer's approval of its commit, then merges", async () => {
    const { origin, work } = await setup({ mode: "auto", approvals: { deploy: 1 } });
    const at = pr(
      origin,
      8,
      [tx(alice, "(deploy (contract Box (defvar n 0) (defn set (x) (set! n x))))")],
      hours(3),
    );
    const first = await validate(work, 8, at);
    expect(first.code, first.stdout).toBe(0);
    expect(api!.merges).toEqual([]);
    expect(api!.comments[0]!.body).toMatch(
      /waits for 1 more maintainer approval of commit `[0-9a-f]{12}`.*since/,
    );
    // an outsider's approval does not count; a member's approval of this commit does
    api!.pulls.get(8)!.reviews.push({ login: "stranger", state: "APPROVED", association: "NONE" });
    api!.pulls.get(8)!.reviews.push({ login: "maintainer", state: "APPROVED", association: "MEMBER" });
    const second = await validate(work, 8, at);
    expect(second.code, second.stdout).toBe(0);
    expect(api!.merges).toEqual([{ number: 8, sha: at.head, result: 200 }]);
  });
});

describe("the policy", () => {
  it("manual (no file): a valid pull request is left to a maintainer, and says since when", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 9, [tx(alice, `(transfer ${carol.address} 1)`)], "2026-11-24T12:00:00Z");
    const run = await validate(work, 9, at);
    expect(run.code, run.stdout).toBe(0);
    expect(api!.merges).toEqual([]);
    expect(api!.comments[0]!.body).toContain(
      "⏳ Valid; waits for a maintainer to merge it (sequencer policy: manual), open since 2026-11-24 12:00 UTC",
    );
  });

  it("a hostile sequencer.json in a pull request is never read", async () => {
    const { origin, work } = await setup(); // main: manual
    const at = pr(origin, 10, [
      { path: "sequencer.json", content: '{"mode":"auto"}' },
      tx(alice, `(transfer ${carol.address} 1)`),
    ]);
    const run = await validate(work, 10, at);
    expect(run.code).toBe(1); // a transaction pull request touches only txs/
    expect(api!.merges).toEqual([]);
    // and a transaction-only one is judged under main's policy, whatever its branch holds
    const only = pr(origin, 11, [tx(bob, `(transfer ${carol.address} 1)`)]);
    const ok = await validate(work, 11, only);
    expect(ok.code, ok.stdout).toBe(0);
    expect(api!.merges).toEqual([]);
  });

  it("a bad policy fails with one E_POLICY sentence per field", async () => {
    const { origin, work } = await setup({ mode: "fast", window: "soon", maxPendingPerSender: 0 });
    const at = pr(origin, 12, [tx(alice, `(transfer ${carol.address} 1)`)]);
    const run = await validate(work, 12, at);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('E_POLICY: sequencer.json field mode is "fast"');
    expect(run.stdout).toContain("field window is");
    expect(run.stdout).toContain("field maxPendingPerSender is 0");
  });

  it("the per-sender cap of pending transactions", async () => {
    const { origin, work } = await setup({ maxPendingPerSender: 1 });
    // alice already has a transaction waiting in main's txs/ (a nonce gap keeps it there)
    commitToMain(origin, [tx(alice, "1", { nonce: 5 })]);
    git(work, "pull", "-q", "origin", "main");
    const at = pr(origin, 13, [tx(alice, `(transfer ${carol.address} 1)`)]);
    const run = await validate(work, 13, at);
    expect(run.code).toBe(1);
    expect(api!.comments[0]!.body).toContain("E_PENDING_CAP");
  });

  it("queue mode adds a valid pull request to the merge queue with a schema-valid mutation", async () => {
    const { origin, work } = await setup({ mode: "queue" });
    const at = pr(origin, 14, [tx(alice, `(transfer ${carol.address} 1)`)]);
    const run = await validate(work, 14, at);
    expect(run.code, run.stdout).toBe(0);
    expect(api!.queue).toEqual([14]);
    expect(api!.graphql.map((g) => g.errors)).toEqual([[]]);
    expect(api!.merges).toEqual([]);
  });
});

/** The merge queue's group: a branch off main merging each pull request in turn, as GitHub makes it. */
function formGroup(origin: string, numbers: number[]): { head: string; base: string } {
  const dir = clone(origin);
  const base = git(dir, "rev-parse", "HEAD");
  for (const n of numbers) {
    git(dir, "fetch", "-q", "origin", `refs/pull/${n}/head`);
    git(
      dir,
      "merge",
      "-q",
      "--no-ff",
      "-m",
      `Merge pull request #${n} from octocat/patch-${n}`,
      "FETCH_HEAD",
    );
  }
  const head = git(dir, "rev-parse", "HEAD");
  git(dir, "push", "-q", "origin", `HEAD:refs/heads/gh-readonly-queue/main/pr-${numbers.at(-1)}-${base}`);
  return { head, base };
}

const runGroup = (origin: string, group: { head: string; base: string }, last: number) => {
  const workspace = clone(origin);
  git(workspace, "checkout", "-q", group.head); // the validate workflow's checkout of the group
  return runAction({
    workspace,
    api: api!.url,
    eventName: "merge_group",
    event: mergeGroupEvent(group.head, group.base, last),
  });
};

describe("the merge queue builds the blocks", () => {
  it("a group that cannot all succeed fails naming the pull request; the re-formed one's prediction is what apply builds", async () => {
    const { origin } = await setup({ mode: "queue" });
    // each valid alone; together bob's assertion fails once carol has alice's 250
    // (alice's tip is higher: the auction runs hers first)
    pr(origin, 21, [tx(alice, `(transfer ${carol.address} 250)`, { maxPriorityFeePerGas: 5n })]);
    const bobs = tx(bob, `(assert (< (balance ${carol.address}) 250) "carol is rich")`);
    pr(origin, 22, [bobs]);
    const bad = formGroup(origin, [21, 22]);
    const failed = await runGroup(origin, bad, 22);
    expect(failed.code).toBe(1);
    expect(api!.checkRuns.at(-1)).toMatchObject({ head_sha: bad.head, conclusion: "failure" });
    expect(failed.summary).toContain(`pull request #22, \`${bobs.path}\``);
    // GitHub drops #22 and forms the group again
    const good = formGroup(origin, [21]);
    const passed = await runGroup(origin, good, 21);
    expect(passed.code, passed.stdout).toBe(0);
    const check = api!.checkRuns.at(-1) as { head_sha: string; conclusion: string; output: { text: string } };
    expect(check).toMatchObject({ head_sha: good.head, conclusion: "success" });
    const predicted = JSON.parse(check.output.text).blocks as {
      header: { number: number };
      receipts: unknown[];
    }[];
    expect(predicted).toHaveLength(1);
    // the queue merges: main becomes the group's head, and apply runs on its push
    git(clone(origin), "push", "-q", "origin", `${good.head}:refs/heads/main`);
    const applied = await runAction({
      workspace: applyCheckout(origin),
      api: api!.url,
      eventName: "push",
      event: { ...mergeGroupEvent(good.head, good.base, 21), ref: "refs/heads/main", after: good.head },
    });
    expect(applied.code, applied.stdout).toBe(0);
    const after = clone(origin);
    for (const p of predicted) {
      const file = blockFile(after, p.header.number);
      // byte for byte, but for the attestation (GitHub's facts at merge time) and so the hash
      const { hash: _h, sequencing: _s, ...header } = file.header;
      const { hash: _ph, ...predictedHeader } = p.header as Record<string, unknown>;
      expect(JSON.stringify({ header, receipts: file.receipts })).toBe(
        JSON.stringify({ header: predictedHeader, receipts: p.receipts }),
      );
      expect(file.sequencing).toHaveLength(file.transactions.length);
    }
    verifyOk(after);
  });
});

describe("forced inclusion by the sequencing window", () => {
  it("merges a valid pull request ignored past the window, leaves an invalid one and a young one", async () => {
    const { origin, work } = await setup({ mode: "manual", window: "1h" });
    const old = pr(origin, 31, [tx(alice, `(transfer ${carol.address} 7)`)], hours(2));
    pr(origin, 32, [tx(bob, "(+ 1")], hours(2));
    pr(origin, 33, [tx(bob, `(transfer ${carol.address} 1)`)], hours(0));
    const run = await runAction({
      workspace: work,
      api: api!.url,
      eventName: "schedule",
      event: scheduleEvent(),
    });
    expect(run.code, run.stdout).toBe(0);
    expect(api!.merges).toEqual([{ number: 31, sha: old.head, result: 200 }]);
    expect(run.summary).toContain("#32: left alone, not valid");
    expect(api!.comments.find((c) => c.issue === 31)!.body).toMatch(
      /Included by the sequencing window: valid at .* open 2 h/,
    );
    expect(api!.dispatches).toHaveLength(1);
    expect(git(clone(origin), "log", "-1", "--format=%B")).toContain("Tinychain-Sequenced: window");
    const applied = await applyByDispatch(origin);
    expect(applied.outputs["block-number"]).toBe("1");
    verifyOk(clone(origin));
  });
});

describe("the waiting line in the explorer", () => {
  it("lists valid open pull requests with their age and what they wait for, flags those past half the window, and lists vetoes", async () => {
    const { origin, work } = await setup({ window: "2h" });
    const waiting = pr(origin, 41, [tx(alice, `(transfer ${carol.address} 1)`)], hours(1.5));
    const vetoed = pr(origin, 42, [tx(bob, `(transfer ${carol.address} 1)`)], hours(0.2));
    const invalid = pr(origin, 43, [tx(bob, "(+ 1")], hours(0.1)); // not in the line
    expect((await validate(work, 41, waiting)).code).toBe(0);
    expect((await validate(work, 42, vetoed)).code).toBe(0);
    expect((await validate(work, 43, invalid)).code).toBe(1);
    Object.assign(api!.pulls.get(42)!, {
      state: "closed",
      closedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    });
    // a block is applied: its explorer shows the line as GitHub has it now
    commitToMain(origin, [tx(carol, "1")]);
    const applied = await applyByDispatch(origin);
    expect(applied.code, applied.stdout).toBe(0);
    const explorer = readFileSync(join(clone(origin), "state/README.md"), "utf8");
    expect(explorer).toContain("## Waiting line");
    expect(explorer).toContain("the sequencing window (2h) includes each one open longer than that");
    expect(explorer).toMatch(
      /\| \[#41\]\(https:\/\/github.com\/Codertocat\/Hello-World\/pull\/41\) ⚠️ \| 1 h 3[01] min \| a maintainer to merge it \(sequencer policy: manual\) \|/,
    );
    expect(explorer).not.toContain("#43");
    expect(explorer).toMatch(/Vetoed \(valid, closed without merging, in the last 10 blocks\):\n\n- \[#42\]/);
    // the same facts as data, in the same block commit, for the node and the page (tinychain_waiting)
    const after = clone(origin);
    const data = JSON.parse(readFileSync(join(after, "state/waiting.json"), "utf8"));
    expect(data).toMatchObject({
      block: 1,
      window: "2h",
      open: [
        { pull: 41, waitsFor: "a maintainer to merge it (sequencer policy: manual)", pastHalfWindow: true },
      ],
      more: 0,
      vetoes: [{ pull: 42 }],
      vetoBlocks: 10,
    });
    expect(data.open[0].age).toMatch(/^1 h 3[01] min$/);
    expect(explorer).toContain(`| ${data.open[0].age} |`);
    expect(explorer).toContain(
      `- [#42](https://github.com/Codertocat/Hello-World/pull/42), closed ${data.vetoes[0].closedAt}`,
    );
    expect(data.readAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(git(after, "show", "--name-only", "--format=", "HEAD").split("\n")).toContain(
      "state/waiting.json",
    );
    verifyOk(after); // the history guard takes it as part of a block commit
  });
});
