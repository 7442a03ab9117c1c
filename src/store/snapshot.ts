// The state/ folder (docs/spec.md §6, docs/state.md): genesis.json, head.json (the head block's header),
// accounts/a/b/c/d/<address>.json (nonce, balance; contracts also code and storageRoot),
// storage/a/b/c/d/<address>/e/f/0/1/<slot>.json (one file per storage entry) and
// blocks/000/001/<number>.json, fanned out as layout.ts says. Canonical JSON everywhere; accounts and
// entries are read lazily, only when a block touches them, from the work tree or git's objects.

import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Header, headerFromJson } from "../chain/block.ts";
import { canonicalJson } from "../chain/canonical-json.ts";
import { type Genesis, GenesisError, parseGenesis } from "../chain/genesis.ts";
import {
  type AccountFile,
  accountData,
  accountPath,
  blockPath,
  FAN_DEPTH,
  type SlotFile,
  slotValue,
  storageDir,
  storagePath,
} from "../chain/layout.ts";
import type { AccountData, StateSource } from "../chain/state.ts";
import { type FileKind, MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { readTextIfExists } from "./files.ts";

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

export interface PendingFile {
  path: string;
  bytes: Uint8Array;
  kind: FileKind;
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

/**
 * The committed files of a chain, for a checkout that does not have state/ in its work tree (the
 * apply workflow's sparse, blob-less checkout): read from git's objects, fetched as needed.
 */
export interface CommittedFiles {
  /** a file's text at the commit, or undefined when the commit has no such file */
  read(rel: string): string | undefined;
  /** many files' texts at once (one git process, the missing blobs fetched in one request) */
  readMany(rels: string[]): (string | undefined)[];
  /** the paths of the files under a folder at the commit */
  list(dir: string): string[];
}

export class Snapshot implements StateSource {
  private readonly cache = new Map<string, AccountFile | null>();
  private genesisCache: Genesis | undefined;

  /**
   * `committed`: where state files come from when the work tree does not have them. The work tree
   * wins, so the files this process wrote are read back as written.
   */
  constructor(
    readonly root: string,
    readonly committed?: CommittedFiles,
  ) {}

  path(rel: string): string {
    return join(this.root, rel);
  }

  /** A state file's text: from the work tree, else from the commit, else undefined. */
  readText(rel: string): string | undefined {
    return readTextIfExists(this.path(rel)) ?? this.committed?.read(rel);
  }

  /** Many state files at once: from the work tree, the rest from the commit in one batch. */
  readTexts(rels: string[]): (string | undefined)[] {
    const here = rels.map((rel) => readTextIfExists(this.path(rel)));
    if (!this.committed) return here;
    const missing = rels.filter((_, i) => here[i] === undefined);
    const committed = missing.length > 0 ? this.committed.readMany(missing) : [];
    let k = 0;
    return here.map((text) => text ?? committed[k++]);
  }

  exists(): boolean {
    // a stat, not a read: a genesis allocating a million accounts is 60 MB
    return (
      existsSync(this.path("state/genesis.json")) || this.committed?.read("state/genesis.json") !== undefined
    );
  }

  genesis(): Genesis {
    if (this.genesisCache) return this.genesisCache;
    const text = this.readText("state/genesis.json");
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
    const text = this.readText("state/head.json");
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
      const text = this.readText(accountPath(address));
      f = text === undefined ? null : parseStateFile<AccountFile>(this.path(accountPath(address)), text);
      this.cache.set(address, f);
    }
    return f ?? undefined;
  }

  account(address: string): AccountData | undefined {
    const f = this.accountFile(address);
    return f ? accountData(f) : undefined;
  }

  storage(address: string, key: string): string | undefined {
    const path = storagePath(address, key);
    const text = this.readText(path);
    if (text === undefined) return undefined;
    const value = slotValue(parseStateFile<SlotFile>(this.path(path), text), key);
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
    const rels = [...this.fanOut(dir, /^[0-9a-f]{64}\.json$/)].map(
      ([folder, name]) => `${dir}/${folder}/${name}`,
    );
    const texts = this.readTexts(rels);
    const out: [string, string][] = [];
    for (const [i, rel] of rels.entries()) {
      const text = texts[i];
      if (text === undefined) continue;
      const f = parseStateFile<SlotFile>(this.path(rel), text);
      if (typeof f?.key === "string" && typeof f.value === "string" && storagePath(address, f.key) === rel)
        out.push([f.key, f.value]);
    }
    return out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }

  /** Every address with a storage folder, sorted (verify checks each is a contract of the replay). */
  storageOwners(): string[] {
    return [...this.fanOut("state/storage", /^0x[0-9a-f]{40}$/, true)]
      .filter(([folder, name]) => storageDir(name) === `state/storage/${folder}/${name}`)
      .map(([, name]) => name)
      .sort();
  }

  /**
   * The `a/b/c/d/<name>` entries under a fanned-out folder, as [fan-out folder, name]: of the work
   * tree, or of the commit.
   */
  private fanOut(dir: string, name: RegExp, folders = false): Iterable<[string, string]> {
    const here = walkFanOut(this.path(dir), name, folders);
    if (!this.committed) return here;
    const out = new Set([...here].map((e) => e.join("/")));
    for (const rel of this.committed.list(dir)) {
      const parts = rel.slice(dir.length + 1).split("/");
      if (parts.length < FAN_DEPTH + 1 || !parts.slice(0, FAN_DEPTH).every((p) => /^[0-9a-f]$/.test(p)))
        continue;
      if (
        name.test(parts[FAN_DEPTH]!) &&
        (folders ? parts.length > FAN_DEPTH + 1 : parts.length === FAN_DEPTH + 1)
      )
        out.add(parts.slice(0, FAN_DEPTH + 1).join("/"));
    }
    return [...out].map((e) => {
      const at = e.lastIndexOf("/");
      return [e.slice(0, at), e.slice(at + 1)];
    });
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
    for (const [folder, f] of this.fanOut("state/accounts", /^0x[0-9a-f]{40}\.json$/)) {
      const address = f.slice(0, -5);
      if (accountPath(address) === `state/accounts/${folder}/${f}`) yield address;
    }
  }

  blockRecord(n: number): BlockRecord | undefined {
    const text = this.readText(blockPath(n));
    return text === undefined ? undefined : parseStateFile<BlockRecord>(this.path(blockPath(n)), text);
  }

  /** The pending transaction files: everything in txs/ but .gitkeep, with what kind of file it is. */
  pendingFiles(): PendingFile[] {
    const dir = this.path("txs");
    if (!existsSync(dir)) return [];
    const out: PendingFile[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (name === ".gitkeep") continue;
      out.push({ path: `txs/${name}`, ...readTransactionFile(join(dir, name)) });
    }
    return out;
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

export function accountFileText(f: AccountFile): string {
  return canonicalJson(f);
}

export function slotFileText(key: string, value: string): string {
  return canonicalJson({ key, value });
}

/**
 * The entries four one-hex-digit folder levels below `root` (`a/b/c/d/<name>`) whose name matches,
 * as [fan-out folder, name], folder by folder: the accounts' and the storage's fan-out.
 */
export function* walkFanOut(root: string, name: RegExp, folders = false): Generator<[string, string]> {
  if (!existsSync(root)) return;
  let level = [""];
  for (let d = 0; d < FAN_DEPTH; d++)
    level = level.flatMap((folder) =>
      readdirSync(join(root, folder), { withFileTypes: true })
        .filter((e) => e.isDirectory() && /^[0-9a-f]$/.test(e.name))
        .map((e) => (folder ? `${folder}/${e.name}` : e.name)),
    );
  // one leaf folder at a time: a million accounts are never listed at once
  for (const folder of level)
    for (const e of readdirSync(join(root, folder), { withFileTypes: true }))
      if (name.test(e.name) && e.isDirectory() === folders) yield [folder, e.name];
}
