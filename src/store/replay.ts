// Replaying the chain block by block from genesis, checking every transaction, receipt, root, hash
// and parent link on the way. `verify` replays the whole chain once; `tinychain node` keeps a replay
// and feeds it each new block before it serves that block. The replayed state lives in memory: the
// account files it implies (`overlay`), the storage entries (`slots`) and the trees over them.

import {
  attestationMismatch,
  type Header,
  headerFromJson,
  receiptRecord,
  receiptRootOfEncodings,
  txRoot,
} from "../chain/block.ts";
import { commitState, genesisHeader, nextBlockContext, validateHeader } from "../chain/block-transition.ts";
import { canonicalEncoding } from "../chain/canonical-json.ts";
import type { Genesis } from "../chain/genesis.ts";
import { genesisState } from "../chain/genesis-state.ts";
import { accountData } from "../chain/layout.ts";
import { accountLeafKey, accountLeafValue, hex, type StateTree, StateTrees } from "../chain/merkle.ts";
import { SNEED_ADDRESS } from "../chain/sneed.ts";
import { type AccountData, State, type StateSource } from "../chain/state.ts";
import { applyTransaction, type ParsedFile, parseFile, prepareParsed } from "../chain/transition.ts";
import { utf8 } from "../crypto/hex.ts";
import { type Overlay, persistChanges, type SlotOverlay } from "./overlay.ts";
import { recoverInBackground } from "./recover-pool.ts";
import { type AccountFile, type BlockRecord, blockPath } from "./snapshot.ts";
import { treeOf } from "./tree.ts";

/** A difference between a block as recorded and as replayed, with the block it was found in. */
export class Mismatch extends Error {
  constructor(
    readonly block: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** The first field where two JSON-like records differ, for messages like "receipt status differs". */
export function firstDifference<T extends object>(a: T, b: T): string {
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort() as (keyof T)[])
    if (canonicalEncoding(a[k] ?? null) !== canonicalEncoding(b[k] ?? null)) return k as string;
  return "(none)";
}

/** A block's transactions parsed (or why one does not parse) and their signers recovered, ahead of its replay. */
export type PreparedBlock = ReturnType<ReturnType<typeof readWindow>["finish"]>[number];

/**
 * How many transactions a window of blocks gathers before its signatures are recovered together. The
 * first window's reading and the last one's replay run on one core alone: smaller windows shorten them
 * (2,048 measured 1.70× on two cores, 512 1.77×), and each still splits well over two threads.
 */
const WINDOW_TXS = 512;

/**
 * Reads the next window of blocks from `first` (up to `to`; a block that cannot be read ends it),
 * parses their transactions and starts recovering their signatures in the worker; finish() joins in
 * and hands each block its signers. A block that does not parse throws its Mismatch when its turn
 * comes, not before.
 */
function readWindow(read: (n: number) => BlockRecord | undefined, first: number, to: number) {
  const records: (BlockRecord | undefined)[] = [];
  let unreadable: { error: unknown } | undefined;
  for (let count = 0; !unreadable && first + records.length <= to && count < WINDOW_TXS; )
    try {
      const record = read(first + records.length);
      records.push(record);
      if (!record) break; // the replay reports the missing block
      count += record.transactions?.length ?? 0;
    } catch (error) {
      unreadable = { error }; // and fails at its turn
    }
  const parsed = records.map((record, k) => {
    const out: ParsedFile[] = [];
    for (const t of record?.transactions ?? []) {
      const p = parseFile(t.file, utf8(t.content), "file");
      if ("error" in p)
        return new Mismatch(
          first + k,
          `transaction ${t.file} is invalid: ${p.error.code} ${p.error.message}`,
        );
      out.push(p);
    }
    return out;
  });
  const all = parsed.flatMap((p) => (p instanceof Mismatch ? [] : p));
  const background = recoverInBackground(
    all.map((p) => p.digest),
    all.map((p) => p.tx.signature),
  );
  return {
    first,
    records,
    unreadable,
    finish() {
      const signers = background.finish();
      let at = 0; // each block's signers follow the previous one's
      return parsed.map((p) => ({
        parsed: p,
        signers: p instanceof Mismatch ? [] : signers.slice(at, (at += p.length)),
      }));
    },
  };
}

/**
 * Replays blocks `from`…`to` (read one by one with `read`), recovering signatures a window of blocks
 * ahead. `before` hears of each block before it is replayed, `after` with the addresses it changed.
 * A block that cannot be read fails when its turn comes, after the blocks before it: the first
 * difference is still the one reported. Memory holds one window, not the chain.
 */
export function replayRange(
  replay: Replay,
  from: number,
  to: number,
  read: (n: number) => BlockRecord | undefined,
  hooks: {
    before?: (n: number) => void;
    after?: (n: number, record: BlockRecord, changed: string[]) => void;
  } = {},
): void {
  // pipelined: while this thread replays one window, the worker recovers the next one's signatures
  let current = readWindow(read, from, to);
  let ahead = current.finish();
  for (;;) {
    const nextFirst = current.first + current.records.length;
    const next = !current.unreadable && nextFirst <= to ? readWindow(read, nextFirst, to) : undefined;
    try {
      current.records.forEach((record, k) => {
        hooks.before?.(current.first + k);
        const changed = replay.apply(record, ahead[k]);
        hooks.after?.(current.first + k, record!, changed);
      });
    } finally {
      // never leave a batch in the worker: the next recovery would read its answer
      if (next) ahead = next.finish();
    }
    if (current.unreadable) {
      hooks.before?.(nextFirst);
      throw current.unreadable.error;
    }
    if (!next) return;
    current = next;
  }
}

/**
 * The replayed state at one block, to resume from without replaying the chain again: its head, its
 * accounts, every contract's storage entries, and the state tree of these accounts when the saver
 * kept it (else it is computed from them).
 */
type Checkpoint = Omit<ReturnType<Replay["checkpoint"]>, "tree"> & { tree?: StateTree };

export class Replay implements StateSource {
  readonly trees: StateTrees;
  /** every account of the replayed state, as its account file (null: the account became empty) */
  readonly overlay: Overlay = new Map();
  /** every storage entry of the replayed state */
  readonly slots: SlotOverlay = new Map();
  /** the state reads the accounts put in the overlay; its changes land there block by block */
  private readonly state = new State(this);
  /** the last block replayed */
  head: Header;
  transactions = 0;

