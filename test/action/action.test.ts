// The action as GitHub runs it, against a local API and a bare origin.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Transaction, transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { alice, bob, carol, type TestKey } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { type FakeFile, FakeGitHub } from "./fake-github.ts";
import { chainRepo, clone, git, pullRequestEvent, pushEvent, runAction } from "./harness.ts";

function tx(k: TestKey, data: string, fields: Partial<Transaction> = {}): FakeFile {
  const t = signedTx(k, data, fields);
  return {
    filename: transactionFileName(t),
    status: "added",
    content: new TextDecoder().decode(transactionFileBytes(t)),
  };
}

const SHA1 = "1".repeat(40);
const SHA2 = "2".repeat(40);
let api: FakeGitHub;

/** The action on pull request `number` at `sha` (`fork`: from a fork), in the base's checkout. */
const runPullRequest = (work: string, number: number, sha: string, fork = false) =>
  runAction({
    workspace: work,
    api: api.url,
    eventName: "pull_request_target",
    event: pullRequestEvent(number, sha, fork),
  });

/** The action on a push of `sha`, in a fresh clone of the origin (as a runner checks it out). */
const runPush = (origin: string, sha: string, env?: Record<string, string>) =>
  runAction({ workspace: clone(origin), api: api.url, eventName: "push", event: pushEvent(sha), env });

/** A PATH whose `git` runs `onPush` (shell) before every push, then the real git. */
function gitOnPath(onPush: string): string {
  const bin = mkdtempSync(join(tmpdir(), "tinychain-bin-"));
  writeFileSync(
    join(bin, "git"),
    `#!/bin/sh\ncase " $* " in *" push "*) ${onPush};; esac\nexec /usr/bin/git "$@"\n`,
  );
  chmodSync(join(bin, "git"), 0o755);
  return `${bin}:${process.env.PATH}`;
}

beforeEach(async () => {
  api = new FakeGitHub();
  await api.start();
});
afterEach(async () => {
  await api.stop();
});

