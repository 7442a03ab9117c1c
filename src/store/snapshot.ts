// The state/ folder (docs/spec.md §6, docs/state.md): genesis.json, head.json (the head block's header),
// accounts/a/b/c/d/<address>.json (nonce, balance; contracts also code and storageRoot),
// storage/a/b/c/d/<address>/e/f/0/1/<slot>.json (one file per storage entry) and
// blocks/000/001/<number>.json, fanned out as layout.ts says. Canonical JSON everywhere; accounts and
// entries are read lazily, only when a block touches them, from the work tree or git's objects.

import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Header, headerFromJson } from "../chain/block.ts";
import { type Genesis, GenesisError, parseGenesis } from "../chain/genesis.ts";
import {
  type AccountFile,
  accountData,
  accountPath,
  blockPath,
  type SlotFile,
  slotValue,
  storageDir,
  storagePath,
} from "../chain/layout.ts";
import type { AccountData, StateSource } from "../chain/state.ts";
import { type FileKind, MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { type ObjectSource, workTreeSource } from "./source.ts";

export { accountPath, blockNumberOfPath, blockPath, storageDir, storagePath } from "../chain/layout.ts";

export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export type { AccountFile, SlotFile } from "../chain/layout.ts";

/** A pending transaction file: its path, its kind and its bytes. */
export type PendingFile = ReturnType<Snapshot["pendingFiles"]>[number];

export class Snapshot implements StateSource {
  private readonly cache = new Map<string, AccountFile | null>();
  private genesisCache: Genesis | undefined;

  /**
   * `root`: the chain's folder, where txs/ is read and where this process writes (state/, its caches).
   * `source`: where state/ is read from: that folder, or a commit's objects when the checkout leaves
   * state/ out of the work tree (the apply workflow, the node).
   */
  constructor(
    readonly root: string,
    readonly source: ObjectSource = workTreeSource(root),
  ) {}

  path(rel: string): string {
    return join(this.root, rel);
  }

  /** A state file, parsed (undefined: no such file); a damaged one is the user's to restore. */
  private readJson<T>(rel: string, text = this.source.read([rel])[0]): T | undefined {
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new StoreError(
        "E_STATE_EDITED",
        `${this.path(rel)} is not valid JSON`,
        "restore it with 'git checkout -- state'",
      );
    }
  }

  exists(): boolean {
    // a listing, not a read: a genesis allocating a million accounts is 60 MB
    return [...this.source.list("state/genesis.json")].length > 0;
  }

  genesis(): Genesis {
    if (this.genesisCache) return this.genesisCache;
    const text = this.source.read(["state/genesis.json"])[0];
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
    const doc = this.readJson<Record<string, unknown>>("state/head.json");
    if (doc === undefined)
      throw new StoreError(
        "E_NO_CHAIN",
        "state/head.json is missing: the chain has no block 0",
        "run 'tinychain init' to create it",
      );
    return headerFromJson(doc);
  }

  accountFile(address: string): AccountFile | undefined {
    let f = this.cache.get(address);
    if (f === undefined) {
      f = this.readJson<AccountFile>(accountPath(address)) ?? null;
      this.cache.set(address, f);
    }
    return f ?? undefined;
  }

  account(address: string): AccountData | undefined {
    return accountData(this.accountFile(address));
  }

  storage(address: string, key: string): string | undefined {
    const path = storagePath(address, key);
    const f = this.readJson<SlotFile>(path);
    if (f === undefined) return undefined;
    const value = slotValue(f, key);
    if (value !== undefined) return value;
    throw new StoreError(
      "E_STATE_EDITED",
      `${path} does not hold the entry ${JSON.stringify(key)} with a printed value: it was edited by hand`,
      "restore it with 'git checkout -- state'",
    );
  }

  /**
   * Every storage entry of a contract, sorted by key (for `account`, the node and rebuilding a storage
   * tree; a block reads only the entries it touches). Files outside their hash's folder are ignored.
   */
  storageEntries(address: string): [string, string][] {
    const dir = storageDir(address);
    const rels = [...this.source.list(dir)].filter((p) =>
      /^(?:[0-9a-f]\/){4}[0-9a-f]{64}\.json$/.test(p.slice(dir.length + 1)),
    );
    const texts = this.source.read(rels);
    const out: [string, string][] = [];
    for (const [i, rel] of rels.entries()) {
      const text = texts[i];
      if (text === undefined) continue;
      const f = this.readJson<SlotFile>(rel, text);
      if (typeof f?.key === "string" && typeof f.value === "string" && storagePath(address, f.key) === rel)
        out.push([f.key, f.value]);
    }
    return out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }

  /** Every address with a storage folder, sorted (verify checks each is a contract of the replay). */
  storageOwners(): string[] {
    const owners = new Set<string>();
    for (const path of this.source.list("state/storage")) {
      const owner = /^state\/storage\/(?:[0-9a-f]\/){4}(0x[0-9a-f]{40})\//.exec(path)?.[1];
      if (owner !== undefined && path.startsWith(`${storageDir(owner)}/`)) owners.add(owner);
    }
    return [...owners].sort();
  }

  /** Forget cached files (after this process rewrote them). */
  invalidate(): void {
    this.cache.clear();
    this.genesisCache = undefined; // it never changes, but a large alloc need not stay in memory
  }

  /** Every account address with a file, sorted; a file in the wrong folder is not an account. */
  allAddresses(): string[] {
    return [...this.addresses()].sort();
  }

  /** The same addresses, unsorted, as they are found (verify looks at a million one by one). */
  *addresses(): Generator<string> {
    for (const path of this.source.list("state/accounts")) {
      const address = /(0x[0-9a-f]{40})\.json$/.exec(path)?.[1];
      if (address !== undefined && accountPath(address) === path) yield address;
    }
  }

  blockRecord(n: number): BlockRecord | undefined {
    return this.readJson<BlockRecord>(blockPath(n));
  }

  /**
   * The pending transaction files' paths: everything in txs/ but .gitkeep, sorted. txs/ is read from
   * the folder, where a pull request's files land (the store's source holds state/).
   */
  pendingPaths(): string[] {
    const dir = this.path("txs");
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .sort()
      .filter((name) => name !== ".gitkeep")
      .map((name) => `txs/${name}`);
  }

  /** The pending transaction files, with what kind of file each is and its bytes. */
  pendingFiles() {
    return this.pendingPaths().map((path) => ({ path, ...readTransactionFile(this.path(path)) }));
  }
}

/**
 * A transaction file as the chain reads the files of txs/ (and the CLI a file named to it): its kind (a
 * symlink is never followed), and its bytes; a file over the size limit is read as the limit plus one
 * zero bytes, never in full, and the core refuses it by its size alone.
 */
export function readTransactionFile(path: string): { kind: FileKind; bytes: Uint8Array } {
  const st = lstatSync(path);
  const kind: FileKind = st.isSymbolicLink() ? "symlink" : st.isFile() ? "file" : "other";
  if (kind !== "file") return { kind, bytes: new Uint8Array() };
  if (st.size > MAX_TX_FILE_BYTES) return { kind, bytes: new Uint8Array(MAX_TX_FILE_BYTES + 1) };
  return { kind, bytes: new Uint8Array(readFileSync(path)) };
}

/** A block as stored in its file (blockPath). */
export interface BlockRecord {
  header: Record<string, unknown>;
  /** included transactions, in execution order: the file path and the file's exact text */
  transactions: { file: string; id: string; content: string }[];
  receipts: Record<string, unknown>[];
  rejected: { file: string; id: string | null; code: string; message: string; content: string | null }[];
  /** the action's attestation of how each transaction came in (docs/sequencer.md) */
  sequencing?: Record<string, unknown>[];
}
