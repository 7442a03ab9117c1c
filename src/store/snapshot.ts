// The state/ folder (SPEC 6, docs/state.md): genesis.json, head.json (the head block's header),
// accounts/ab/cd/<address>.json (nonce, balance; contracts also code and storageRoot),
// storage/ab/cd/<address>/ef/01/<slot>.json (one file per storage entry) and
// blocks/000/001/<number>.json: fanned out so that git and GitHub carry them at any scale a year reaches.
// Canonical JSON everywhere; accounts and slots are read lazily, only when a block touches them.

import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Header, headerFromJson } from "../chain/block.ts";
import { canonicalJson } from "../chain/canonical-json.ts";
import { type Genesis, GenesisError, parseGenesis } from "../chain/genesis.ts";
import type { AccountData, StateSource } from "../chain/state.ts";
import { type FileKind, MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { bytesToHex, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
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
  /** the root of the contract's storage tree; absent when it stores nothing */
  storageRoot?: string;
}

/** A storage entry's file: the printed key and the printed value. */
export interface SlotFile {
  key: string;
  value: string;
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

/** The folder of one contract's storage: fanned out like the accounts. */
export const storageDir = (address: string) =>
  `state/storage/${address.slice(2, 4)}/${address.slice(4, 6)}/${address}`;

/**
 * Where one storage entry lives: named by keccak256 of its printed key (its path in the storage
 * tree), fanned out by that hash's first two bytes, so a contract with a million entries keeps about
 * fifteen per folder and a write rewrites that entry's bytes only.
 */
export function storagePath(address: string, key: string): string {
  const h = bytesToHex(keccak256(utf8(key)));
  return `${storageDir(address)}/${h.slice(0, 2)}/${h.slice(2, 4)}/${h}.json`;
}

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
    return this.readText("state/genesis.json") !== undefined;
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
    return f ? { nonce: f.nonce, balance: BigInt(f.balance), code: f.code ?? null } : undefined;
  }

  storage(address: string, key: string): string | undefined {
    const path = storagePath(address, key);
    const text = this.readText(path);
    if (text === undefined) return undefined;
    const f = parseStateFile<SlotFile>(this.path(path), text);
    if (f?.key !== key || typeof f.value !== "string")
      throw new StoreError(
        "E_STATE_EDITED",
        `${path} does not hold the entry ${JSON.stringify(key)}: it was edited by hand`,
        "restore it with 'git checkout -- state'",
      );
    return f.value;
  }

  /**
   * Every storage entry of a contract, sorted by key (for `account`, the node and rebuilding a storage
   * tree; a block reads only the entries it touches). Files outside their hash's folder are ignored.
   */
  storageEntries(address: string): [string, string][] {
    const root = this.path(storageDir(address));
    const out: [string, string][] = [];
    for (const [a, b, name] of walkFanOut(root, /^[0-9a-f]{64}\.json$/)) {
      const text = readTextIfExists(join(root, a, b, name))!;
      const f = parseStateFile<SlotFile>(join(root, a, b, name), text);
      if (
        typeof f?.key === "string" &&
        typeof f.value === "string" &&
        storagePath(address, f.key).endsWith(`/${a}/${b}/${name}`)
      )
        out.push([f.key, f.value]);
    }
    return out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }

  /** Every address with a storage folder, sorted (verify checks each is a contract of the replay). */
  storageOwners(): string[] {
    return this.fanOut("state/storage", /^0x[0-9a-f]{40}$/, true)
      .filter(([a, b, name]) => storageDir(name) === `state/storage/${a}/${b}/${name}`)
      .map(([, , name]) => name)
      .sort();
  }

  /** The `ab/cd/<name>` entries under a fanned-out folder: of the work tree, or of the commit. */
  private fanOut(dir: string, name: RegExp, folders = false): [string, string, string][] {
    const here = walkFanOut(this.path(dir), name, folders);
    if (!this.committed) return here;
    const out = new Set(here.map((e) => e.join("/")));
    for (const rel of this.committed.list(dir)) {
      const parts = rel.slice(dir.length + 1).split("/");
      if (parts.length < 3 || !/^[0-9a-f]{2}$/.test(parts[0]!) || !/^[0-9a-f]{2}$/.test(parts[1]!)) continue;
      if (name.test(parts[2]!) && (folders ? parts.length > 3 : parts.length === 3))
        out.add(parts.slice(0, 3).join("/"));
    }
    return [...out].map((e) => e.split("/") as [string, string, string]);
  }

  /** Forget cached files (after this process rewrote them). */
  invalidate(): void {
    this.cache.clear();
  }

  /** Every address with an account file (for verify and the explorer; not used by blocks). */
  /** Every account address with a file, sorted; a file in the wrong folder is not an account. */
  allAddresses(): string[] {
    const out: string[] = [];
    for (const [a, b, f] of this.fanOut("state/accounts", /^0x[0-9a-f]{40}\.json$/)) {
      const address = f.slice(0, -5);
      if (accountPath(address) === `state/accounts/${a}/${b}/${f}`) out.push(address);
    }
    return out.sort();
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

/**
 * The entries two hex-named folder levels below `root` (`ab/cd/<name>`) whose name matches: the
 * accounts' and the storage's fan-out.
 */
function walkFanOut(root: string, name: RegExp, folders = false): [string, string, string][] {
  if (!existsSync(root)) return [];
  const hexDirs = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))
      .map((e) => e.name);
  const out: [string, string, string][] = [];
  for (const a of hexDirs(root))
    for (const b of hexDirs(join(root, a)))
      for (const e of readdirSync(join(root, a, b), { withFileTypes: true }))
        if (name.test(e.name) && e.isDirectory() === folders) out.push([a, b, e.name]);
  return out;
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

export function slotFileText(key: string, value: string): string {
  return canonicalJson({ key, value });
}
