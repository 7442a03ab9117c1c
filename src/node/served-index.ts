// What the node knows of the blocks it served, to answer without reading their files: block numbers by
// hash, by transaction id, every log and every transaction by account (log-index.ts). Built as blocks
// replay, saved with the checkpoint (checkpoint.ts) and loaded from it, so a restart reads no block
// file to rebuild it.

import { headerFromJson } from "../chain/block.ts";
import type { BlockRecord } from "../store/snapshot.ts";
import type { NodeIndex } from "./checkpoint.ts";
import { LogIndex, TxIndex } from "./log-index.ts";

export class ServedIndex {
  private readonly byHash = new Map<string, number>();
  private readonly byTx = new Map<string, number>();
  readonly logs = new LogIndex();
  readonly txs = new TxIndex();

  clear(): void {
    this.byHash.clear();
    this.byTx.clear();
    this.logs.clear();
    this.txs.clear();
  }

  /** Indexes the next block (blocks come in order, from 0). */
  add(record: BlockRecord): void {
    const h = headerFromJson(record.header);
    this.byHash.set(h.hash, h.number);
    for (const t of record.transactions) this.byTx.set(t.id, h.number);
    this.logs.addBlock(h.number, record);
    this.txs.addBlock(h.number, record);
  }

  blockOfHash(hash: string): number | undefined {
    return this.byHash.get(hash);
  }

  blockOfTx(id: string): number | undefined {
    return this.byTx.get(id);
  }

  save(): NodeIndex {
    // blocks are added in order: the map's order is theirs
    return { hashes: [...this.byHash.keys()], txs: this.txs.rows(), logs: this.logs.rows() };
  }

  /** Loads a saved index of blocks 0…head; throws when it is not one. */
  load(saved: NodeIndex, head: number): void {
    this.clear();
    if (saved.hashes.length !== head + 1) throw new Error("the checkpoint's index is not of its head");
    for (const [n, hash] of saved.hashes.entries()) this.byHash.set(hash, n);
    this.logs.load(saved.logs, saved.hashes);
    this.txs.load(saved.txs, saved.hashes.length);
    for (const [block, , id] of saved.txs) this.byTx.set(id, block);
  }
}
