// validate reads a pull request's txs/ from git objects exactly as `git ls-tree` lists them: a blob the
// fetch left out stays out (never fetched lazily), and a tree entry's mode is the one git checks out.

import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fetchPullRequest, validatePullRequest } from "../../src/action/validate.ts";
import { MAX_TX_FILE_BYTES, transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { MANUAL } from "../../src/sequencer/policy.ts";
import { alice, carol } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { chainRepo, clone, git, REPO_ID } from "./harness.ts";

/** Is `sha` in `cwd`'s object store (never fetching it)? */
function present(cwd: string, sha: string): boolean {
  try {
    execFileSync("git", ["cat-file", "-e", sha], { cwd, env: { ...process.env, GIT_NO_LAZY_FETCH: "1" } });
    return true;
  } catch {
    return false;
  }
}

/** `git mktree` of these ls-tree lines (modes kept as written). */
const mktree = (cwd: string, lines: string[]) =>
  execFileSync("git", ["mktree"], { cwd, input: `${lines.join("\n")}\n`, encoding: "utf8" }).trim();

describe("validate reads txs/ from git objects", () => {
  it("never fetches the blob of a txs that is a file the fetch left out", () => {
    const { origin, work } = chainRepo();
    const dir = clone(origin);
    const base = git(dir, "rev-parse", "HEAD");
    git(dir, "rm", "-r", "-q", "txs");
    writeFileSync(join(dir, "txs"), "x".repeat(MAX_TX_FILE_BYTES + 1000));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "txs is a file");
    git(dir, "push", "-q", "origin", "HEAD:refs/pull/1/head");
    const head = git(dir, "rev-parse", "HEAD");
    const blob = git(dir, "rev-parse", `${head}:txs`);

    fetchPullRequest({ cwd: work, token: "" }, 1);
    expect(present(work, blob)).toBe(false); // over the cap: left out by the fetch
    const outcome = validatePullRequest({ cwd: work, repositoryId: REPO_ID }, { head, base }, MANUAL);
    expect(outcome.valid).toBe(false);
    expect(present(work, blob)).toBe(false); // and still out
  });

  it("judges a tree entry by the mode git checks it out with (100664 is a regular file)", () => {
    const { origin, work } = chainRepo();
    const dir = clone(origin);
    const base = git(dir, "rev-parse", "HEAD");
    const t = signedTx(alice, `(transfer ${carol.address} 5)`);
    const name = transactionFileName(t).slice("txs/".length);
    writeFileSync(join(dir, "tx.json"), transactionFileBytes(t));
    const blob = git(dir, "hash-object", "-w", "tx.json");
    const txs = mktree(dir, [
      ...git(dir, "ls-tree", "HEAD:txs").split("\n").filter(Boolean),
      `100664 blob ${blob}\t${name}`,
    ]);
    const root = mktree(
      dir,
      git(dir, "ls-tree", "HEAD")
        .split("\n")
        .map((l) => (l.endsWith("\ttxs") ? `040000 tree ${txs}\ttxs` : l)),
    );
    const head = git(dir, "commit-tree", root, "-p", base, "-m", "a tx with a legacy mode");
    git(dir, "push", "-q", "origin", `${head}:refs/pull/2/head`);
    // git itself reads that entry as a regular file: the checkout apply reads is one
    expect(git(dir, "ls-tree", `${head}:txs`)).toContain(`100644 blob ${blob}\t${name}`);

    fetchPullRequest({ cwd: work, token: "" }, 2);
    const outcome = validatePullRequest({ cwd: work, repositoryId: REPO_ID }, { head, base }, MANUAL);
    expect(outcome.comment).not.toContain("not a regular file");
    expect(outcome.simulation.receipts.map((r) => r.file)).toEqual([`txs/${name}`]);
  });
});