describe("validate on pull_request_target", () => {
  it("a valid pull request: success, one comment, a check run, outputs", async () => {
    const { work } = chainRepo();
    api.pull(2, SHA1, [tx(alice, `(transfer ${carol.address} 250)`)]);
    const run = await runPullRequest(work, 2, SHA1);
    expect(run.code).toBe(0);
    expect(run.outputs.valid).toBe("true");
    expect(JSON.parse(run.outputs.receipts!)[0]).toMatchObject({
      status: 0,
      from: alice.address,
      return: "true",
    });
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain("<!-- tinychain-receipts -->");
    expect(api.comments[0]!.body).toContain(`<!-- tinychain-head: ${SHA1} -->`);
    expect(api.comments[0]!.body).toContain("| status | **0** success |");
    expect(api.checkRuns).toMatchObject([{ head_sha: SHA1, conclusion: "success", status: "completed" }]);
    expect(run.summary).toContain("tinychain receipts");
    // nothing of the pull request was written into the workspace
    expect(git(work, "status", "--porcelain")).toBe("");
  });

  it("an invalid pull request fails with the codes, annotated", async () => {
    const { work } = chainRepo();
    api.pull(3, SHA1, [tx(alice, "(+ 1"), tx(bob, "1", { chainId: 1 }), tx(carol, '(abort "no")')]);
    const run = await runPullRequest(work, 3, SHA1);
    expect(run.code).toBe(1);
    expect(run.outputs.valid).toBe("false");
    const body = api.comments[0]!.body;
    expect(body).toContain("`E_DATA`");
    expect(body).toContain("`E_CHAIN`");
    expect(body).toContain("`E_FUNDS`");
    expect(api.checkRuns[0]).toMatchObject({ conclusion: "failure" });
    expect(run.stdout).toMatch(/::error title=E_DATA,file=txs\/0x[0-9a-f]{40}-0\.json::E_DATA: data: 1:5/);
  });

  it("a pull request that also touches src/ or state/, or deletes a pending file, fails", async () => {
    const { work } = chainRepo();
    api.pull(4, SHA1, [
      tx(alice, "1"),
      { filename: "src/chain/transition.ts", status: "modified" },
      { filename: "state/head.json", status: "modified" },
    ]);
    const run = await runPullRequest(work, 4, SHA1);
    expect(run.code).toBe(1);
    expect(api.comments[0]!.body).toContain("outside txs/ (src/chain/transition.ts, state/head.json)");
    api.pull(5, SHA2, [{ filename: `txs/${bob.address}-0.json`, status: "removed" }]);
    const del = await runPullRequest(work, 5, SHA2);
    expect(del.code).toBe(1);
    expect(del.stdout).toContain("not remove pending ones");
  });

  it("a symlink is refused by its git type, and @-mentions and HTML in data are neutralised", async () => {
    const { work } = chainRepo();
    const sneaky = tx(alice, '(str "@everyone <img src=x onerror=alert(1)>")');
    api.pull(6, SHA1, [sneaky, { filename: `txs/${bob.address}-0.json`, status: "added", type: "symlink" }]);
    const run = await runPullRequest(work, 6, SHA1);
    expect(run.code).toBe(1);
    const body = api.comments[0]!.body;
    expect(body).toContain("is a symlink, not a regular file");
    expect(body).not.toContain("@everyone");
    // inside a code fence GitHub shows HTML as text; everywhere else it must be escaped
    const outsideFences = body.replace(/(`{3,})lisp\n[\s\S]*?\n\1/g, "");
    expect(outsideFences).not.toContain("<img");
    expect(outsideFences).toContain("&lt;img");
  });

  it("works for a pull request from a fork, and a second push updates the same comment", async () => {
    const { work } = chainRepo();
    api.pull(7, SHA1, [tx(alice, "1")]);
    expect((await runPullRequest(work, 7, SHA1, true)).code).toBe(0);
    api.pull(7, SHA2, [tx(alice, "2")]);
    expect((await runPullRequest(work, 7, SHA2, true)).code).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain(`<!-- tinychain-head: ${SHA2} -->`);
    expect(api.checkRuns.map((c) => c.head_sha)).toEqual([SHA1, SHA2]);
  });

  it("retries API 500s, 403 with retry-after, and dropped connections", async () => {
    const { work } = chainRepo();
    api.pull(8, SHA1, [tx(alice, "1")]);
    api.inject(/^GET .*\/pulls\/8\/files$/, "500", 2);
    api.inject(/^GET .*\/contents\//, "drop", 1);
    api.inject(/^POST .*\/issues\/8\/comments$/, "403", 1);
    const run = await runPullRequest(work, 8, SHA1);
    expect(run.code).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(api.requests.filter((r) => r.endsWith("/pulls/8/files"))).toHaveLength(3);
  });

  it("a comment that cannot be posted does not change the verdict", async () => {
    const { work } = chainRepo();
    api.pull(9, SHA1, [tx(alice, "1")]);
    api.inject(/^POST .*\/comments$/, "500", 10);
    const run = await runPullRequest(work, 9, SHA1);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("::warning::could not post the receipts comment");
    expect(api.checkRuns[0]).toMatchObject({ conclusion: "success" });
    expect(run.summary).toContain("tinychain receipts");
  });
});

/** Merges a pull request: its transaction files land on main in the origin. */
function merge(origin: string, files: FakeFile[]): string {
  const dir = clone(origin);
  for (const f of files) writeFileSync(join(dir, f.filename), f.content!);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "Merge pull request");
  git(dir, "push", "-q", "origin", "main");
  return git(dir, "rev-parse", "HEAD");
}

describe("apply on push", () => {
  it("builds the block, commits it as the bot, pushes, and adds final receipts to the merged PR", async () => {
    const { origin } = chainRepo();
    const file = tx(alice, `(transfer ${carol.address} 250)`);
    api.pull(10, SHA1, [file]);
    const sha = merge(origin, [file]);
    api.commitPulls.set(sha, [10]);
    const run = await runPush(origin, sha);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs["block-number"]).toBe("1");
    const after = clone(origin);
    expect(git(after, "log", "-1", "--format=%an|%s")).toBe("github-actions[bot]|tinychain: block 1");
    expect(cli(["verify", "--json"], { cwd: after }).stdout).toContain('"ok": true');
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe("250");
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain("Included in block **1**");
    // the explorer is part of the bot's commit, with the block linked to the commit that triggered it
    expect(git(after, "show", "--name-only", "--format=", "HEAD").split("\n")).toContain("state/README.md");
    const explorer = readFileSync(join(after, "state/README.md"), "utf8");
    expect(explorer).toContain(`(https://github.com/Codertocat/Hello-World/commit/${sha})`);
    // the bot's own push starts nothing
    const again = await runPush(origin, git(after, "rev-parse", "HEAD"));
    expect(again.code).toBe(0);
    expect(again.summary).toContain("tinychain's own block commit");
    expect(git(clone(origin), "rev-list", "--count", "HEAD")).toBe("3");
  });

  it("a competing commit between build and push: rebuilt on the new head, nothing lost or doubled", async () => {
    const { origin } = chainRepo();
    const first = tx(alice, `(transfer ${carol.address} 1)`);
    const sha = merge(origin, [first]);
    // a git on PATH that lands another merge just before the action's first push
    const competitor = clone(origin);
    const second = tx(bob, `(transfer ${carol.address} 2)`);
    writeFileSync(join(competitor, second.filename), second.content!);
    git(competitor, "add", "-A");
    git(competitor, "commit", "-q", "-m", "Merge another pull request");
    const marker = join(mkdtempSync(join(tmpdir(), "tinychain-raced-")), "raced");
    const path = gitOnPath(
      `if [ ! -e ${marker} ]; then touch ${marker}; (cd ${competitor} && /usr/bin/git push -q origin main); fi`,
    );
    const run = await runPush(origin, sha, { PATH: path });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("the branch moved while block 1 was built");
    const after = clone(origin);
    expect(git(after, "log", "--format=%s", "-3").split("\n")).toEqual([
      "tinychain: block 1",
      "Merge another pull request",
      "Merge pull request",
    ]);
    const block = JSON.parse(cli(["block", "1", "--json"], { cwd: after }).stdout);
    expect(block.transactions.map((t: { file: string }) => t.file).sort()).toEqual(
      [first.filename, second.filename].sort(),
    );
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe("3");
    expect(cli(["verify"], { cwd: after }).code).toBe(0);
  });

  it("20 merges whose runs are partly skipped: contiguous blocks equal to a replay", {
    timeout: 120_000,
  }, async () => {
    const { origin } = chainRepo();
    const runs = new Set([2, 3, 9, 15, 19]); // GitHub skipped or coalesced the other runs
    for (let i = 0; i < 20; i++) {
      const last = merge(origin, [
        tx(i % 2 ? alice : bob, `(transfer ${carol.address} ${i + 1})`, { nonce: i >> 1 }),
      ]);
      if (!runs.has(i)) continue;
      const run = await runPush(origin, last);
      expect(run.code, run.stdout).toBe(0);
    }
    const after = clone(origin);
    expect(JSON.parse(cli(["verify", "--json"], { cwd: after }).stdout)).toEqual({
      ok: true,
      blocks: runs.size,
    });
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe(
      String((20 * 21) / 2),
    );
    // every transaction exactly once, in contiguous blocks
    const files: string[] = [];
    for (let n = 1; n <= runs.size; n++)
      files.push(
        ...JSON.parse(cli(["block", String(n), "--json"], { cwd: after }).stdout).transactions.map(
          (t: { file: string }) => t.file,
        ),
      );
    expect(files).toHaveLength(20);
    expect(new Set(files).size).toBe(20);
    expect(readFileSync(join(after, "state/head.json"), "utf8")).toContain(`"number": ${runs.size}`);
  });

  it("a run killed after committing but before pushing: the next run completes the block once", async () => {
    const { origin } = chainRepo();
    const sha = merge(origin, [tx(alice, `(transfer ${carol.address} 9)`)]);
    // a git that kills the action instead of pushing
    const path = gitOnPath("kill -9 $PPID; exit 1");
    const killed = await runPush(origin, sha, { PATH: path });
    expect(killed.code).not.toBe(0);
    expect(git(clone(origin), "rev-list", "--count", "HEAD")).toBe("2"); // nothing reached origin
    const run = await runPush(origin, sha);
    expect(run.code, run.stdout).toBe(0);
    const after = clone(origin);
    expect(JSON.parse(cli(["verify", "--json"], { cwd: after }).stdout)).toEqual({ ok: true, blocks: 1 });
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe("9");
  });

  it("refuses a chain whose id is not this repository's, and says how to start one", async () => {
    const { origin } = chainRepo();
    const sha = merge(origin, [tx(alice, "1")]);
    const run = await runPush(origin, sha, { GITHUB_REPOSITORY_ID: "424242" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("this is a fork or a copy of another chain");
    expect(run.stdout).toContain("tinychain init --chain-id $GITHUB_REPOSITORY_ID");
    expect(git(clone(origin), "rev-list", "--count", "HEAD")).toBe("2");
  });
});
