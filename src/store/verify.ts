// `verify` (docs/spec.md §6): replay every block from genesis and check every transaction, receipt, root, hash
// and parent link; the snapshot is a cache of the replay, so it is compared too. The first difference
// is reported with its block and field. Rebuilds the state tree's cache on the way.

import { canonicalJson } from "../chain/canonical-json.ts";
import { codePath } from "../chain/layout.ts";
import type { Overlay } from "./overlay.ts";
import { firstDifference, Mismatch, Replay, replayRange } from "./replay.ts";
import { accountPath, type Snapshot, StoreError, storageDir } from "./snapshot.ts";
import { saveTrees } from "./tree.ts";

/**
 * The chain replayed: its blocks, transactions and every block's hash by number (the history check
 * compares with them), or the first difference, with its block.
 */
export function verifyChain(snapshot: Snapshot, onBlock?: (n: number, of: number) => void) {
  let current = 0;
  try {
    const head = snapshot.head();
    const replay = new Replay(snapshot.genesis(), snapshot.blockRecord(0));
    snapshot.invalidate(); // the genesis's alloc is in the replay's state now
    const hashes = [replay.head.hash];
    replayRange(replay, 1, head.number, (n) => snapshot.blockRecord(n), {
      before: (n) => {
        current = n;
        onBlock?.(n, head.number);
      },
      after: () => hashes.push(replay.head.hash),
    });
    if (replay.head.hash !== head.hash)
      throw new Mismatch(
        head.number,
        `state/head.json (hash ${head.hash}) is not the last block (${replay.head.hash})`,
      );
    // the snapshot must be exactly the replayed state
    compareAccounts(snapshot, replay.overlay, replay.overlay.keys(), head.number);
    for (const address of snapshot.addresses())
      if (!replay.overlay.get(address))
        throw new Mismatch(head.number, `${accountPath(address)} is not part of the replayed state`);
    compareStorage(snapshot, replay, head.number);
    compareCode(snapshot, replay.overlay, head.number);
    saveTrees(snapshot, replay.trees.accounts, replay.trees.storageTrees);
    return { ok: true as const, blocks: head.number, transactions: replay.transactions, hashes };
  } catch (e) {
    if (e instanceof Mismatch) return { ok: false as const, block: e.block, reason: e.message };
    // a damaged file found on the way is a difference too, at the block being checked
    if (e instanceof StoreError) return { ok: false as const, block: current, reason: e.message };
    // so is a block file of the wrong shape (hostile input: JSON, but not a block), as the node says
    if (current > 0 && e instanceof Error)
      return { ok: false as const, block: current, reason: `block ${current} cannot be read: ${e.message}` };
    throw e;
  }
}

const COMPARE_BATCH = 10_000;

/** The texts of these files, read a batch at a time: a node's blob-less clone fetches a batch per request. */
function* readBatched(snapshot: Snapshot, paths: string[]): Generator<string | undefined> {
  for (let i = 0; i < paths.length; i += COMPARE_BATCH)
    yield* snapshot.source.read(paths.slice(i, i + COMPARE_BATCH));
}

/** Checks that the account files of these addresses are exactly the replayed ones. */
export function compareAccounts(
  snapshot: Snapshot,
  overlay: Overlay,
  addresses: Iterable<string>,
  block: number,
): void {
  const sorted = [...addresses].sort();
  const texts = readBatched(snapshot, sorted.map(accountPath));
  for (const address of sorted) {
    const f = overlay.get(address);
    const text = texts.next().value;
    if (!f) {
      if (text !== undefined)
        throw new Mismatch(block, `${accountPath(address)} exists, but the replay has no such account`);
      continue;
    }
    if (text === undefined) throw new Mismatch(block, `${accountPath(address)} is missing`);
    if (text !== canonicalJson(f)) {
      // only a difference is parsed (a parse of every file would keep a million of them)
      const file = snapshot.accountFile(address)!;
      throw new Mismatch(
        block,
        `${accountPath(address)} differs from the replay in field ${firstDifference(file, f)}`,
      );
    }
  }
}

/** Checks that every contract's slot files are exactly its replayed storage entries, and no more. */
function compareStorage(snapshot: Snapshot, replay: Replay, block: number): void {
  const owners = new Set(snapshot.storageOwners());
  for (const [address, slots] of [...replay.slots].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (slots.size === 0) continue;
    owners.delete(address);
    const files = new Map(snapshot.storageEntries(address));
    for (const [key, value] of slots) {
      const found = files.get(key);
      if (found === undefined)
        throw new Mismatch(
          block,
          `${storageDir(address)}/ is missing the storage entry ${JSON.stringify(key)}`,
        );
      if (found !== value)
        throw new Mismatch(
          block,
          `${storageDir(address)}/ holds ${JSON.stringify(key)} = ${found}, the replay ${value}`,
        );
      files.delete(key);
    }
    const extra = [...files.keys()][0];
    if (extra !== undefined)
      throw new Mismatch(
        block,
        `${storageDir(address)}/ holds ${JSON.stringify(extra)}, which the replay does not store`,
      );
  }
  const stray = [...owners].find((owner) => snapshot.storageEntries(owner).length > 0);
  if (stray !== undefined)
    throw new Mismatch(block, `${storageDir(stray)}/ is not the storage of any replayed contract`);
}

/**
 * Checks that every contract source under state/code/ (what the explorer links to, and a receipt's
 * `at LINE:COL` points into) is its contract's code as replayed, byte for byte: a reader trusts it as
 * the code that runs, though it is not part of the state root.
 */
function compareCode(snapshot: Snapshot, overlay: Overlay, block: number): void {
  const sorted = [...snapshot.source.list("state/code")]
    .filter((rel) => /^state\/code\/(?:[0-9a-f]\/){4}0x[0-9a-f]{40}\.lisp$/.test(rel))
    .sort();
  const texts = readBatched(snapshot, sorted);
  for (const rel of sorted) {
    const address = /(0x[0-9a-f]{40})\.lisp$/.exec(rel)?.[1];
    const code = address && codePath(address) === rel ? overlay.get(address)?.code : undefined;
    if (code === undefined)
      throw new Mismatch(block, `${rel} is not the code of any contract of the replayed state`);
    if (texts.next().value !== `${code}\n`)
      throw new Mismatch(block, `${rel} differs from the code of ${address} as replayed`);
  }
}