  /** the genesis's settings; its alloc is in the state once block 0 is built (and a million of them is memory) */
  readonly genesis: Genesis;

  /**
   * Starts from the genesis state and checks block 0 against it; or, given a checkpoint (the state of
   * a block this program replayed itself earlier), resumes from that state.
   */
  constructor(genesis: Genesis, record0: BlockRecord | undefined, checkpoint?: Checkpoint) {
    this.genesis = { ...genesis, alloc: new Map() };
    this.trees = new StateTrees(checkpoint?.tree);
    const put = (address: string, file: AccountFile) => {
      this.overlay.set(address, file);
      // a tree kept with the checkpoint spares hashing every account again
      if (!checkpoint?.tree) this.trees.accounts.set(accountLeafKey(address), accountLeafValue(file));
    };
    if (checkpoint) {
      for (const [address, file] of checkpoint.accounts) put(address, file);
      // (storage trees are rebuilt: a contract whose entries do not hash to its storageRoot would
      // give the next block it writes a root other than its header's, and the node replays again)
      for (const [address, entries] of checkpoint.storage) {
        this.slots.set(address, new Map(entries));
        this.trees.storageTrees.set(address, treeOf(entries));
      }
      const root = hex(this.trees.accounts.root());
      if (root !== checkpoint.head.stateRoot)
        throw new Mismatch(
          checkpoint.head.number,
          `the checkpoint's accounts hash to ${root}, not to its block's root`,
        );
      this.head = checkpoint.head;
      this.transactions = checkpoint.transactions;
      return;
    }
    // the alloc's plain accounts go straight into the overlay and the tree; SneedToken (and an alloc
    // at its address) through the chain's genesis state. Block 0's root below checks the two agree.
    const system = (a: string) => a === SNEED_ADDRESS;
    this.commit(genesisState(genesis, system));
    for (const [address, amount] of genesis.alloc)
      if (!system(address) && amount !== 0n) put(address, { nonce: 0, balance: amount.toString() });
    if (!record0) throw new Mismatch(0, `${blockPath(0)} (block 0) is missing`);
    const h = headerFromJson(record0.header);
    const root = hex(this.trees.accounts.root());
    if (h.stateRoot !== root)
      throw new Mismatch(0, `stateRoot ${h.stateRoot} is not the genesis state's root ${root}`);
    const expected = genesisHeader(genesis, root);
    if (h.hash !== expected.hash)
      throw new Mismatch(
        0,
        `block 0 is not the genesis's block 0 (field ${firstDifference(h, expected)} differs)`,
      );
    this.head = h;
  }

