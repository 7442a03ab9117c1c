// The store reads state/ through one interface (src/store/source.ts): a chain folder's files, a
// commit's git objects (the apply workflow's and the node's checkouts), or memory. The same chain
// read through each is the same chain.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { headCommit } from "../../src/sequencer/git.ts";
import { applyPending } from "../../src/sequencer/ledger.ts";
import { gitSource } from "../../src/sequencer/objects.ts";
import { Snapshot, storagePath } from "../../src/store/snapshot.ts";
import { memorySource, workTreeSource } from "../../src/store/source.ts";
import { alice, bob, SNEED } from "../chain/fixtures.ts";
import { commitAll, scratchChain, writeTx } from "../chain-helpers.ts";

/** What a store reads of a chain, through one snapshot. */
function seen(s: Snapshot) {
  const addresses = s.allAddresses();
  return {
    exists: s.exists(),
    genesis: s.genesis(),
    head: s.head(),
    addresses,
    accounts: addresses.map((a) => s.accountFile(a)),
    owners: s.storageOwners(),
    storage: s.storageEntries(SNEED),
    burned: s.storage(SNEED, "burned"),
    block1: s.blockRecord(1),
    block2: s.blockRecord(2),
  };
}

describe("the store's object sources", () => {
  it("a folder, its commit's objects and memory hold the same chain", () => {
    const dir = scratchChain();
    writeTx(dir, alice, `(call ${SNEED} 'transfer ${bob.address} 5)`);
    commitAll(dir);
    expect(applyPending(new Snapshot(dir), headCommit(dir))).toHaveLength(1);
    commitAll(dir, "block 1");
    const folder = seen(new Snapshot(dir));
    expect(folder.exists).toBe(true);
    expect(folder.addresses).toContain(bob.address);
    expect(folder.owners).toEqual([SNEED]);
    expect(folder.block1).toBeDefined();
    expect(folder.block2).toBeUndefined();

    const files = new Map<string, string>();
    for (const path of workTreeSource(dir).list("state"))
      files.set(path, readFileSync(join(dir, path), "utf8"));
    expect(files.has(storagePath(SNEED, "burned"))).toBe(true);
    expect(seen(new Snapshot("/nowhere", memorySource(files)))).toEqual(folder);

    // state/ gone from the work tree: the commit still holds it
    rmSync(join(dir, "state"), { recursive: true });
    expect(new Snapshot(dir).exists()).toBe(false);
    expect(seen(new Snapshot(dir, gitSource(dir)))).toEqual(folder);
  });

  it("lists the files at or under a path, and nothing for a path that is not there", () => {
    const source = memorySource(
      new Map([
        ["state/a/b.json", "1"],
        ["state/ab.json", "2"],
        ["state/a.json", "3"],
      ]),
    );
    expect([...source.list("state/a")]).toEqual(["state/a/b.json"]);
    expect([...source.list("state/a.json")]).toEqual(["state/a.json"]);
    expect(source.read(["state/ab.json", "state/c.json"])).toEqual(["2", undefined]);
    const dir = scratchChain();
    const tree = workTreeSource(dir);
    expect([...tree.list("state/head.json")]).toEqual(["state/head.json"]);
    expect([...tree.list("state/nothing")]).toEqual([]);
    expect(tree.read(["state/nothing.json"])).toEqual([undefined]);
  });
});
