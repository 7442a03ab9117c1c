// The state/ folder (SPEC 6, docs/state.md): genesis.json, head.json (the head block's header),
// accounts/<address>.json (nonce, balance; contracts also code and storage), blocks/<number>.json.
// Canonical JSON everywhere; accounts are read lazily, only when a block touches them.

import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Header, headerFromJson } from "../chain/block.ts";
import { canonicalJson } from "../chain/canonical-json.ts";
import { type Genesis, GenesisError, parseGenesis } from "../chain/genesis.ts";
import type { AccountData, StateSource } from "../chain/state.ts";
import { type FileKind, MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { readTextIfExists } from "./files.ts";

export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** An account file's content. */
export interface AccountFile {
  nonce: number;
  balance: string;
  code?: string;
  storage?: Record<string, string>;
}

export interface PendingFile {
  path: string;
  bytes: Uint8Array;
  kind: FileKind;
}

export const accountPath = (address: string) => `state/accounts/${address}.json`;
export const blockPath = (n: number) => `state/blocks/${String(n).padStart(8, "0")}.json`;

/** Parses a state file; a damaged one is the user's to restore, reported with its path. */
function parseStateFile<T>(path: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new StoreError(
      "E_STATE_EDITED",
      `${path} is not valid JSON`,
      "restore it with 'git checkout -- state'",
    );
  }
}

export class Snapshot implements StateSource {
  private readonly cache = new Map<string, AccountFile | null>();
  private genesisCache: Genesis | undefined;

  constructor(readonly root: string) {}

  path(rel: string): string {
    return join(this.root, rel);
  }

  exists(): boolean {
    return existsSync(this.path("state/genesis.json"));
  }

  genesis(): Genesis {
    if (this.genesisCache) return this.genesisCache;
    const text = readTextIfExists(this.path("state/genesis.json"));
    if (text === undefined)
      throw new StoreError(
        "E_NO_CHAIN",
        `no chain here: ${this.path("state/genesis.json")} does not exist`,
        "start one with 'tinychain init --chain-id N', or pass --chain DIR",
      );
    try {
      this.genesisCache = parseGenesis(JSON.parse(text));
    } catch (e) {
      if (e instanceof GenesisError || e instanceof SyntaxError)
        throw new StoreError("E_GENESIS", `state/genesis.json: ${e.message}`);
      throw e;
    }
    return this.genesisCache;
  }

  head(): Header {
    const text = readTextIfExists(this.path("state/head.json"));
    if (text === undefined)
      throw new StoreError(
        "E_NO_CHAIN",
        "state/head.json is missing: the chain has no block 0",
        "run 'tinychain init' to create it",
      );
    return headerFromJson(parseStateFile(this.path("state/head.json"), text));
  }

  accountFile(address: string): AccountFile | undefined {
    let f = this.cache.get(address);
    if (f === undefined) {
      const text = readTextIfExists(this.path(accountPath(address)));
      f = text === undefined ? null : parseStateFile<AccountFile>(this.path(accountPath(address)), text);
      this.cache.set(address, f);
    }
    return f ?? undefined;
  }

  account(address: string): AccountData | undefined {
    const f = this.accountFile(address);
    return f ? { nonce: f.nonce, balance: BigInt(f.balance), code: f.code ?? null } : undefined;
  }

  storage(address: string, key: string): string | undefined {
    return this.accountFile(address)?.storage?.[key];
  }

  /** Forget cached files (after this process rewrote them). */
  invalidate(): void {
    this.cache.clear();
  }

  /** Every address with an account file (for verify and the explorer; not used by blocks). */
  allAddresses(): string[] {
    const dir = this.path("state/accounts");
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => /^0x[0-9a-f]{40}\.json$/.test(f))
      .map((f) => f.slice(0, -5))
      .sort();
  }

  blockRecord(n: number): BlockRecord | undefined {
    const text = readTextIfExists(this.path(blockPath(n)));
    return text === undefined ? undefined : parseStateFile<BlockRecord>(this.path(blockPath(n)), text);
  }

  /** The pending transaction files: everything in txs/ but .gitkeep, with what kind of file it is. */
  pendingFiles(): PendingFile[] {
    const dir = this.path("txs");
    if (!existsSync(dir)) return [];
    const out: PendingFile[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (name === ".gitkeep") continue;
      const full = join(dir, name);
      const st = lstatSync(full);
      const kind: FileKind = st.isSymbolicLink() ? "symlink" : st.isFile() ? "file" : "other";
      const bytes =
        kind === "file" && st.size <= MAX_TX_FILE_BYTES + 1
          ? readFileSync(full)
          : new Uint8Array(st.isFile() ? MAX_TX_FILE_BYTES + 1 : 0);
      out.push({ path: `txs/${name}`, bytes: new Uint8Array(bytes), kind });
    }
    return out;
  }
}

/** A block as stored in state/blocks/<number>.json. */
export interface BlockRecord {
  header: Record<string, unknown>;
  /** included transactions, in execution order: the file path and the file's exact text */
  transactions: { file: string; id: string; content: string }[];
  receipts: Record<string, unknown>[];
  rejected: { file: string; id: string | null; code: string; message: string; content: string | null }[];
}

export function accountFileText(f: AccountFile): string {
  return canonicalJson(f);
}
