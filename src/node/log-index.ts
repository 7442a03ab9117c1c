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

/** A log, as the index holds it and the checkpoint saves it. */
export type LogRow = [
  block: number,
  tx: number,
  log: number,
  id: string,
  address: string,
  event: string,
  args: string[],
];
/** A transaction, as the index holds it and the checkpoint saves it: `accounts` are the ones it concerns
 *  (client/history.ts accountsOf), its posting lists. */
export type TxRow = [
  block: number,
  tx: number,
  id: string,
  from: string,
  nonce: number,
  status: Status,
  accounts: string[],
];
type Row = LogRow | TxRow;

export interface Query {
  fromBlock: number;
  toBlock: number;
  limit: number;
  /** down the chain, newest first */
  descending?: boolean;
  /** where to start (that entry included): a position as a previous answer's cursor gave it */
  start?: Position;
}

/** A row's position: a log's third field is its place in the receipt, a transaction's its id. */
const positionOf = (r: Row): Position => [r[0], r[1], typeof r[2] === "number" ? r[2] : 0];
const comparePositions = (a: Position, b: Position) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** A row's cursor: BLOCK-TX-LOG of a log, BLOCK-TX of a transaction. */
export const cursorOf = (r: Row) => r.slice(0, typeof r[2] === "number" ? 3 : 2).join("-");

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

/** What an index holds of each block. */
interface Kind<R extends Row> {
  /** the posting lists a row is in */
  keysOf: (r: R) => string[];
  /** the rows of block n, in order */
  rowsOf: (n: number, record: BlockRecord) => R[];
  /** whether a saved row (of 7 fields) is one */
  valid: (r: R) => boolean;
}

/** Rows in chain order, a posting list per key; blocks come in order (a replay, or a resume's rows). */
export class PostingIndex<R extends Row> {
  /** every row, in chain order: the index as saved in the node's checkpoint */
  readonly rows: R[] = [];
  private readonly lists = new Map<string, number[]>();

  constructor(private readonly kind: Kind<R>) {}

  /** Indexes the rows of the next block, n. */
  addBlock(n: number, record: BlockRecord): void {
    for (const r of this.kind.rowsOf(n, record)) this.push(r);
  }

  private push(r: R): void {
    const at = this.rows.length;
    this.rows.push(r);
    for (const key of this.kind.keysOf(r)) {
      let l = this.lists.get(key);
      if (!l) this.lists.set(key, (l = []));
      l.push(at);
    }
  }

  /**
   * The rows of the list `key` (every row: undefined) from `start` (or the range's first block,
   * descending its last) on, at most `limit`; `next` is the match after the last one returned, if any.
   */
  find(key: string | undefined, q: Query): { found: R[]; next: R | undefined } {
    const list = key === undefined ? undefined : this.lists.get(key);
    if (key !== undefined && !list) return { found: [], next: undefined };
    const length = list ? list.length : this.rows.length;
    const at = (i: number) => this.rows[list ? list[i]! : i]!;
    const down = q.descending === true;
    const edge: Position = down ? [q.toBlock, Infinity, Infinity] : [q.fromBlock, 0, 0];
    const from = q.start && comparePositions(q.start, edge) * (down ? -1 : 1) > 0 ? q.start : edge;
    // up: the first row at or after `from`; down: the first after it, less one
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePositions(positionOf(at(mid)), from) < (down ? 1 : 0)) lo = mid + 1;
      else hi = mid;
    }
    const found: R[] = [];
    for (let i = down ? lo - 1 : lo; i >= 0 && i < length; i += down ? -1 : 1) {
      const r = at(i);
      if (down ? r[0] < q.fromBlock : r[0] > q.toBlock) break;
      if (found.length === q.limit) return { found, next: r };
      found.push(r);
    }
    return { found, next: undefined };
  }

  /** Loads saved rows of `blocks` blocks into an empty index; throws on rows out of order or of the
   *  wrong shape. */
  load(rows: R[], blocks: number): void {
    let last: Position | undefined;
    for (const r of rows) {
      const at = Array.isArray(r) && r.length === 7 && this.kind.valid(r) ? positionOf(r) : undefined;
      if (!at || at[0] >= blocks || (last && comparePositions(at, last) <= 0))
        throw new Error("the checkpoint's index is damaged");
      this.push(r);
      last = at;
    }
  }
}

/** The list of the logs of an address, of an event, or of both ("ADDRESS ", " EVENT", "ADDRESS EVENT":
 *  neither holds a space); undefined for every log. */
export const logList = (address?: string, event?: string) =>
  (address ?? event) ? `${address ?? ""} ${event ?? ""}` : undefined;

/** Every log, listed by its address, its event and both. */
export const LOGS: Kind<LogRow> = {
  keysOf: (r) => [`${r[4]} `, ` ${r[5]}`, `${r[4]} ${r[5]}`], // by index: no array iterator per log
  rowsOf: (block, record) =>
    record.receipts.flatMap((r, tx) => {
      const logs = (r as { logs?: { address: string; event: string; args: string[] }[] }).logs ?? [];
      const id = String(r.id);
      return logs.map(({ address, event, args }, log): LogRow => [block, tx, log, id, address, event, args]);
    }),
  valid: ([block, tx, log, id, address, event, args]) =>
    whole(block, tx, log) && texts(id, address, event) && Array.isArray(args),
};

/** Every transaction, listed by each account it concerns. */
export const TXS: Kind<TxRow> = {
  keysOf: (r) => r[6],
  rowsOf: (block, record) =>
    record.receipts.map((r, tx) => {
      const { id, from, nonce, status } = r as { id: string; from: string; nonce: number; status: Status };
      return [block, tx, id, from, nonce, status, accountsOf(r)];
    }),
  valid: ([block, tx, id, from, nonce, status, accounts]) =>
    whole(block, tx, nonce, status) && Array.isArray(accounts) && texts(id, from, ...accounts),
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
    return { hashes: this.hashes, txs: this.txs.rows, logs: this.logs.rows };
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
