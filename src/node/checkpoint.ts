// The node's checkpoint: the state at a block it replayed itself, saved in its clone's .git so that
// a restart resumes there instead of replaying the chain from genesis. It trusts its own earlier work
// on this machine, nothing from the remote (docs/security.md).
//
//   tinychain-checkpoint.json   the genesis's settings (not its alloc: a restart need not parse a
//                               million-account genesis.json), the head, the accounts, the storage
//                               entries, and the node's index (block hashes, transaction ids → blocks)
//   tinychain-checkpoint.tree   the state tree as the node computed it (the cache's format), so a
//                               restart does not hash a million leaves again; used only when its
//                               root is the checkpoint's stateRoot

import { readFileSync, rmSync } from "node:fs";
import { headerFromJson, headerToJson } from "../chain/block.ts";
import { type Genesis, genesisToJson, parseGenesis } from "../chain/genesis.ts";
import { MemoryBackend } from "../chain/merkle.ts";
import { writeFileAtomic } from "../store/files.ts";
import type { Checkpoint } from "../store/replay.ts";
import { FileBackend, loadTreeInMemory } from "../store/tree.ts";

const VERSION = 4;

/** What the node knows of the blocks it served, to answer by hash and by transaction id. */
export interface NodeIndex {
  /** block hashes by number */
  hashes: string[];
  /** [transaction id, block number] */
  txs: [string, number][];
}

export function writeCheckpoint(
  path: string,
  genesis: Genesis,
  genesisHash: string,
  c: Checkpoint,
  index: NodeIndex,
): void {
  const tree = `${path.replace(/\.json$/, "")}.tree`;
  rmSync(tree, { force: true }); // never a tree of another head beside this checkpoint
  writeFileAtomic(
    path,
    JSON.stringify({
      version: VERSION,
      genesis: genesisToJson({ ...genesis, alloc: new Map() }),
      genesisHash,
      head: headerToJson(c.head),
      transactions: c.transactions,
      accounts: c.accounts,
      storage: c.storage,
      index,
    }),
  );
  if (c.tree?.backend instanceof MemoryBackend) FileBackend.write(tree, c.tree.backend, c.tree.root());
}

/** The saved checkpoint and the block-0 hash of its chain; undefined when there is none usable. */
export function readCheckpoint(
  path: string,
): { genesis: Genesis; genesisHash: string; checkpoint: Checkpoint; index: NodeIndex } | undefined {
  try {
    const saved = JSON.parse(readFileSync(path, "utf8"));
    const arrays = [saved?.accounts, saved?.storage, saved?.index?.hashes, saved?.index?.txs];
    if (
      saved?.version !== VERSION ||
      !arrays.every(Array.isArray) ||
      !Number.isSafeInteger(saved.transactions)
    )
      return undefined;
    const head = headerFromJson(saved.head);
    return {
      genesis: parseGenesis(saved.genesis),
      genesisHash: String(saved.genesisHash),
      checkpoint: {
        head,
        transactions: saved.transactions,
        accounts: saved.accounts,
        storage: saved.storage,
        tree: loadTreeInMemory(`${path.replace(/\.json$/, "")}.tree`, head.stateRoot),
      },
      index: saved.index,
    };
  } catch {
    return undefined; // missing or damaged: replay from genesis
  }
}
