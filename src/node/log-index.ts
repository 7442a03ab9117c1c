// The node's index of events (tinychain_getLogs, docs/rpc.md "Events"): every log of every served
// block, in chain order, with posting lists per contract address, per event name and per pair. A query
// finds its first match by binary search in the shortest list that answers it and reads on from there,
// so it costs the logs it returns (and a logarithm of the chain), not a pass over the chain's blocks.

import type { BlockRecord } from "../store/snapshot.ts";

/** The most logs one tinychain_getLogs answers; a `cursor` pages on (as providers bound eth_getLogs). */
export const MAX_LOGS = 1_000;

export interface IndexedLog {
  block: number;
  /** the transaction's position in its block, and the log's in the transaction's receipt */
  tx: number;
  log: number;
  id: string;
  address: string;
  event: string;
  args: string[];
}

export interface LogFilter {
  address?: string;
  event?: string;
  fromBlock: number;
  toBlock: number;
  limit: number;
  /** where to start: a position (block, transaction, log) as a previous answer gave it */
  after?: Position;
}

export type Position = [block: number, tx: number, log: number];

/** A saved log: [block, tx, log, transaction id, address, event, args]. */
export type LogRow = [number, number, number, string, string, string, string[]];

const comparePositions = (a: Position, b: Position) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const compare = (e: IndexedLog, p: Position) => comparePositions([e.block, e.tx, e.log], p);

export const cursorOf = (e: IndexedLog) => `${e.block}-${e.tx}-${e.log}`;

/** A cursor's position, or undefined when it is not one. */
export function parseCursor(text: string): Position | undefined {
  const m = /^(0|[1-9][0-9]{0,14})-(0|[1-9][0-9]{0,8})-(0|[1-9][0-9]{0,8})$/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export class LogIndex {
  private logs: IndexedLog[] = [];
  private readonly byAddress = new Map<string, number[]>();
  private readonly byEvent = new Map<string, number[]>();
  private readonly byPair = new Map<string, number[]>();
  /** the position of the first log of each block (blocks without logs share the next one's) */
  private readonly firstOfBlock: number[] = [];
  /** each block's hash, by number */
  private hashes: string[] = [];

  /** How many blocks are indexed: the next block added must be this one. */
  get blocks(): number {
    return this.firstOfBlock.length;
  }

  get size(): number {
    return this.logs.length;
  }

  clear(): void {
    this.logs = [];
    this.byAddress.clear();
    this.byEvent.clear();
    this.byPair.clear();
    this.firstOfBlock.length = 0;
    this.hashes = [];
  }

  hashOf(n: number): string {
    return this.hashes[n]!;
  }

  /** Indexes the logs of the next block (blocks come in order: a replay, or a resume's saved rows). */
  addBlock(n: number, record: BlockRecord): void {
    if (n !== this.blocks)
      throw new Error(`the log index holds ${this.blocks} blocks; block ${n} is not next`);
    this.firstOfBlock.push(this.logs.length);
    this.hashes.push(String(record.header.hash));
    record.receipts.forEach((r, tx) => {
      const logs = (r as { logs?: { address: string; event: string; args: string[] }[] }).logs ?? [];
      const id = String(r.id);
      logs.forEach((l, log) => {
        this.push({ block: n, tx, log, id, address: l.address, event: l.event, args: l.args });
      });
    });
  }

  private push(e: IndexedLog): void {
    const at = this.logs.length;
    this.logs.push(e);
    const list = (map: Map<string, number[]>, key: string) => {
      let l = map.get(key);
      if (!l) map.set(key, (l = []));
      l.push(at);
    };
    list(this.byAddress, e.address);
    list(this.byEvent, e.event);
    list(this.byPair, `${e.address} ${e.event}`);
  }

  /** The logs of block n, in order. */
  inBlock(n: number): IndexedLog[] {
    if (n < 0 || n >= this.blocks) return [];
    return this.logs.slice(this.firstOfBlock[n], this.firstOfBlock[n + 1] ?? this.logs.length);
  }

  /**
   * The logs that match, from `after` (or `fromBlock`) on, at most `limit`; `next` is the match after
   * the last one returned, when there is one up to `toBlock`.
   */
  query(f: LogFilter): { logs: IndexedLog[]; next: IndexedLog | undefined } {
    const list =
      f.address !== undefined && f.event !== undefined
        ? this.byPair.get(`${f.address} ${f.event}`)
        : f.address !== undefined
          ? this.byAddress.get(f.address)
          : f.event !== undefined
            ? this.byEvent.get(f.event)
            : undefined;
    if (!list && (f.address !== undefined || f.event !== undefined)) return { logs: [], next: undefined };
    const length = list ? list.length : this.logs.length;
    const at = (i: number) => this.logs[list ? list[i]! : i]!;
    const start: Position = [f.fromBlock, 0, 0];
    const from = f.after && comparePositions(f.after, start) > 0 ? f.after : start;
    // the first entry at or after `from`
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(at(mid), from) < 0) lo = mid + 1;
      else hi = mid;
    }
    const logs: IndexedLog[] = [];
    for (let i = lo; i < length; i++) {
      const e = at(i);
      if (e.block > f.toBlock) break;
      if (logs.length === f.limit) return { logs, next: e };
      logs.push(e);
    }
    return { logs, next: undefined };
  }

  /** The index as saved in the node's checkpoint. */
  rows(): LogRow[] {
    return this.logs.map((e) => [e.block, e.tx, e.log, e.id, e.address, e.event, e.args]);
  }

  /** Loads the saved rows of the blocks of `hashes`; throws on rows out of order or of the wrong shape. */
  load(rows: LogRow[], hashes: string[]): void {
    this.clear();
    const blocks = hashes.length;
    let last: IndexedLog | undefined;
    for (const row of rows) {
      const [block, tx, log, id, address, event, args] = row;
      const e: IndexedLog = { block, tx, log, id, address, event, args };
      const ok =
        Number.isSafeInteger(block) &&
        Number.isSafeInteger(tx) &&
        Number.isSafeInteger(log) &&
        block < blocks &&
        [id, address, event].every((s) => typeof s === "string") &&
        Array.isArray(args) &&
        (!last || compare(e, [last.block, last.tx, last.log]) > 0);
      if (!ok) throw new Error("the checkpoint's log index is damaged");
      while (this.firstOfBlock.length <= block) this.firstOfBlock.push(this.logs.length);
      this.push(e);
      last = e;
    }
    while (this.firstOfBlock.length < blocks) this.firstOfBlock.push(this.logs.length);
    this.hashes = [...hashes];
  }
}
