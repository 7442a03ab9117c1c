// The action as GitHub runs it, against a local API backed by the bare origin, and that origin.

import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Transaction, transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { accountPath } from "../../src/store/snapshot.ts";
import { alice, bob, carol, SNEED, type TestKey } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { COMMENT_TAGS, inertProblems } from "../report/hostile.ts";
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

function tx(k: TestKey, data: string, fields: Partial<Transaction> = {}): PrFile {
  const t = signedTx(k, data, fields);
  return { path: transactionFileName(t), content: new TextDecoder().decode(transactionFileBytes(t)) };
}

let api: FakeGitHub | undefined;

/** A chain repository (bare origin and a work clone) with the local GitHub API answering for it. */
async function setup(): Promise<{ origin: string; work: string; api: FakeGitHub }> {
  const repo = chainRepo();
  api = new FakeGitHub(repo.origin);
  await api.start();
  return { ...repo, api };
}

afterEach(async () => {
  await api?.stop();
  api = undefined;
});

/** Opens pull request `number` with `files` and tells the API about it. */
function pr(
  origin: string,
  number: number,
  files: PrFile[],
  options: Parameters<typeof openPullRequest>[3] = {},
) {
  const at = openPullRequest(origin, number, files, options);
  api!.pull(number, at.head, at.base);
  return at;
}

/** The action on pull request `number` at `at` (`fork`: from a fork), in the base's checkout. */
const runPullRequest = (
  work: string,
  number: number,
  at: { head: string; base: string },
  options: { fork?: boolean; env?: Record<string, string> } = {},
) =>
  runAction({
    workspace: work,
    api: api!.url,
    eventName: "pull_request_target",
    event: pullRequestEvent(number, at.head, at.base, options.fork),
    env: options.env,
  });

/** The action on a push of `sha`, in a checkout of the origin made as the apply workflow makes it. */
const runPush = (
  origin: string,
  sha: string,
  env?: Record<string, string>,
  workspace = applyCheckout(origin),
) => runAction({ workspace, api: api!.url, eventName: "push", event: pushEvent(sha), env });

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