  /** The replayed state now, to save and resume from. */
  checkpoint() {
    const accounts: [string, AccountFile][] = [];
    for (const [address, file] of this.overlay) if (file) accounts.push([address, file]);
    const storage: [string, [string, string][]][] = [];
    for (const [address, entries] of this.slots) if (entries.size > 0) storage.push([address, [...entries]]);
    return { head: this.head, transactions: this.transactions, accounts, storage, tree: this.trees.accounts };
  }

  /** The replayed state as a source for reads, views and simulations. */
  account(address: string): AccountData | undefined {
    return accountData(this.overlay.get(address));
  }

  storage(address: string, key: string): string | undefined {
    return this.slots.get(address)?.get(key);
  }

  /**
   * Replays the block after `head` and checks it against its record; returns the addresses it
   * changed. On a Mismatch the replay is left half-way and must be thrown away.
   */
  apply(record: BlockRecord | undefined, ahead: PreparedBlock): string[] {
    const n = this.head.number + 1;
    const prev = this.head;
    const genesis = this.genesis;
    if (!record) throw new Mismatch(n, `${blockPath(n)} is missing`);
    const h = headerFromJson(record.header);
    const wrong = validateHeader(genesis, prev, h) ?? attestationMismatch(h, record.sequencing);
    if (wrong) throw new Mismatch(n, wrong);
    const ctx = nextBlockContext(genesis, prev, h.timestamp);

    if (record.receipts.length !== record.transactions.length)
      throw new Mismatch(
        n,
        `${record.transactions.length} transactions but ${record.receipts.length} receipts`,
      );
    let gasUsed = 0;
    const records: string[] = [];
    const { parsed, signers } = ahead;
    if (parsed instanceof Mismatch) throw parsed;
    record.transactions.forEach((t, i) => {
      const p = prepareParsed(parsed[i]!, genesis.chainId, signers[i]);
      if ("error" in p)
        throw new Mismatch(n, `transaction ${t.file} is invalid: ${p.error.code} ${p.error.message}`);
      if (p.id !== t.id)
        throw new Mismatch(n, `transaction ${t.file} has id ${p.id}, the block records ${t.id}`);
      const r = applyTransaction(this.state, p, ctx);
      if (!("status" in r))
        throw new Mismatch(
          n,
          `transaction ${t.file} is invalid at its place in the block: ${r.code} ${r.message}`,
        );
      const rec = receiptRecord(r);
      const recorded = record.receipts[i] as Record<string, unknown>;
      // records are built in canonical key order, and block files are canonical JSON: a plain
      // stringify compares them; only a mismatch pays for the full canonical comparison
      const encoded = JSON.stringify(rec);
      if (encoded !== JSON.stringify(recorded) && encoded !== canonicalEncoding(recorded))
        throw new Mismatch(
          n,
          `the receipt of ${t.file} differs from the replay in field ${firstDifference(rec, recorded)}`,
        );
      records.push(encoded);
      gasUsed += r.gasUsed;
    });
    if (gasUsed !== h.gasUsed) throw new Mismatch(n, `gasUsed ${h.gasUsed} should be ${gasUsed}`);
    const tr = txRoot(record.transactions.map((t) => t.id));
    if (tr !== h.txRoot) throw new Mismatch(n, `txRoot ${h.txRoot} should be ${tr}`);
    const rr = receiptRootOfEncodings(records);
    if (rr !== h.receiptRoot) throw new Mismatch(n, `receiptRoot ${h.receiptRoot} should be ${rr}`);
    const changed = this.commit(this.state);
    const sr = hex(this.trees.accounts.root());
    if (sr !== h.stateRoot) throw new Mismatch(n, `stateRoot ${h.stateRoot} should be ${sr}`);
    this.head = h;
    this.transactions += record.transactions.length;
    return changed;
  }

  /** A state's changes into the trees and the in-memory files (nothing is written); the changed addresses. */
  private commit(state: State): string[] {
    return persistChanges(
      () => undefined,
      commitState(state, this.trees),
      this.overlay,
      undefined,
      this.slots,
    ).map(([address]) => address);
  }
}
