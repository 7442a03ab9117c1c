// Where the page finds its chain: its address, config.json, its Pages address; hostile values ignored.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/web/config.ts";

describe("the page's configuration", () => {
  it("on GitHub Pages reads the repository's raw files of its branch", () => {
    expect(resolveConfig("https://sneed-org.github.io/chain/", {})).toEqual({
      repo: "sneed-org/chain",
      branch: "main",
      base: "https://raw.githubusercontent.com/sneed-org/chain/main/",
    });
    expect(resolveConfig("https://sneed-org.github.io/chain/", { repo: "a/b", branch: "live" }).base).toBe(
      "https://raw.githubusercontent.com/a/b/live/",
    );
  });

  it("served by the node reads the node's files, and ?repo= names the repository for the pull request", () => {
    expect(
      resolveConfig("http://127.0.0.1:8555/?repo=o/r", { base: "./", repo: null, branch: "main" }),
    ).toEqual({
      repo: "o/r",
      branch: "main",
      base: "http://127.0.0.1:8555/",
    });
  });

  it("ignores a repository or branch that is not one, and falls back to its own folder", () => {
    const c = resolveConfig('http://example.test/x/?repo=../../evil"&branch=%0a', {
      repo: "no spaces allowed",
    });
    expect(c).toEqual({ repo: null, branch: "main", base: "http://example.test/x/" });
  });
});
