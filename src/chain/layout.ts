// Where each file of state/ lives (docs/state.md): accounts and each contract's storage entries fanned
// out by four hex digits, one a folder; blocks a thousand to a folder. No folder holds more than 1,000
// entries at any scale a year reaches, and a change rewrites small git trees only. Part of the protocol
// (the page in a browser reads the same paths), so pure: listing the folders is the store's.

import { bytesToHex, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";

/**
 * The fan-out of a hex name: its first four hex digits as four folders (`a/b/c/d/`). Sixteen entries
 * a folder down to the last, which holds n / 65,536 names (15 at a million), so a change rewrites
 * small git trees at every level: a 256-way folder would be rewritten whole (8 KB) for each change.
 */
const fan = (hex: string) => `${hex[0]}/${hex[1]}/${hex[2]}/${hex[3]}`;

/** Where an account lives: `state/accounts/a/b/c/d/0xabcd….json` (docs/state.md). */
export const accountPath = (address: string) => `state/accounts/${fan(address.slice(2))}/${address}.json`;

/**
 * A contract's code as a file of its own, `state/code/a/b/c/d/0x….lisp`: written by the explorer when
 * the contract is deployed (outside the state root, like state/README.md), so GitHub shows it with line
 * numbers and a receipt's `at LINE:COL` can be found in it.
 */
export const codePath = (address: string) => `state/code/${fan(address.slice(2))}/${address}.lisp`;

/** The folder of one contract's storage: fanned out like the accounts. */
export const storageDir = (address: string) => `state/storage/${fan(address.slice(2))}/${address}`;

/**
 * Where one storage entry lives: named by keccak256 of its printed key (its path in the storage
 * tree), fanned out by that hash's first two bytes, so a contract with a million entries keeps about
 * fifteen per folder and a write rewrites that entry's bytes only.
 */
export function storagePath(address: string, key: string): string {
  const h = bytesToHex(keccak256(utf8(key)));
  return `${storageDir(address)}/${fan(h)}/${h}.json`;
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

/**
 * An account as the state reads it from its file (undefined: no file, no account); its code is the
 * canonical printed contract source, or null for an externally owned account.
 */
export const accountData = (f: AccountFile | null | undefined) =>
  f ? { nonce: f.nonce, balance: BigInt(f.balance), code: f.code ?? null } : undefined;

/** An account as stored: what the state files hold. */
export type AccountData = NonNullable<ReturnType<typeof accountData>>;

/** The printed value a storage file holds for `key`; undefined when it holds anything else (a hand edit). */
export const slotValue = (f: SlotFile, key: string): string | undefined =>
  f?.key === key && typeof f.value === "string" ? f.value : undefined;