describe("validate on pull_request_target", () => {
  it("a valid pull request: success, one comment, a check run, outputs", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 2, [tx(alice, `(transfer ${carol.address} 250)`)]);
    const run = await runPullRequest(work, 2, at);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.valid).toBe("true");
    expect(JSON.parse(run.outputs.receipts!)[0]).toMatchObject({
      status: 0,
      from: alice.address,
      return: "true",
    });
    expect(api!.comments).toHaveLength(1);
    expect(api!.comments[0]!.body).toContain("<!-- tinychain-receipts -->");
    expect(api!.comments[0]!.body).toContain(`<!-- tinychain-head: ${at.head} -->`);
    expect(api!.comments[0]!.body).toContain("| status | **0** success |");
    // what the transaction does, folded: a reviewer sees it before merging
    expect(api!.comments[0]!.body).toContain(
      "<details><summary>trace: calls, gas, storage, transfers, events</summary>",
    );
    expect(api!.comments[0]!.body).toContain(`<pre>script  [gas `);
    expect(api!.comments[0]!.body).toContain(`\n  transfer 250 ${alice.address} → ${carol.address}</pre>`);
    expect(api!.checkRuns).toMatchObject([{ head_sha: at.head, conclusion: "success", status: "completed" }]);
    expect(run.summary).toContain("tinychain receipts");
    // nothing of the pull request was written into the workspace
    expect(git(work, "status", "--porcelain")).toBe("");
  });

  it("an invalid pull request fails with the codes, annotated", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 3, [tx(alice, "(+ 1"), tx(bob, "1", { chainId: 1 }), tx(carol, '(abort "no")')]);
    const run = await runPullRequest(work, 3, at);
    expect(run.code).toBe(1);
    expect(run.outputs.valid).toBe("false");
    const body = api!.comments[0]!.body;
    expect(body).toContain("`E_DATA`");
    expect(body).toContain("`E_CHAIN`");
    expect(body).toContain("`E_FUNDS`");
    expect(api!.checkRuns[0]).toMatchObject({ conclusion: "failure" });
    expect(run.stdout).toMatch(/::error title=E_DATA,file=txs\/0x[0-9a-f]{40}-0\.json::E_DATA: data: 1:5/);
  });

  it("a pull request that also touches src/ or state/, or deletes a pending file, fails", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 4, [
      tx(alice, "1"),
      { path: "src/chain/extra.ts", content: "export {};\n" },
      { path: "state/head.json", content: "{}\n" },
    ]);
    const run = await runPullRequest(work, 4, at);
    expect(run.code).toBe(1);
    const body = api!.comments[0]!.body;
    expect(body).toContain("E_HISTORY: this pull request changes state/ (state/head.json)");
    expect(body).toContain("outside txs/ (src/chain/extra.ts)");
    // a pending file on main that a pull request deletes
    const main = clone(origin);
    const pending = tx(bob, "2");
    writeFileSync(join(main, pending.path), pending.content!);
    git(main, "add", "-A");
    git(main, "commit", "-q", "-m", "pending");
    git(main, "push", "-q", "origin", "main");
    const del = await runPullRequest(work, 5, pr(origin, 5, [], { remove: [pending.path] }));
    expect(del.code).toBe(1);
    expect(del.stdout).toContain("not remove pending ones");
  });

  it("a symlink in txs/ is E_FILE by its git mode, its target never read, as apply judges it", async () => {
    const { origin, work } = await setup();
    // a valid signed transaction already stored elsewhere in the repository
    const stored = tx(alice, `(transfer ${carol.address} 7)`);
    const main = clone(origin);
    writeFileSync(join(main, "stored.json"), stored.content!);
    git(main, "add", "-A");
    git(main, "commit", "-q", "-m", "a file outside txs/");
    git(main, "push", "-q", "origin", "main");
    const sneaky = tx(bob, '(str "@everyone <img src=x onerror=alert(1)>")');
    const at = pr(origin, 6, [
      sneaky,
      { path: stored.path, symlinkTo: "../stored.json" },
      { path: `txs/${carol.address}-0.json`, symlinkTo: "../state/genesis.json" },
    ]);
    const run = await runPullRequest(work, 6, at);
    expect(run.code).toBe(1);
    const body = api!.comments[0]!.body;
    expect(body).toContain(`${stored.path} is a symlink, not a regular file`);
    expect(body).toContain(`txs/${carol.address}-0.json is a symlink, not a regular file`);
    expect(body).not.toContain("E_SCHEMA");
    // the files come from git objects: no tree or blob is asked of the API (a symlink is judged by its mode)
    expect(api!.requests.filter((r) => r.includes("/git/"))).toEqual([]);
    // the returned text is shown, inert: no mention, no element of its own (test/report/hostile.ts)
    const returned = '"@everyone <img src=x onerror=alert(1)>"';
    expect(inertProblems(body, { tags: COMMENT_TAGS, readable: [returned] })).toEqual([]);
    // apply agrees: merged as it is, the symlink is rejected with the same code
    git(main, "pull", "-q", "origin", "main");
    git(main, "fetch", "-q", "origin", "refs/pull/6/head");
    git(main, "merge", "-q", "--no-edit", "FETCH_HEAD");
    git(main, "push", "-q", "origin", "main");
    const applied = await runPush(origin, git(main, "rev-parse", "HEAD"));
    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.summary).toContain(`\`${stored.path}\`: rejected E_FILE`);
  });

  it("judges exactly the event's commit; an older run never touches the comment", async () => {
    const { origin, work } = await setup();
    const first = tx(alice, "(+ 1"); // E_DATA
    const h1 = pr(origin, 7, [first]);
    // the author pushes a fix before the first run has finished
    const h2 = pr(origin, 7, [tx(bob, "2")], { parent: h1.head, remove: [first.path] });
    const late = await runPullRequest(work, 7, h1, { fork: true });
    expect(late.code).toBe(1);
    // the verdict is h1's own files (not the pull request's current list), on h1's sha
    expect(api!.checkRuns).toMatchObject([{ head_sha: h1.head, conclusion: "failure" }]);
    expect((api!.checkRuns[0]!.output as { summary: string }).summary).toContain("`E_DATA`");
    expect(api!.comments).toHaveLength(0);
    expect(late.stdout).toContain("the receipts comment is left to that commit's run");
    expect((await runPullRequest(work, 7, h2, { fork: true })).code).toBe(0);
    expect(api!.comments).toHaveLength(1);
    expect(api!.comments[0]!.body).toContain(`<!-- tinychain-head: ${h2.head} -->`);
    // a re-run of the old workflow run replays the old payload: the newer comment stays
    expect((await runPullRequest(work, 7, h1, { fork: true })).code).toBe(1);
    expect(api!.comments).toHaveLength(1);
    expect(api!.comments[0]!.body).toContain(`<!-- tinychain-head: ${h2.head} -->`);
    expect(api!.checkRuns.map((c) => c.head_sha)).toEqual([h1.head, h2.head, h1.head]);
  });

  it("in a fork of another chain, validate refuses as apply would, saying how to start a chain", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 12, [tx(alice, "1")]);
    const run = await runPullRequest(work, 12, at, { env: { GITHUB_REPOSITORY_ID: "424242" } });
    expect(run.code).toBe(1);
    expect(api!.checkRuns[0]).toMatchObject({ conclusion: "failure" });
    const firstProblem = api!.comments[0]!.body.split("\n").find((l) => l.startsWith("- ❌"));
    expect(firstProblem).toContain("this is a fork or a copy of another chain");
    expect(run.stdout).toContain(
      "::error::state/genesis.json has chainId 7357, but this repository's id is 424242",
    );
    expect(run.stdout).toContain("tinychain init --chain-id $GITHUB_REPOSITORY_ID");
  });

  it("retries API 500s, 403 secondary rate limits with retry-after, and dropped connections", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 8, [tx(alice, "1")]);
    // validate reads the PR's files with git: its requests are the PR, its comments, the check, the comment
    api!.inject(/^GET .*\/pulls\/8$/, "500", 2);
    api!.inject(/^GET .*\/issues\/8\/comments/, "drop", 1);
    api!.inject(/^POST .*\/check-runs$/, "403", 1);
    const run = await runPullRequest(work, 8, at);
    expect(run.code, run.stdout).toBe(0);
    expect(api!.comments).toHaveLength(1);
    expect(api!.checkRuns).toHaveLength(1);
    expect(api!.requests.filter((r) => /^GET .*\/pulls\/8$/.test(r))).toHaveLength(3);
    expect(api!.requests.filter((r) => r.endsWith("/check-runs"))).toHaveLength(2);
    expect(run.stdout).toContain("secondary rate limit");
  });

  it("waits out retry-after on a 429 in any words: the receipts comment is not lost", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 14, [tx(alice, "1")]);
    api!.inject(/^POST .*\/issues\/14\/comments$/, "429", 1);
    api!.inject(/^POST .*\/check-runs$/, "429", 1);
    const run = await runPullRequest(work, 14, at);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain("could not post the receipts comment");
    expect(api!.comments).toHaveLength(1);
    expect(api!.checkRuns).toHaveLength(1);
    expect(
      api!.requests.filter((r) => r.endsWith("/issues/14/comments") && r.startsWith("POST")),
    ).toHaveLength(2);
    expect(run.stdout).toContain("rate limit on POST");
  });

  it("reaches the API through the runner's proxy (http_proxy/https_proxy), as self-hosted runners need", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 13, [tx(alice, "1")]);
    // a forward proxy that tunnels every CONNECT (and relays plain requests) to the local API
    const apiPort = Number(new URL(api!.url).port);
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const upstream = httpRequest(
        {
          host: "127.0.0.1",
          port: apiPort,
          method: req.method,
          path: new URL(req.url!).pathname + new URL(req.url!).search,
          headers: req.headers,
        },
        (r) => {
          res.writeHead(r.statusCode!, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    proxy.on("connect", (req, socket, head) => {
      seen.push(`CONNECT ${req.url}`);
      const upstream = connect(apiPort, "127.0.0.1", () => {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      // a host name only the proxy can reach: without the proxy, the run could not resolve it
      const run = await runAction({
        workspace: work,
        api: `http://api.github.invalid:${apiPort}`,
        eventName: "pull_request_target",
        event: pullRequestEvent(13, at.head, at.base),
        env: { http_proxy: proxyUrl, https_proxy: proxyUrl },
      });
      expect(run.code, run.stdout).toBe(0);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((l) => l.includes("api.github.invalid"))).toBe(true);
      expect(api!.checkRuns).toMatchObject([{ head_sha: at.head, conclusion: "success" }]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it("a comment that cannot be posted does not change the verdict", async () => {
    const { origin, work } = await setup();
    const at = pr(origin, 9, [tx(alice, "1")]);
    api!.inject(/^POST .*\/comments$/, "500", 10);
    const run = await runPullRequest(work, 9, at);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("::warning::could not post the receipts comment");
    expect(api!.checkRuns[0]).toMatchObject({ conclusion: "success" });
    expect(run.summary).toContain("tinychain receipts");
  });
});

/** Another merge, committed in a clone of the origin but not pushed yet: Bob's transfer of 2. */
function competingMerge(origin: string): { competitor: string; second: PrFile } {
  const competitor = clone(origin);
  const second = tx(bob, `(transfer ${carol.address} 2)`);
  writeFileSync(join(competitor, second.path), second.content!);
  git(competitor, "add", "-A");
  git(competitor, "commit", "-q", "-m", "Merge another pull request");
  return { competitor, second };
}

/** Merges a pull request: its transaction files land on main in the origin. */
function merge(origin: string, files: PrFile[]): string {
  const dir = clone(origin);
  for (const f of files) writeFileSync(join(dir, f.path), f.content!);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "Merge pull request");
  git(dir, "push", "-q", "origin", "main");
  return git(dir, "rev-parse", "HEAD");
}

describe("apply on push", () => {
  it("with the caches restored, reads only the blobs the block needs and keeps state/ out of the work tree", async () => {
    const { origin } = await setup();
    const first = applyCheckout(origin);
    const sha1 = merge(origin, [tx(alice, `(transfer ${carol.address} 5)`)]);
    const run1 = await runPush(origin, sha1, undefined, first);
    expect(run1.code, run1.stdout).toBe(0);
    // a fresh runner without the cache checks out state/ once to rebuild the state tree
    expect(run1.stdout).toContain("checking out state/ to rebuild it");
    // every blob of its commits is here afterwards (fetched in one request: test/sequencer/objects.test.ts)
    const missingAfterMiss = git(first, "rev-list", "--objects", "--missing=print", "HEAD~1")
      .split("\n")
      .filter((l) => l.startsWith("?"));
    expect(missingAfterMiss).toEqual([]);
    // the next run restores .tinychain-cache, as actions/cache does
    const sha2 = merge(origin, [tx(bob, `(call ${SNEED} 'transfer ${carol.address} 3)`)]);
    const second = applyCheckout(origin);
    cpSync(join(first, ".tinychain-cache"), join(second, ".tinychain-cache"), { recursive: true });
    const run2 = await runPush(origin, sha2, undefined, second);
    expect(run2.code, run2.stdout).toBe(0);
    expect(run2.stdout).not.toContain("checking out state/");
    expect(run2.outputs["block-number"]).toBe("2");
    expect(existsSync(join(second, "state/accounts"))).toBe(true); // only what the block wrote
    expect(existsSync(join(second, accountPath(alice.address)))).toBe(false);
    // alice's account was neither read nor written: its blob never reached this clone
    const lazy = { ...process.env, GIT_NO_LAZY_FETCH: "1" };
    const missing = spawnSync("git", ["cat-file", "-e", `HEAD:${accountPath(alice.address)}`], {
      cwd: second,
      env: lazy,
    });
    expect(missing.status).not.toBe(0);
    const after = clone(origin);
    expect(cli(["verify", "--json"], { cwd: after }).stdout).toContain('"ok": true');
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe("8");
  });

  it("builds the block, commits it as the bot, pushes, and adds final receipts to the merged PR", async () => {
    const { origin } = await setup();
    const file = tx(alice, `(transfer ${carol.address} 250)`);
    const sha = merge(origin, [file]);
    api!.commitPulls.set(sha, [10]);
    const run = await runPush(origin, sha);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs["block-number"]).toBe("1");
    const after = clone(origin);
    expect(git(after, "log", "-1", "--format=%an|%s")).toBe("github-actions[bot]|tinychain: block 1");
    expect(cli(["verify", "--json"], { cwd: after }).stdout).toContain('"ok": true');
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe("250");
    expect(api!.comments).toHaveLength(1);
    expect(api!.comments[0]!.body).toContain("Included in block **1**");
    // the explorer is part of the bot's commit, with the block linked to the commit that triggered it
    expect(git(after, "show", "--name-only", "--format=", "HEAD").split("\n")).toContain("state/README.md");
    const explorer = readFileSync(join(after, "state/README.md"), "utf8");
    expect(explorer).toContain(`(https://github.com/Codertocat/Hello-World/commit/${sha})`);
    // the bot's own push starts nothing
    const again = await runPush(origin, git(after, "rev-parse", "HEAD"));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.summary).toContain("the head is a block commit of this chain");
    expect(git(clone(origin), "rev-list", "--count", "HEAD")).toBe("3");
  });

  it("a competing commit between build and push: rebuilt on the new head, nothing lost or doubled", async () => {
    const { origin } = await setup();
    const first = tx(alice, `(transfer ${carol.address} 1)`);
    const sha = merge(origin, [first]);
    // a git on PATH that lands another merge just before the action's first push
    const { competitor, second } = competingMerge(origin);
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
      [first.path, second.path].sort(),
    );
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe("3");
    expect(cli(["verify"], { cwd: after }).code).toBe(0);
  });

  it("20 merges whose runs are partly skipped: contiguous blocks equal to a replay", {
    timeout: 120_000,
  }, async () => {
    const { origin } = await setup();
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
      transactions: 20,
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
    const { origin } = await setup();
    const sha = merge(origin, [tx(alice, `(transfer ${carol.address} 9)`)]);
    // a git that kills the action instead of pushing
    const path = gitOnPath("kill -9 $PPID; exit 1");
    const killed = await runPush(origin, sha, { PATH: path });
    expect(killed.code).not.toBe(0);
    expect(git(clone(origin), "rev-list", "--count", "HEAD")).toBe("2"); // nothing reached origin
    const run = await runPush(origin, sha);
    expect(run.code, run.stdout).toBe(0);
    const after = clone(origin);
    expect(JSON.parse(cli(["verify", "--json"], { cwd: after }).stdout)).toMatchObject({
      ok: true,
      blocks: 1,
      transactions: 1,
    });
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe("9");
  });

  it("refuses a chain whose id is not this repository's, and says how to start one", async () => {
    const { origin } = await setup();
    const sha = merge(origin, [tx(alice, "1")]);
    const run = await runPush(origin, sha, { GITHUB_REPOSITORY_ID: "424242" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("this is a fork or a copy of another chain");
    expect(run.stdout).toContain("tinychain init --chain-id $GITHUB_REPOSITORY_ID");
    expect(git(clone(origin), "rev-list", "--count", "HEAD")).toBe("2");
  });

  it.each([
    ["a full clone (commits found in the local history)", false],
    ["a shallow clone (commits found through the API)", true],
  ])(
    "one run that catches up several merged pull requests gives each its final receipts: %s",
    async (_, shallow) => {
      const { origin } = await setup();
      const a = tx(alice, `(transfer ${carol.address} 1)`);
      const b = tx(bob, `(transfer ${carol.address} 2)`);
      const c = tx(carol, "(+ 1"); // rejected in the block: its pull request hears it too
      api!.commitPulls.set(merge(origin, [a]), [21]);
      api!.commitPulls.set(merge(origin, [b]), [22]);
      const last = merge(origin, [c]);
      api!.commitPulls.set(last, [23]);
      // only the last merge's run ran (the others were skipped by the concurrency group)
      const workspace = shallow ? mkdtempSync(join(tmpdir(), "tinychain-shallow-")) : clone(origin);
      if (shallow) git(workspace, "clone", "-q", "--depth", "1", `file://${origin}`, ".");
      const run = await runPush(origin, last, undefined, workspace);
      expect(run.code, run.stdout).toBe(0);
      const byIssue = new Map(api!.comments.map((x) => [x.issue, x.body]));
      expect([...byIssue.keys()].sort()).toEqual([21, 22, 23]);
      expect(byIssue.get(21)).toContain("Included in block **1**");
      expect(byIssue.get(21)).toContain(a.path);
      expect(byIssue.get(21)).not.toContain(b.path);
      expect(byIssue.get(22)).toContain(b.path);
      expect(byIssue.get(23)).toContain("`E_DATA`");
    },
  );

  it("a push refused however the server words it: moved → rebuilt; not moved → a clear failure", async () => {
    const { origin } = await setup();
    const first = tx(alice, `(transfer ${carol.address} 1)`);
    const sha = merge(origin, [first]);
    // a competing merge waits on another branch; the hook moves main to it and refuses our push in
    // words git's own rules do not use ("cannot lock ref", as GitHub says under a concurrent push)
    const { competitor } = competingMerge(origin);
    git(competitor, "push", "-q", "origin", "HEAD:refs/heads/competitor");
    const marker = join(mkdtempSync(join(tmpdir(), "tinychain-hook-")), "done");
    writeFileSync(
      join(origin, "hooks/pre-receive"),
      `#!/bin/sh\nif [ ! -e ${marker} ]; then touch ${marker}; env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main refs/heads/competitor; echo "error: cannot lock ref 'refs/heads/main': is at $(git rev-parse main) but expected something else" >&2; exit 1; fi\n`,
    );
    chmodSync(join(origin, "hooks/pre-receive"), 0o755);
    const run = await runPush(origin, sha);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("the branch moved while block 1 was built");
    const after = clone(origin);
    expect(git(after, "log", "--format=%s", "-2").split("\n")).toEqual([
      "tinychain: block 1",
      "Merge another pull request",
    ]);
    expect(JSON.parse(cli(["balance", carol.address, "--json"], { cwd: after }).stdout).balance).toBe("3");
    // a branch that refuses every push without moving: the action stops with the server's reason
    const third = merge(origin, [tx(alice, "1", { nonce: 1 })]);
    writeFileSync(
      join(origin, "hooks/pre-receive"),
      '#!/bin/sh\necho "error: GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n',
    );
    const refused = await runPush(origin, third);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("the branch did not move");
    expect(refused.stdout).toMatch(/::error::no block could be pushed after \d+ attempts \(last refusal: /);
  });

  it("history only moves forward: a revert of a block or a hand edit of state/ is E_HISTORY", async () => {
    const { origin } = await setup();
    const sha = merge(origin, [tx(alice, `(transfer ${carol.address} 5)`)]);
    expect((await runPush(origin, sha)).code).toBe(0);
    // an ordinary revert of the bot's block commit, then another transaction merged
    const dev = clone(origin);
    git(dev, "revert", "--no-edit", "HEAD");
    const next = tx(bob, `(transfer ${carol.address} 6)`);
    writeFileSync(join(dev, next.path), next.content!);
    git(dev, "add", "-A");
    git(dev, "commit", "-q", "-m", "Merge pull request");
    git(dev, "push", "-q", "origin", "main");
    const reverted = await runPush(origin, git(dev, "rev-parse", "HEAD"));
    expect(reverted.code).toBe(1);
    expect(reverted.stdout).toMatch(
      /E_HISTORY: commit [0-9a-f]{12} moves state\/head.json back from block 1 to block 0/,
    );
    expect(reverted.stdout).toContain("git revert");
    expect(git(clone(origin), "log", "-1", "--format=%s")).toBe("Merge pull request"); // nothing pushed
    const verify = cli(["verify", "--json"], { cwd: dev });
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout).reason).toContain("E_HISTORY");
    // undone as the message says: apply builds block 2 on block 1
    git(dev, "revert", "--no-edit", "HEAD~1");
    git(dev, "push", "-q", "origin", "main");
    expect((await runPush(origin, git(dev, "rev-parse", "HEAD"))).code).toBe(0);
    // a hand edit of an account file
    const edit = clone(origin);
    const file = join(edit, accountPath(carol.address));
    writeFileSync(file, readFileSync(file, "utf8").replace(/"balance": "\d+"/, '"balance": "1000000"'));
    git(edit, "commit", "-q", "-am", "a generous edit");
    git(edit, "push", "-q", "origin", "main");
    const edited = await runPush(origin, merge(origin, [tx(alice, "1", { nonce: 1 })]));
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/E_HISTORY: commit [0-9a-f]{12} changes state\/ without a block/);
  });
});
