// A busy hour at GitHub's limit (issue 28): 500 merged pull requests (one transaction each, and two
// relay bundles of 100), the GitHub double enforcing a workflow token's 1,000 requests an hour with
// 403 and `x-ratelimit-remaining: 0`, the validate runs' share spent against the same budget, apply run
// as a process after each batch of merges as the workflow runs it. Every valid transaction is
// included exactly once, every pull request gets its final receipts in the end (the runs past the
// budget leave them for later, and a later run catches up), and `verify` is ok.

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { COMMENT_MARKER } from "../../src/report/comment.ts";
import { alice, bob, carol, type TestKey } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { FakeGitHub } from "./fake-github.ts";
import { chainRepo, clone, dispatchEvent, git, type PrFile, pushEvent, runAction } from "./harness.ts";

let api: FakeGitHub | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

/** What validate costs a pull request (measured by `npm run bench -- action`). */
const VALIDATE_REQUESTS = 4;

const nonces = new Map<string, number>();
function tx(k: TestKey, amount: number): PrFile {
  const nonce = nonces.get(k.address) ?? 0;
  nonces.set(k.address, nonce + 1);
  const t = signedTx(k, `(transfer ${carol.address} ${amount})`, { nonce, gasLimit: 50_000 });
  return { path: transactionFileName(t), content: new TextDecoder().decode(transactionFileBytes(t)) };
}

/**
 * Merges pull requests as GitHub does, one merge commit each on main (written by one `git
 * fast-import`, then pushed), each with the bot's check comment already on it. Returns the last commit.
 */
function mergeAll(bare: string, pulls: { number: number; files: PrFile[] }[]): string {
  git(bare, "fetch", "-q", "origin", "+refs/heads/main:refs/heads/main");
  const parent = git(bare, "rev-parse", "main");
  const now = Math.floor(Date.now() / 1000);
  let stream = "";
  for (const [i, p] of pulls.entries()) {
    const message = `Merge pull request #${p.number} from sender/patch-${p.number}\n`;
    stream += `commit refs/heads/main\ncommitter GitHub <noreply@github.com> ${now} +0000\n`;
    stream += `data ${Buffer.byteLength(message)}\n${message}${i === 0 ? `from ${parent}\n` : ""}`;
    for (const f of p.files)
      stream += `M 100644 inline ${f.path}\ndata ${Buffer.byteLength(f.content!)}\n${f.content}\n`;
  }
  execFileSync("git", ["fast-import", "--quiet"], { cwd: bare, input: stream });
  git(bare, "push", "-q", "origin", "main");
  const commits = git(bare, "rev-list", "--reverse", `${parent}..main`).split("\n");
  for (const [i, p] of pulls.entries()) {
    api!.commitPulls.set(commits[i]!, [p.number]);
    api!.comments.push({
      id: 1_000_000 + p.number,
      issue: p.number,
      login: "github-actions[bot]",
      body: `${COMMENT_MARKER}\n## tinychain receipts ✅\n`,
    });
  }
  return commits.at(-1)!;
}

describe("a busy hour at the rate limit", () => {
  it("500 pull requests and two bundles of 100: every transaction once, every receipt posted, verify ok", {
    timeout: 180_000,
  }, async () => {
    const { origin } = chainRepo();
    api = new FakeGitHub(origin);
    await api.start();
    api.limit = 1000;
    const bare = mkdtempSync(join(tmpdir(), "tinychain-merges-"));
    git(bare, "clone", "-q", "--bare", origin, ".");
    const workspace = clone(origin); // the runner's checkout, reused as a self-hosted runner would
    const pulls: { number: number; files: PrFile[] }[] = [];
    for (let n = 1; n <= 500; n++) {
      const bundle = n === 150 || n === 400; // a relay's pull requests: 100 transactions of two senders
      const files = bundle
        ? [...Array(100).keys()].map((i) => tx(i % 2 ? alice : bob, n + i))
        : [tx(n % 3 ? alice : bob, n)];
      pulls.push({ number: n, files });
    }
    const apply = async (eventName: string, event: unknown) => {
      const run = await runAction({ workspace, api: api!.url, eventName, event });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      return run;
    };
    let deferredRuns = 0;
    for (let batch = 0; batch < 10; batch++) {
      const merged = pulls.slice(batch * 50, batch * 50 + 50);
      api.spend(VALIDATE_REQUESTS * merged.length); // their checks, on the same budget
      if (batch === 7) api.before(/^PATCH /, () => api!.spend(1000)); // other jobs spend it all meanwhile
      const run = await apply("push", pushEvent(mergeAll(bare, merged)));
      if (run.stdout.includes("wait for a later apply run")) deferredRuns++;
      if (batch % 4 === 3) api.refill(); // the hour turns
    }
    expect(deferredRuns).toBeGreaterThanOrEqual(2);
    // GitHub refused requests with the primary limit's 403 (x-ratelimit-remaining: 0), and nothing failed
    expect(api.limited.length).toBeGreaterThan(0);
    // the catch-up: a later run with nothing to build posts every receipt left
    api.refill();
    const last = await apply("workflow_dispatch", dispatchEvent());
    expect(last.summary).toContain("0 block(s) left for a later run");

    const after = clone(origin);
    const verify = JSON.parse(cli(["verify", "--json"], { cwd: after }).stdout);
    expect(verify).toMatchObject({ ok: true, transactions: 698 });
    const ids: string[] = [];
    for (let n = 1; n <= verify.blocks; n++)
      ids.push(
        ...JSON.parse(cli(["block", String(n), "--json"], { cwd: after }).stdout).transactions.map(
          (t: { id: string }) => t.id,
        ),
      );
    expect(new Set(ids).size).toBe(698);
    expect(git(after, "ls-tree", "--name-only", "HEAD", "txs/")).toBe("txs/.gitkeep"); // none left pending
    for (const p of pulls) {
      const mine = api.comments.filter((c) => c.issue === p.number);
      expect(mine, `#${p.number}`).toHaveLength(1);
      expect(mine[0]!.body, `#${p.number}`).toMatch(
        /<!-- tinychain-final: \d+ -->\n## tinychain receipts ✅/,
      );
      // one table, one row for each of its files
      expect(mine[0]!.body.match(/^\| ✅ /gm), `#${p.number}`).toHaveLength(p.files.length);
    }
    expect(api.unserved).toEqual([]);
  });
});
