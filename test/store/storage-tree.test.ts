// A contract's storage tree on disk (docs/state.md): the cache holds it in a small whole file or, past
// 4,096 entries, in the state tree's format updated in place; either way a reload gives the same root,
// and a cache that does not hold the account's storageRoot is never trusted.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/chain/canonical-json.ts";
import { hex, ZERO_HEX } from "../../src/chain/merkle.ts";
import { Snapshot, storagePath } from "../../src/store/snapshot.ts";
import { loadStorageTree, rebuildTree, saveTrees, treeOf } from "../../src/store/tree.ts";

const CONTRACT = "0x00000000000000000000000000000000000c0de1";

/** A chain folder with `n` entry files for CONTRACT (no account files: the trees are tested alone). */
function folderWith(n: number): { snapshot: Snapshot; entries: [string, string][] } {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-storage-"));
  const entries: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const key = `(balances 0x${i.toString(16).padStart(40, "0")})`;
    const value = String(i * 7 + 1);
    entries.push([key, value]);
    const path = join(dir, storagePath(CONTRACT, key));
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, canonicalJson({ key, value }));
  }
  return { snapshot: new Snapshot(dir), entries };
}

describe("storage trees in the cache", () => {
  for (const [n, format] of [
    [10, "TCSPAR01"],
    [5000, "TCTREE01"],
  ] as const)
    it(`${n} entries: kept as ${format}, reloaded with the same root, updated in place`, () => {
      const { snapshot, entries } = folderWith(n);
      const tree = treeOf(entries);
      const root = hex(tree.root());
      saveTrees(snapshot, rebuildTree(snapshot), [[CONTRACT, tree]]);
      const file = join(snapshot.root, ".tinychain-cache", "storage", `${CONTRACT}.bin`);
      expect(readFileSync(file).toString("latin1", 0, 8)).toBe(format);
      // from the cache (not the files): a changed entry file does not change what it loads
      writeFileSync(join(snapshot.root, storagePath(CONTRACT, entries[0]![0])), "{}");
      const loaded = loadStorageTree(snapshot, CONTRACT, root);
      expect(hex(loaded.root())).toBe(root);
      // one write, saved and loaded again, is the same tree as built from scratch
      loaded.set(entries[1]![0], "999");
      const after = hex(loaded.root());
      saveTrees(snapshot, rebuildTree(snapshot), [[CONTRACT, loaded]]);
      const expected = treeOf(entries.map(([k, v], i) => [k, i === 1 ? "999" : v] as [string, string]));
      expect(after).toBe(hex(expected.root()));
      expect(hex(loadStorageTree(snapshot, CONTRACT, after).root())).toBe(after);
    });

  it("rebuilds from the entry files when the cache holds another root, and refuses edited files", () => {
    const { snapshot, entries } = folderWith(20);
    const root = hex(treeOf(entries).root());
    expect(hex(loadStorageTree(snapshot, CONTRACT, root).root())).toBe(root); // no cache: from files
    expect(hex(loadStorageTree(snapshot, CONTRACT, ZERO_HEX).root())).toBe(ZERO_HEX);
    writeFileSync(
      join(snapshot.root, storagePath(CONTRACT, entries[3]![0])),
      canonicalJson({ key: entries[3]![0], value: "5" }),
    );
    expect(() => loadStorageTree(snapshot, CONTRACT, root)).toThrow(/does not match the storageRoot/);
  });
});
