// The node's indexes of its served blocks (docs/rpc.md "Events", "Transactions"): every log (for
// tinychain_getLogs), with posting lists per contract address, per event name and per pair; and every
// transaction (for tinychain_getTransactions), with a posting list per account it concerns. A query
// finds its first match by binary search in the one list that answers it and reads on from there (up
// the chain, or down it), so it costs the entries it returns (and a logarithm of the chain), not a pass
// over the chain's blocks. ServedIndex holds them with the blocks' hashes and transaction ids: what
// the node knows of the blocks it served, to answer without reading their files. Built as blocks
// replay, saved with the checkpoint (checkpoint.ts) and loaded from it, so a restart reads no block
// file to rebuild it.

import { headerFromJson } from "../chain/block.ts";
import { accountsOf } from "../client/history.ts";
import type { Status } from "../client/types.ts";
import type { BlockRecord } from "../store/snapshot.ts";

/** The most entries one call answers; a `cursor` pages on (as providers bound eth_getLogs). */
export const MAX_LOGS = 1_000;

/** Where an entry is: its block, its transaction's position there, the log's in the receipt (0 for a transaction). */
export type Position = [block: number, tx: number, log: number];

interface Entry {
  block: number;
  tx: number;
  log: number;
  id: string;
}

export interface IndexedLog extends Entry {
  address: string;
  event: string;
  args: string[];
}

export interface IndexedTx extends Entry {
  from: string;
  nonce: number;
  status: Status;
  /** the accounts it concerns (client/history.ts accountsOf): its posting lists */
  accounts: string[];
}

export interface Query {
  fromBlock: number;
  toBlock: number;
  limit: number;
  /** down the chain, newest first */
  descending?: boolean;
  /** where to start (that entry included): a position as a previous answer's cursor gave it */
  start?: Position;
}

/** A saved log: [block, tx, log, transaction id, address, event, args]. */
export type LogRow = [number, number, number, string, string, string, string[]];
/** A saved transaction: [block, tx, id, from, nonce, status, accounts]. */
export type TxRow = [number, number, string, string, number, Status, string[]];

const comparePositions = (a: Position, b: Position) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const compare = (e: Entry, p: Position) => comparePositions([e.block, e.tx, e.log], p);

export const cursorOf = (e: Entry, parts = 3) => [e.block, e.tx, e.log].slice(0, parts).join("-");

/** A cursor's position (BLOCK-TX-LOG of a log, BLOCK-TX of a transaction: `parts`), or undefined when
 *  it is not one. Any position is a place to start from: a cursor names where, not what was answered. */
export function parseCursor(text: string, parts: 2 | 3): Position | undefined {
  const m = /^(0|[1-9][0-9]{0,14})-(0|[1-9][0-9]{0,8})(?:-(0|[1-9][0-9]{0,8}))?$/.exec(text);
  return m && (m[3] === undefined) === (parts === 2)
    ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]
    : undefined;
}

const whole = (...xs: unknown[]) => xs.every((x) => Number.isSafeInteger(x) && (x as number) >= 0);
const texts = (...xs: unknown[]) => xs.every((x) => typeof x === "string");

/** What an index holds of each block, and how its entries are saved in the checkpoint. */
interface Shape<E extends Entry, R> {
  /** the posting lists an entry is in */
  keysOf: (e: E) => string[];
  /** the entries of block n, in order */
  entriesOf: (n: number, record: BlockRecord) => E[];
  /** an entry as saved, and a saved row as an entry (undefined: the row is not one) */
  rowOf: (e: E) => R;
  entryOf: (row: R) => E | undefined;
}

/** Entries in chain order, a posting list per key; blocks come in order (a replay, or a resume's rows). */
export class PostingIndex<E extends Entry, R> {
  private readonly entries: E[] = [];
  private readonly lists = new Map<string, number[]>();

  constructor(private readonly shape: Shape<E, R>) {}

  /** Indexes the entries of the next block, n. */
  addBlock(n: number, record: BlockRecord): void {
    for (const e of this.shape.entriesOf(n, record)) this.push(e);
  }

  private push(e: E): void {
    const at = this.entries.length;
    this.entries.push(e);
    for (const key of this.shape.keysOf(e)) {
      let l = this.lists.get(key);
      if (!l) this.lists.set(key, (l = []));
      l.push(at);
    }
  }

