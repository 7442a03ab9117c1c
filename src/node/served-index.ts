// What the node knows of the blocks it served, to answer without reading their files: block numbers by
// hash, by transaction id, and every log (log-index.ts). Built as blocks replay, saved with the
// checkpoint (checkpoint.ts) and loaded from it, so a restart reads no block file to rebuild it.

import { headerFromJson } from "../chain/block.ts";
import type { BlockRecord } from "../store/snapshot.ts";
import type { NodeIndex } from "./checkpoint.ts";
import { LogIndex } from "./log-index.ts";

export class ServedIndex {
  private readonly byHash = new Map<string, number>();
  private readonly byTx = new Map<string, number>();
  readonly logs = new LogIndex();

  clear(): void {
    this.byHash.clear();
    this.byTx.clear();
    this.logs.clear();
  }

  /** Indexes the next block (blocks come in order, from 0). */
  add(record: BlockRecord): void {
    const h = headerFromJson(record.header);
    this.byHash.set(h.hash, h.number);
    for (const t of record.transactions) this.byTx.set(t.id, h.number);
    this.logs.addBlock(h.number, record);
  }

  blockOfHash(hash: string): number | undefined {
    return this.byHash.get(hash);
  }

  blockOfTx(id: string): number | undefined {
    return this.byTx.get(id);
  }

  save(): NodeIndex {
    const hashes: string[] = [];
    for (const [hash, n] of this.byHash) hashes[n] = hash;
    return { hashes, txs: [...this.byTx], logs: this.logs.rows() };
  }

  /** Loads a saved index of blocks 0…head; throws when it is not one. */
  load(saved: NodeIndex, head: number): void {
    this.clear();
    if (saved.hashes.length !== head + 1) throw new Error("the checkpoint's index is not of its head");
    for (const [n, hash] of saved.hashes.entries()) this.byHash.set(hash, n);
    for (const [id, n] of saved.txs) this.byTx.set(id, n);
    this.logs.load(saved.logs, saved.hashes);
  }
}
