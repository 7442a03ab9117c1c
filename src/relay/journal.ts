// What the relay has taken, kept on disk as it goes (docs/relay.md "What a restart keeps"): one file
// per accepted transaction, one per batch, one per dropped transaction, each written whole or not at
// all (temp + rename). A batch file is the one place that says which transactions a batch holds, so a
// transaction is in at most one batch whatever moment a restart comes at; the batch file also records
// the branch's commit and the pull request once each exists, and a restart carries on from there.

import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../store/files.ts";

export interface Accepted {
  /** the order taken in */
  seq: number;
  id: string;
  path: string;
  text: string;
  from: string;
  nonce: number;
}

export interface Batch {
  number: number;
  branch: string;
  /** the commit the branch is built on (the chain's head when the batch was made) */
  base: string;
  ids: string[];
  commit?: string;
  pull?: { number: number; url: string };
}

export interface Dropped {
  id: string;
  path: string;
  code: string;
  message: string;
}

const ID = /^0x[0-9a-f]{64}$/;

function readJsonFiles<T>(dir: string): T[] {
  mkdirSync(dir, { recursive: true });
  return readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), "utf8")) as T);
}

export class Journal {
  readonly accepted = new Map<string, Accepted>();
  readonly batches = new Map<number, Batch>();
  readonly dropped = new Map<string, Dropped>();
  /** transaction id → the batch holding it */
  readonly batchOf = new Map<string, Batch>();
  private nextSeq = 0;

  constructor(readonly dir: string) {
    for (const b of readJsonFiles<Batch>(join(dir, "batches"))) this.indexBatch(b);
    for (const d of readJsonFiles<Dropped>(join(dir, "dropped"))) this.dropped.set(d.id, d);
    // in the order taken (a new one is taken last): queued() and the relay's held() read them so
    const accepted = readJsonFiles<Accepted>(join(dir, "accepted")).sort((x, y) => x.seq - y.seq);
    for (const a of accepted) {
      // a drop interrupted between its two writes: the drop stands
      if (this.dropped.has(a.id)) this.remove("accepted", a.id);
      else this.accepted.set(a.id, a);
      this.nextSeq = Math.max(this.nextSeq, a.seq + 1);
    }
  }

  private file(kind: string, name: string): string {
    return join(this.dir, kind, `${name}.json`);
  }

  private remove(kind: string, id: string): void {
    if (ID.test(id)) rmSync(this.file(kind, id), { force: true });
  }

  private indexBatch(b: Batch): void {
    this.batches.set(b.number, b);
    for (const id of b.ids) this.batchOf.set(id, b);
  }

  accept(entry: Omit<Accepted, "seq">): void {
    const a = { seq: this.nextSeq++, ...entry };
    writeFileAtomic(this.file("accepted", a.id), `${JSON.stringify(a)}\n`);
    this.accepted.set(a.id, a);
    this.dropped.delete(a.id);
    this.remove("dropped", a.id);
  }

  drop(d: Dropped): void {
    writeFileAtomic(this.file("dropped", d.id), `${JSON.stringify(d)}\n`);
    this.dropped.set(d.id, d);
    this.accepted.delete(d.id);
    this.remove("accepted", d.id);
  }

  /** Accepted transactions in no batch yet, in the order taken. */
  queued(): Accepted[] {
    return [...this.accepted.values()].filter((a) => !this.batchOf.has(a.id));
  }

  /** Writes a batch (new, or with its commit or pull request now known). */
  saveBatch(b: Batch): void {
    writeFileAtomic(this.file("batches", String(b.number).padStart(8, "0")), `${JSON.stringify(b)}\n`);
    this.indexBatch(b);
  }

  nextBatchNumber(): number {
    // a loop, not Math.max(...keys): batches are kept for good, past the ~130,000 a spread takes
    let last = 0;
    for (const n of this.batches.keys()) last = Math.max(last, n);
    return last + 1;
  }

  /** Batches whose pull request is not open yet (a restart finishes them first), in order (the files
   *  are read in their numbers' order, and a new batch has the next number). */
  unfinished(): Batch[] {
    return [...this.batches.values()].filter((b) => !b.pull);
  }
}
