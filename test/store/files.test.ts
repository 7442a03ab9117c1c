// Atomic writes (temp file + rename): a write that fails leaves the old content as it was and no
// temp file beside it.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/store/files.ts";

describe("writeFileAtomic", () => {
  it("replaces a file whole, leaving nothing else in its folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinychain-atomic-"));
    writeFileAtomic(join(dir, "a.json"), "old\n");
    writeFileAtomic(join(dir, "a.json"), "new\n");
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe("new\n");
    expect(readdirSync(dir)).toEqual(["a.json"]);
  });

  it("a rename that fails (onto a folder) leaves the old content and no temp file", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinychain-atomic-"));
    mkdirSync(join(dir, "a.json"));
    writeFileSync(join(dir, "a.json", "inside"), "old\n");
    expect(() => writeFileAtomic(join(dir, "a.json"), "new\n")).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(["a.json"]);
    expect(readFileSync(join(dir, "a.json", "inside"), "utf8")).toBe("old\n");
  });
});
