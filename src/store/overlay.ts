// A block's account changes as state files: the overlay of account files a replay or an apply sees
// (staged versions over what is on disk), the storage entries kept in memory, and the file writes a
// block stages. Shared by apply (ledger.ts, which commits the writes through journal.ts) and by
// verify's and the node's replay (replay.ts, which writes nothing).

import type { AccountChange } from "../chain/block-transition.ts";
import { canonicalJson } from "../chain/canonical-json.ts";
import { ZERO_HEX } from "../chain/merkle.ts";
import { type AccountFile, accountPath, storagePath } from "./snapshot.ts";

/** File writes staged in memory (path → content, or null to delete), committed all at once. */
export type Writes = Map<string, string | null>;

/** The account files as this apply sees them: staged versions over what is on disk. */
export type Overlay = Map<string, AccountFile | null>;
/** Storage entries kept in memory (verify's replay, the node): address → key → value. */
export type SlotOverlay = Map<string, Map<string, string>>;

/**
 * Turns a block's account changes (from the chain's commitState) into files: the account file with
 * its new fields and storageRoot, and one file per written slot (deleted when the slot is). Only
 * account files whose text changes are written (docs/spec.md §6). Returns the changed account files, null for
 * an account that is gone.
 */
export function persistChanges(
  base: (address: string) => AccountFile | undefined,
  changes: AccountChange[],
  overlay: Overlay,
  /** the files to write; undefined when nothing is written (verify's and the node's replay) */
  writes: Writes | undefined,
  slotOverlay?: SlotOverlay,
): (readonly [string, AccountFile | null])[] {
  return changes.map(({ address, account, slots, storageRoot }) => {
    const old = overlay.has(address) ? (overlay.get(address) ?? undefined) : base(address);
    if (account === null) {
      overlay.set(address, null);
      if (old) writes?.set(accountPath(address), null);
      return [address, null] as const;
    }
    let kept = slotOverlay?.get(address);
    if (slotOverlay && !kept && slots.length > 0) slotOverlay.set(address, (kept = new Map()));
    for (const [k, v] of slots) {
      writes?.set(storagePath(address, k), v === null ? null : canonicalJson({ key: k, value: v }));
      if (v === null) kept?.delete(k);
      else kept?.set(k, v);
    }
    const next: AccountFile = { nonce: account.nonce, balance: account.balance.toString() };
    if (account.code !== null) next.code = account.code;
    if (storageRoot !== ZERO_HEX) next.storageRoot = storageRoot;
    overlay.set(address, next);
    if (writes) {
      const text = canonicalJson(next);
      if (!old || canonicalJson(old) !== text) writes.set(accountPath(address), text);
    }
    return [address, next] as const;
  });
}
