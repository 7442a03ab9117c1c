// Where the page finds its chain: config.json, its Pages address; the address's ?repo=/?branch= never
// overrides what is deployed (issue 21), and a branch is a git ref name.
import { describe, expect, it } from "vitest";
import { isRefName, resolveConfig } from "../../src/web/config.ts";

describe("the page's configuration", () => {
  it("on GitHub Pages reads the repository's raw files of its branch", () => {
    // no node: no `rpc`, the history is read from the block files
    expect(resolveConfig("https://sneed-org.github.io/chain/", {})).toEqual({
      repo: "sneed-org/chain",
      branch: "main",
      base: "https://raw.githubusercontent.com/sneed-org/chain/main/",
    });
    expect(
      resolveConfig("https://sneed-org.github.io/chain/", { repo: "a/b", branch: "release/live" }).base,
    ).toBe("https://raw.githubusercontent.com/a/b/release/live/");
  });

  it("keeps the deployed repository and branch when the address asks for others, and says so", () => {
    const onPages = resolveConfig("https://sneed-org.github.io/chain/?repo=attacker/x&branch=evil", {
      repo: "sneed-org/chain",
      branch: "main",
    });
    expect(onPages).toMatchObject({
      repo: "sneed-org/chain",
      branch: "main",
      base: "https://raw.githubusercontent.com/sneed-org/chain/main/",
    });
    expect(onPages.warning).toContain('asks for the repository "attacker/x"');
    // a Pages site without config.json: its own address is the deployed repository
    const bare = resolveConfig("https://sneed-org.github.io/chain/?repo=attacker/x", {});
    expect(bare.repo).toBe("sneed-org/chain");
    expect(bare.warning).toContain("attacker/x");
    // the node: its config names the origin's repository
    const node = resolveConfig("http://127.0.0.1:8555/?repo=attacker/x&rpc=https://evil.example/", {
      base: "./",
      rpc: "./",
      repo: "o/r",
      branch: "main",
    });
    // its JSON-RPC (the account's history from its index) is the config's, never the address's
    expect(node).toMatchObject({
      repo: "o/r",
      base: "http://127.0.0.1:8555/",
      rpc: "http://127.0.0.1:8555/",
    });
    expect(node.warning).toBeDefined();
    // the same repository asked for: no warning
    expect(resolveConfig("https://o.github.io/r/?repo=o/r", {}).warning).toBeUndefined();
  });

  it("uses ?repo= only where nothing deployed names one, with a warning", () => {
    const c = resolveConfig("http://127.0.0.1:8555/?repo=o/r&branch=dev", {
      base: "./",
      repo: null,
      branch: undefined,
    });
    expect(c).toMatchObject({ repo: "o/r", branch: "dev", base: "http://127.0.0.1:8555/" });
    expect(c.warning).toContain("comes from this page's address");
  });

  it("ignores a repository or branch that is not one, and falls back to its own folder", () => {
    const c = resolveConfig('http://example.test/x/?repo=../../evil"&branch=%0a', {
      repo: "no spaces allowed",
    });
    expect(c).toMatchObject({ repo: null, branch: "main", base: "http://example.test/x/" });
    expect(c.warning).toContain("not a repository");
    for (const branch of ["..", "a/../b", "a..b", "x.lock", ".hidden", "a//b", "a/", "@{1}", "a b", "a:b"])
      expect(
        resolveConfig(`http://example.test/?repo=o/r&branch=${encodeURIComponent(branch)}`, {}).branch,
        branch,
      ).toBe("main");
  });

  it("accepts git's ref names and refuses what git check-ref-format refuses", () => {
    for (const ok of ["main", "release/v1.2", "feature-x", "a_b", "@x"]) expect(isRefName(ok), ok).toBe(true);
    for (const bad of [
      "",
      "@",
      "..",
      "a..b",
      "a/.b",
      "a.lock",
      "a/b.lock/c",
      "a//b",
      "/a",
      "a/",
      "a.",
      "a~1",
      "a^",
      "a?",
      "a*",
      "a[",
      "a\\b",
      "a@{b",
      "a\u0000",
      "a\u007f",
    ])
      expect(isRefName(bad), JSON.stringify(bad)).toBe(false);
  });
});
