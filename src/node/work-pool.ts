// Views and simulations (tinychain_view, tinychain_simulate) run the VM, up to a block's gas each:
// seconds of CPU. runHeavy runs one, a plain function of a chain view and of parameters already checked
// by methods.ts. They run on worker threads, one per core, never on the thread that answers every
// request, so that tinychain_head answers while they work (on this thread only when there is no worker
// bundle: the tests that run the sources). A worker reads the state from this thread, an account or a
// storage entry at a time (work-worker.ts), so the node's replay stays the one copy of the state.
//
// Fair use (docs/rpc.md "Limits"): one client runs at most half of the workers at once, so the others
// stay free for everyone else; the queue is bounded, for each client and in all, and a call that finds
// it full is answered at once with E_BUSY. A client is a web page's origin, or "local" for a program
// on this machine (which sends no Origin).

import { availableParallelism } from "node:os";
import { parseTransaction, transactionFileName } from "../chain/transaction.ts";
import type { Receipt } from "../chain/transition.ts";
import { type ChainView, viewCall } from "../client/query.ts";
import { readValue } from "../lang/data.ts";
import { receiptJson } from "../report/receipts.ts";
import { simulate } from "../sequencer/simulate.ts";
import { answer, bundledWorker, startWorker } from "../store/sync-worker.ts";
import { busyError, INTERNAL_ERROR, INVALID_TRANSACTION, RpcError } from "./rpc.ts";

// ---- one view or simulation ----------------------------------------------------------------------

export type HeavyJob =
  /** args: Lisp literals as text, each already read once (methods.ts) */
  | { kind: "view"; target: string; fn: string; args: string[]; gas?: number }
  | { kind: "simulate"; content: string; file?: string };

/** The method's result, and the gas it used (a request's budget is counted in gas: methods.ts). */
export type HeavyAnswer = ReturnType<typeof runHeavy>;

export function runHeavy(view: ChainView, job: HeavyJob) {
  if (job.kind === "view") {
    const r = viewCall(view, job.target, job.fn, job.args.map(readValue), job.gas);
    return {
      result: { status: r.status, value: r.printed, gasUsed: r.gasUsed, error: r.error },
      gas: r.gasUsed,
    };
  }
  const bytes = new TextEncoder().encode(job.content);
  // the file's name is checked only when given; by default it is the name the transaction needs
  const tx = parseTransaction(bytes);
  const path = job.file ?? ("code" in tx ? "txs/(content).json" : transactionFileName(tx));
  const sim = simulate(view, [{ path, bytes, kind: "file" }]);
  const invalid = sim.invalid[0];
  if (invalid)
    throw new RpcError(INVALID_TRANSACTION, `${invalid.error.code}: ${invalid.error.message}`, {
      code: invalid.error.code,
      file: invalid.file,
      id: invalid.id,
    });
  const r = sim.receipts[0] as Receipt & { block: number };
  return { result: { ...receiptJson(r), block: r.block }, gas: r.gasUsed };
}

// ---- the pool ------------------------------------------------------------------------------------

/** Calls waiting for a worker, in all and of one client. */
export const MAX_QUEUED = 64;
export const MAX_QUEUED_PER_CLIENT = 16;
/** A job whose reads met a moved head is run again on the new one, this many times at most. */
const MAX_TRIES = 5;

/** A worker's read of the state: an account, or a storage entry (key given). */
export type ReadRequest = [address: string, key?: string];
export interface ReadAnswer {
  value?: unknown;
  stale?: boolean;
  error?: string;
}
/** How a worker ends a job (work-worker.ts): its answer, a stale read, a method's error, or a bug. */
export type Done =
  | { answer: HeavyAnswer }
  | { stale: true }
  | { error: ConstructorParameters<typeof RpcError> }
  | { internal: string };

/** A call waiting for a worker, or running on one (on the head `head`). */
interface Job {
  client: string;
  job: HeavyJob;
  tries: number;
  head?: string;
  resolve: (a: HeavyAnswer) => void;
  reject: (e: unknown) => void;
}

/** A worker, the channel it reads the state through, and the job it runs. */
type Slot = ReturnType<typeof startWorker> & { job?: Job };

