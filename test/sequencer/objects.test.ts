// Reading a blob-less clone's objects: a cache miss fetches every blob of the clone's commits in one
// request, without deepening or flattening its shallow history.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fetchWholeCommits } from "../../src/sequencer/objects.ts";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@e", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();

/** A bare origin whose file a.txt changes in each of `n` commits. */
function origin(n: number): string {
  const work = mkdtempSync(join(tmpdir(), "tinychain-objects-"));
  git(work, "init", "-q", "-b", "main");
  for (let i = 0; i < n; i++) {
    writeFileSync(join(work, "a.txt"), `version ${i}\n`);
    git(work, "add", "a.txt");
    git(work, "commit", "-q", "-m", `v${i}`);
  }
  const bare = `${work}.git`;
  git(work, "clone", "-q", "--bare", work, bare);
  git(bare, "config", "uploadpack.allowFilter", "true");
  return bare;
}

const missing = (cwd: string) =>
  git(cwd, "rev-list", "--objects", "--missing=print", "HEAD")
    .split("\n")
    .filter((l) => l.startsWith("?"));

describe("fetchWholeCommits", () => {
  it("fetches the blobs of every commit a shallow blob-less clone has, and keeps it as deep", () => {
    const bare = origin(5);
    const dir = mkdtempSync(join(tmpdir(), "tinychain-objects-clone-"));
    git(dir, "clone", "-q", "--depth", "3", "--filter=blob:none", "--no-checkout", `file://${bare}`, ".");
    expect(missing(dir)).toHaveLength(3); // a.txt's three versions
    fetchWholeCommits(dir);
    expect(missing(dir)).toEqual([]);
    expect(git(dir, "rev-parse", "--is-shallow-repository")).toBe("true");
    expect(git(dir, "rev-list", "--count", "HEAD")).toBe("3");
  });

  it("refetches a clone that is not shallow whole, and leaves a full clone alone", () => {
    const bare = origin(4);
    const dir = mkdtempSync(join(tmpdir(), "tinychain-objects-clone-"));
    git(dir, "clone", "-q", "--filter=blob:none", "--no-checkout", `file://${bare}`, ".");
    expect(missing(dir)).toHaveLength(4);
    fetchWholeCommits(dir);
    expect(missing(dir)).toEqual([]);
    const full = mkdtempSync(join(tmpdir(), "tinychain-objects-full-"));
    git(full, "clone", "-q", `file://${bare}`, ".");
    fetchWholeCommits(full); // not partial: nothing to do, no request
    expect(missing(full)).toEqual([]);
  });
});
