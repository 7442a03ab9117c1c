// `tinychain node`'s page config: the GitHub repository of its remote, or of a local clone's origin,
// with any credentials in the URL dropped.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubRepo } from "../../src/node/page.ts";

describe("the node's page: which GitHub repository", () => {
  it("reads https and ssh URLs, and drops credentials", () => {
    expect(githubRepo("https://github.com/sneed-org/chain.git")).toBe("sneed-org/chain");
    expect(githubRepo("https://x-access-token:ghp_secret@github.com/sneed-org/chain")).toBe(
      "sneed-org/chain",
    );
    expect(githubRepo("git@github.com:sneed-org/chain.git")).toBe("sneed-org/chain");
    expect(githubRepo("ssh://git@github.com/sneed-org/chain.git")).toBe("sneed-org/chain");
    for (const other of [
      "https://evilgithub.com/a/b",
      "https://github.com.evil/a/b",
      "https://gitlab.com/a/b",
      "https://github.com/a/..",
    ])
      expect(githubRepo(other), other).toBeNull();
  });

  it("follows a local clone to its origin", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinychain-origin-"));
    try {
      execFileSync("git", ["init", "-q", dir]);
      expect(githubRepo(dir)).toBeNull();
      execFileSync("git", ["-C", dir, "remote", "add", "origin", "https://user:token@github.com/o/r.git"]);
      expect(githubRepo(dir)).toBe("o/r");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
