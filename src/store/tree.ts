// The state tree's auxiliary data (docs/state.md): every leaf's path and hash for the head state, kept
// in .tinychain-cache/ (not committed; derived). With it a block updates the root in
// O(changed × log n); without it (a fresh clone, a CI checkout) it is rebuilt once from the account
// files, and `verify` rebuilds and checks it.

import { join } from "node:path";
import { canonicalEncoding } from "../chain/canonical-json.ts";
import { accountLeafKey, hex, StateTree, storageLeafKey } from "../chain/merkle.ts";
import { bytesToHex, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { readTextIfExists, writeFileAtomic } from "./files.ts";
import type { AccountFile, Snapshot } from "./snapshot.ts";

export function accountLeafValue(f: { nonce: number; balance: string; code?: string | null }): string {
  const codeHash = f.code ? `0x${bytesToHex(keccak256(utf8(f.code)))}` : null;
  return canonicalEncoding({ balance: f.balance, codeHash, nonce: f.nonce });
}

/** Adds (or with `remove`, removes) every leaf of one account file. */
export function addAccountLeaves(
  tree: StateTree,
  address: string,
  f: AccountFile | undefined,
  remove = false,
): void {
  if (!f) return;
  if (remove) tree.delete(accountLeafKey(address));
  else tree.set(accountLeafKey(address), accountLeafValue(f));
  for (const [k, v] of Object.entries(f.storage ?? {})) {
    if (remove) tree.delete(storageLeafKey(address, k));
    else tree.set(storageLeafKey(address, k), v);
  }
}

/** Does an account file (or its absence) agree with the leaves the tree holds for it? */
export function accountMatchesTree(tree: StateTree, address: string, f: AccountFile | undefined): boolean {
  const key = accountLeafKey(address);
  if (!f) return !tree.has(key);
  if (!tree.holds(key, accountLeafValue(f))) return false;
  for (const [k, v] of Object.entries(f.storage ?? {}))
    if (!tree.holds(storageLeafKey(address, k), v)) return false;
  return true;
}

/** Builds the tree from every account file: O(n), the fallback when the cache is missing. */
export function rebuildTree(snapshot: Snapshot): StateTree {
  const tree = new StateTree();
  for (const address of snapshot.allAddresses())
    addAccountLeaves(tree, address, snapshot.accountFile(address));
  return tree;
}

const cachePath = (snapshot: Snapshot) => join(snapshot.root, ".tinychain-cache", "state-tree.json");

/** The tree for the snapshot's head: from the cache when it matches the head's stateRoot, else rebuilt. */
export function loadTree(snapshot: Snapshot, stateRoot: string): StateTree {
  const text = readTextIfExists(cachePath(snapshot));
  if (text !== undefined) {
    try {
      const doc = JSON.parse(text) as { root: string; leaves: [string, string][] };
      if (doc.root === stateRoot) {
        const tree = StateTree.fromLeaves(doc.leaves);
        if (hex(tree.root()) === stateRoot) return tree;
      }
    } catch {
      // a damaged cache is only a cache: rebuild below
    }
  }
  return rebuildTree(snapshot);
}

export function saveTree(snapshot: Snapshot, tree: StateTree): void {
  const root = hex(tree.root());
  // the cache folder ignores itself, so `git add -A` in a chain repository never commits it
  writeFileAtomic(join(snapshot.root, ".tinychain-cache", ".gitignore"), "*\n");
  writeFileAtomic(cachePath(snapshot), JSON.stringify({ root, leaves: tree.leaves() }));
}