  /**
   * The entries of the list `key` (every entry: undefined) from `start` (or the range's first block,
   * descending its last) on, at most `limit`; `next` is the match after the last one returned, if any.
   */
  find(key: string | undefined, q: Query): { found: E[]; next: E | undefined } {
    const list = key === undefined ? undefined : this.lists.get(key);
    if (key !== undefined && !list) return { found: [], next: undefined };
    const length = list ? list.length : this.entries.length;
    const at = (i: number) => this.entries[list ? list[i]! : i]!;
    const down = q.descending === true;
    const edge: Position = down ? [q.toBlock, Infinity, Infinity] : [q.fromBlock, 0, 0];
    const from = q.start && comparePositions(q.start, edge) * (down ? -1 : 1) > 0 ? q.start : edge;
    // up: the first entry at or after `from`; down: the first after it, less one
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(at(mid), from) < (down ? 1 : 0)) lo = mid + 1;
      else hi = mid;
    }
    const found: E[] = [];
    for (let i = down ? lo - 1 : lo; i >= 0 && i < length; i += down ? -1 : 1) {
      const e = at(i);
      if (down ? e.block < q.fromBlock : e.block > q.toBlock) break;
      if (found.length === q.limit) return { found, next: e };
      found.push(e);
    }
    return { found, next: undefined };
  }

  /** The index as saved in the node's checkpoint. */
  rows(): R[] {
    return this.entries.map(this.shape.rowOf);
  }

  /** Loads saved rows of `blocks` blocks into an empty index; throws on rows out of order or of the
   *  wrong shape. */
  load(rows: R[], blocks: number): void {
    let last: E | undefined;
    for (const row of rows) {
      const e = Array.isArray(row) ? this.shape.entryOf(row) : undefined;
      if (!e || e.block >= blocks || (last && compare(e, [last.block, last.tx, last.log]) <= 0))
        throw new Error("the checkpoint's index is damaged");
      this.push(e);
      last = e;
    }
  }
}

/** The list of the logs of an address, of an event, or of both ("ADDRESS ", " EVENT", "ADDRESS EVENT":
 *  neither holds a space); undefined for every log. */
export const logList = (address?: string, event?: string) =>
  (address ?? event) ? `${address ?? ""} ${event ?? ""}` : undefined;

/** Every log, listed by its address, its event and both. */
export const LOGS: Shape<IndexedLog, LogRow> = {
  keysOf: (e) => [`${e.address} `, ` ${e.event}`, `${e.address} ${e.event}`],
  entriesOf: (block, record) =>
    record.receipts.flatMap((r, tx) => {
      const logs = (r as { logs?: Omit<IndexedLog, keyof Entry>[] }).logs ?? [];
      const id = String(r.id);
      return logs.map(({ address, event, args }, log) => ({ block, tx, log, id, address, event, args }));
    }),
  rowOf: (e) => [e.block, e.tx, e.log, e.id, e.address, e.event, e.args],
  entryOf: ([block, tx, log, id, address, event, args]) =>
    whole(block, tx, log) && texts(id, address, event) && Array.isArray(args)
      ? { block, tx, log, id, address, event, args }
      : undefined,
};

/** Every transaction, listed by each account it concerns. */
export const TXS: Shape<IndexedTx, TxRow> = {
  keysOf: (e) => e.accounts,
  entriesOf: (block, record) =>
    record.receipts.map((r, tx) => {
      const { id, from, nonce, status } = r as { id: string; from: string; nonce: number; status: Status };
      return { block, tx, log: 0, id, from, nonce, status, accounts: accountsOf(r) };
    }),
  rowOf: (e) => [e.block, e.tx, e.id, e.from, e.nonce, e.status, e.accounts],
  entryOf: ([block, tx, id, from, nonce, status, accounts]) =>
    whole(block, tx, nonce, status) && Array.isArray(accounts) && texts(id, from, ...accounts)
      ? { block, tx, log: 0, id, from, nonce, status, accounts }
      : undefined,
};

/** What the node knows of the blocks it served, to answer by hash, by transaction id and by account. */
export type NodeIndex = ReturnType<ServedIndex["save"]>;

export class ServedIndex {
  /** each block's hash, by number; and its number by hash */
  readonly hashes: string[] = [];
  readonly byHash = new Map<string, number>();
  readonly byTx = new Map<string, number>();
  readonly logs = new PostingIndex(LOGS);
  readonly txs = new PostingIndex(TXS);

  /** Indexes the next block (blocks come in order, from 0). */
  add(record: BlockRecord): void {
    const h = headerFromJson(record.header);
    const blocks = this.hashes.length;
    if (h.number !== blocks)
      throw new Error(`the index holds ${blocks} blocks; block ${h.number} is not next`);
    this.hashes.push(h.hash);
    this.byHash.set(h.hash, h.number);
    for (const t of record.transactions) this.byTx.set(t.id, h.number);
    this.logs.addBlock(h.number, record);
    this.txs.addBlock(h.number, record);
  }

  /** The index as the checkpoint keeps it: the block hashes by number, and every transaction and every
   *  log of the served blocks, in chain order. */
  save(): { hashes: string[]; txs: TxRow[]; logs: LogRow[] } {
    return { hashes: this.hashes, txs: this.txs.rows(), logs: this.logs.rows() };
  }

  /** Loads a saved index of blocks 0…head into an empty one; throws when it is not one. */
  load(saved: NodeIndex, head: number): void {
    if (saved.hashes.length !== head + 1) throw new Error("the checkpoint's index is not of its head");
    saved.hashes.forEach((hash, n) => {
      this.hashes.push(hash);
      this.byHash.set(hash, n);
    });
    this.logs.load(saved.logs, head + 1);
    this.txs.load(saved.txs, head + 1);
    for (const [block, , id] of saved.txs) this.byTx.set(id, block);
  }
}
