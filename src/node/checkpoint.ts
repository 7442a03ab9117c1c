// The node's checkpoint: the state at a block it replayed itself, saved in its clone's .git so that
// a restart resumes there instead of replaying the chain from genesis. It trusts its own earlier work
// on this machine, nothing from the remote (docs/security.md).

import { readFileSync } from "node:fs";
import { headerFromJson, headerToJson } from "../chain/block.ts";
import { writeFileAtomic } from "../store/files.ts";
import type { Checkpoint } from "../store/replay.ts";

const VERSION = 2;

export function writeCheckpoint(path: string, genesisHash: string, c: Checkpoint): void {
  writeFileAtomic(
    path,
    JSON.stringify({
      version: VERSION,
      genesisHash,
      head: headerToJson(c.head),
      transactions: c.transactions,
      accounts: c.accounts,
      storage: c.storage,
    }),
  );
}

/** The saved checkpoint and the block-0 hash of its chain; undefined when there is none usable. */
export function readCheckpoint(path: string): { genesisHash: string; checkpoint: Checkpoint } | undefined {
  try {
    const saved = JSON.parse(readFileSync(path, "utf8"));
    if (saved?.version !== VERSION || typeof saved.head !== "object" || !Array.isArray(saved.accounts))
      return undefined;
    if (!Array.isArray(saved.storage)) return undefined;
    if (typeof saved.genesisHash !== "string" || !Number.isSafeInteger(saved.transactions)) return undefined;
    return {
      genesisHash: saved.genesisHash,
      checkpoint: {
        head: headerFromJson(saved.head),
        transactions: saved.transactions,
        accounts: saved.accounts,
        storage: saved.storage,
      },
    };
  } catch {
    return undefined; // missing or damaged: replay from genesis
  }
}
