// A block commit from the changed paths only (git plumbing) makes exactly the tree `git add -A` would:
// files changed, added in new folders, deleted, and a folder left empty disappears.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitPaths } from "../../src/sequencer/commit.ts";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-commit-"));
  git(dir, "init", "-q", "-b", "main");
  const files: Record<string, string> = {
    "state/accounts/ab/cd/0xabcd.json": "1\n",
    "state/accounts/ab/ef/0xabef.json": "2\n",
    "state/head.json": "{}\n",
    "txs/.gitkeep": "",
    "txs/0x1-0.json": "tx\n",
    "txs/0x2-0.json": "tx\n",
    "README.md": "readme\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, "add", "-A");
  git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base");
  return dir;
}

/** The same block's changes: one account changed, one new in a new folder, one gone, txs moved out. */
function change(dir: string): string[] {
  writeFileSync(join(dir, "state/accounts/ab/cd/0xabcd.json"), "10\n");
  mkdirSync(join(dir, "state/accounts/12/34"), { recursive: true });
  writeFileSync(join(dir, "state/accounts/12/34/0x1234.json"), "3\n");
  rmSync(join(dir, "state/accounts/ab/ef/0xabef.json"));
  rmSync(join(dir, "txs/0x1-0.json"));
  writeFileSync(join(dir, "state/head.json"), '{"number": 1}\n');
  return [
    "state/accounts/ab/cd/0xabcd.json",
    "state/accounts/12/34/0x1234.json",
    "state/accounts/ab/ef/0xabef.json",
    "txs/0x1-0.json",
    "state/head.json",
  ];
}

describe("commitPaths", () => {
  it("makes the tree git add would, as the bot, on top of HEAD", () => {
    const plumbing = repo();
    const porcelain = repo();
    const base = git(plumbing, "rev-parse", "HEAD");
    expect(commitPaths(plumbing, "tinychain: block 1\n\ndetails", change(plumbing))).toBe(true);
    change(porcelain);
    git(porcelain, "add", "-A");
    git(porcelain, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "same");
    expect(git(plumbing, "rev-parse", "HEAD^{tree}")).toBe(git(porcelain, "rev-parse", "HEAD^{tree}"));
    expect(git(plumbing, "rev-parse", "HEAD^")).toBe(base);
    expect(git(plumbing, "log", "-1", "--format=%an|%ce|%s")).toBe(
      "github-actions[bot]|41898282+github-actions[bot]@users.noreply.github.com|tinychain: block 1",
    );
    // the emptied folder is gone, the kept .gitkeep too is still there
    expect(git(plumbing, "ls-tree", "-r", "--name-only", "HEAD").split("\n")).toEqual([
      "README.md",
      "state/accounts/12/34/0x1234.json",
      "state/accounts/ab/cd/0xabcd.json",
      "state/head.json",
      "txs/.gitkeep",
      "txs/0x2-0.json",
    ]);
  });

  it("commits nothing when the paths did not change", () => {
    const dir = repo();
    const head = git(dir, "rev-parse", "HEAD");
    expect(commitPaths(dir, "nothing", ["state/head.json"])).toBe(false);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
  });
});