export class WorkPool {
  /** one worker per core */
  readonly size = availableParallelism();
  /** at most this many jobs of one client run at once */
  readonly perClient = Math.max(1, Math.floor(this.size / 2));
  /** the worker's bundle; without it (the tests run the sources) jobs run on this thread */
  private readonly file = bundledWorker(new URL("./node-worker.js", import.meta.url));
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];

  constructor(
    private readonly view: ChainView,
    private readonly onInternalError: (e: unknown) => void,
  ) {}

  /** Runs a job for `client` on the next free worker it may use; E_BUSY when the queue is full. */
  async run(client: string, job: HeavyJob): Promise<HeavyAnswer> {
    if (!this.file) return runHeavy(this.view, job);
    if (this.queue.length >= MAX_QUEUED)
      throw busyError(
        `the node is busy: ${MAX_QUEUED} views and simulations wait already; try again shortly`,
      );
    if (this.queue.filter((w) => w.client === client).length >= MAX_QUEUED_PER_CLIENT)
      throw busyError(
        `this client has ${MAX_QUEUED_PER_CLIENT} views and simulations waiting already (and ${this.perClient} running); wait for their answers`,
      );
    return new Promise((resolve, reject) => {
      this.queue.push({ client, job, tries: 0, resolve, reject });
      this.pump();
    });
  }

  /** Stops the workers; the calls not answered yet get E_BUSY. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const w of [...this.queue.splice(0), ...slots.flatMap((s) => s.job ?? [])])
      w.reject(busyError("the node is stopping"));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Starts waiting jobs on free workers, in order, skipping a client that runs its share already. */
  private pump(): void {
    const running = (client: string) => this.slots.filter((s) => s.job?.client === client).length;
    for (;;) {
      const i = this.queue.findIndex((w) => running(w.client) < this.perClient);
      if (i < 0) return;
      // workers start with the first calls that need them
      const slot = this.slots.find((s) => !s.job) ?? (this.slots.length < this.size && this.spawn());
      if (!slot) return;
      const [w] = this.queue.splice(i, 1);
      const head = this.view.head();
      slot.job = { ...w!, head: head.hash };
      slot.worker.postMessage({ job: w!.job, genesis: this.view.genesis(), head });
    }
  }

  private spawn(): Slot {
    // neither the worker nor its port keeps the node running once its server has closed
    const slot: Slot = startWorker(this.file!);
    this.slots.push(slot);
    slot.port.on("message", (r: ReadRequest) => answer(slot, this.read(slot, r)));
    slot.worker.on("message", (m: Done) => this.finished(slot, m));
    slot.worker.on("error", (e) => this.lost(slot, e));
    slot.worker.on("exit", (code) => this.lost(slot, new Error(`a worker exited with code ${code}`)));
    return slot;
  }

  /** A worker's read of the state, answered from the node's replay if the head has not moved. */
  private read(slot: Slot, [address, key]: ReadRequest): ReadAnswer {
    try {
      if (slot.job?.head !== this.view.head().hash) return { stale: true };
      return { value: key === undefined ? this.view.account(address) : this.view.storage(address, key) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }

  private finished(slot: Slot, m: Done): void {
    const job = slot.job;
    // a worker lost, or stopped, has had its job answered already
    if (!job || !this.slots.includes(slot)) return;
    slot.job = undefined;
    if ("stale" in m && job.tries + 1 < MAX_TRIES) this.queue.unshift({ ...job, tries: job.tries + 1 });
    else if ("answer" in m) job.resolve(m.answer);
    else if ("error" in m) job.reject(new RpcError(...m.error));
    else if ("internal" in m) this.fail(job, new Error(m.internal));
    else this.fail(job, new Error("the head moved under a view or simulation, again and again"));
    this.pump();
  }

  /** A worker that failed is replaced; the job it ran is answered with an internal error. */
  private lost(slot: Slot, e: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    slot.port.close();
    if (slot.job) this.fail(slot.job, e);
    this.pump();
  }

  private fail(job: Job, e: unknown): void {
    this.onInternalError(e);
    job.reject(new RpcError(INTERNAL_ERROR, "internal error", { code: "E_INTERNAL" }));
  }
}
