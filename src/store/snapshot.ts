// The state/ folder (SPEC 6, docs/state.md): genesis.json, head.json (the head block's header),
// accounts/ab/cd/<address>.json (nonce, balance; contracts also code and storage), and
// blocks/000/001/<number>.json: fanned out so that git and GitHub carry them at any scale a year reaches.
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

/**
 * Where an account lives: fanned out by the first two bytes of its address
 * (`state/accounts/ab/cd/0xabcd….json`), so no folder holds more than 256 entries until a leaf folder
 * does, at about 16 million accounts (docs/state.md): git writes a small tree per changed folder,
 * and GitHub lists every folder.
 */
export const accountPath = (address: string) =>
  `state/accounts/${address.slice(2, 4)}/${address.slice(4, 6)}/${address}.json`;

/** Where a block lives: a thousand blocks per folder (`state/blocks/000/001/00001234.json`). */
export const blockPath = (n: number) => {
  const padded = String(n).padStart(8, "0");
  const thousands = Math.floor(n / 1000);
  return `state/blocks/${String(Math.floor(thousands / 1000)).padStart(3, "0")}/${String(thousands % 1000).padStart(3, "0")}/${padded}.json`;
};

/** The block number of a block file's path, or undefined when the path is not one. */
export function blockNumberOfPath(path: string): number | undefined {
  const m = /^state\/blocks\/(\d{3})\/(\d{3})\/(\d{8,})\.json$/.exec(path);
  if (!m) return undefined;
  const n = Number(m[3]);
  return blockPath(n) === path ? n : undefined;
}

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
  /** Every account address with a file, sorted; a file in the wrong folder is not an account. */
  allAddresses(): string[] {
    const root = this.path("state/accounts");
    if (!existsSync(root)) return [];
    const out: string[] = [];
    const hexDirs = (dir: string) =>
      readdirSync(dir, { withFileTypes: true }).filter(
        (e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name),
      );
    for (const a of hexDirs(root))
      for (const b of hexDirs(join(root, a.name)))
        for (const f of readdirSync(join(root, a.name, b.name))) {
          const address = f.slice(0, -5);
          if (
            /^0x[0-9a-f]{40}\.json$/.test(f) &&
            accountPath(address) === `state/accounts/${a.name}/${b.name}/${f}`
          )
            out.push(address);
        }
    return out.sort();
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

/** A block as stored in its file (blockPath). */
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
