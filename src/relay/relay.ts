// The relay (docs/relay.md): takes signed transaction files from anyone, checks each as the pull
// request's check will (the core's own parsing, signature recovery and simulation on the chain's
// verified head), keeps what it accepts in its journal, and every few seconds or N transactions opens
// one pull request holding all it took. It cannot forge or change a transaction (each is signed by its
// sender); it can only drop one, and a sender can always open their own pull request instead.

import {
  MAX_TX_FILE_BYTES,
  parseTransaction,
  transactionFileName,
  transactionId,
} from "../chain/transaction.ts";
import { type PreparedTx, prepareTransaction, type RejectedFile } from "../chain/transition.ts";
import { utf8 } from "../crypto/hex.ts";
import type { Follower } from "../node/follower.ts";
import { redactUrls } from "../node/remote.ts";
import { busyError, INVALID_TRANSACTION, LIMIT_EXCEEDED, paramsError, RpcError } from "../node/rpc.ts";
import { gitAsync } from "../sequencer/git.ts";
import { simulate } from "../sequencer/simulate.ts";
import { commitFiles, RELAY_IDENTITY } from "./branch.ts";
import type { PullPort } from "./github.ts";
import type { Accepted, Batch, Journal } from "./journal.ts";
import { type Rate, TokenBuckets } from "./rate.ts";

export interface RelayOptions {
  /** "owner/name" of the chain's repository */
  repository: string;
  /** a batch is opened every `intervalSeconds`, or as soon as this many transactions wait */
  batchSize: number;
  intervalSeconds: number;
  perSender: Rate;
  perClient: Rate;
  /** transactions of one sender the relay holds at once (waiting, or in a pull request not merged) */
  heldPerSender: number;
  /** transactions the relay holds at once, all senders together */
  maxHeld: number;
  log: (event: Record<string, unknown>) => void;
}

/**
 * A submission refused, as the JSON-RPC error it is answered with: over a rate (E_RATE, with the
 * seconds to wait), or an invalid transaction (a validity code of docs/spec.md §3.1, or E_DUPLICATE).
 */
const refusal = (code: string, message: string, retryAfter?: number) =>
  // (JSON leaves out a retryAfter that is undefined)
  new RpcError(code === "E_RATE" ? LIMIT_EXCEEDED : INVALID_TRANSACTION, message, { code, retryAfter });

/** Takes a token of `key` (a client, a sender), or refuses the submission with the seconds to wait. */
function limit(buckets: TokenBuckets, key: string): void {
  const wait = buckets.take(key);
  if (wait > 0) throw refusal("E_RATE", `too many transactions from ${key}; try again in ${wait} s`, wait);
}

export class Relay {
  private readonly senders: TokenBuckets;
  private readonly clients: TokenBuckets;
  /** parsed files with their signers recovered, by id: a submission re-simulates the held ones cheaply */
  private readonly prepared = new Map<string, PreparedTx>();
  private ticking: Promise<void> | null = null;

  /** Resolves once the batch in progress (if any) is over: a stop waits for it. */
  settled(): Promise<void> {
    return this.ticking ?? Promise.resolve();
  }

  constructor(
    readonly chain: Follower,
    readonly journal: Journal,
    private readonly pulls: PullPort,
    readonly options: RelayOptions,
  ) {
    this.senders = new TokenBuckets(options.perSender);
    this.clients = new TokenBuckets(options.perClient);
  }

  /**
   * Checks one transaction file (its text, or its JSON object) and takes it; `client` is who sent it
   * (an IP). A file the relay holds already is answered with its status again.
   */
  submit(file: unknown, client: string): Record<string, unknown> {
    const isObject = typeof file === "object" && file !== null && !Array.isArray(file);
    const text = isObject ? `${JSON.stringify(file, null, 2)}\n` : file;
    if (typeof text !== "string")
      throw paramsError("file must be a transaction file: its text, or its JSON object");
    limit(this.clients, client);
    const bytes = utf8(text);
    if (bytes.length > MAX_TX_FILE_BYTES)
      throw refusal("E_PARSE", `the file is ${bytes.length} bytes, over the limit of ${MAX_TX_FILE_BYTES}`);
    const tx = parseTransaction(bytes);
    if ("code" in tx) throw refusal(tx.code, tx.message);
    const id = transactionId(tx);
    if (this.journal.accepted.has(id)) return this.status(id)!;
    const held = this.held();
    const ofSender = held.filter((a) => a.from === tx.from).length;
    if (ofSender >= this.options.heldPerSender)
      throw refusal(
        "E_RATE",
        `the relay holds ${ofSender} transactions of ${tx.from} not yet in a block; send more once they are`,
      );
    if (held.length >= this.options.maxHeld)
      throw busyError(`the relay holds ${held.length} transactions, its most; try again later`);
    limit(this.senders, tx.from);
    const path = transactionFileName(tx);
    const clash = held.find((a) => a.path === path);
    if (clash)
      throw refusal(
        "E_DUPLICATE",
        `the relay holds another transaction of ${tx.from} with nonce ${tx.nonce} (${clash.id})`,
      );
    // exactly the pull request's check: the core prepares (E_CHAIN, E_SIGNATURE…) and simulates it on
    // the head, after the held transactions it may follow (an earlier nonce of the same sender)
    const mine = this.prepare({ id, path, text });
    if ("error" in mine) throw refusal(mine.error.code, mine.error.message);
    const sim = this.simulateHeld(held, mine);
    const invalid = sim.invalid.find((r) => r.id === id);
    if (invalid) throw refusal(invalid.error.code, invalid.error.message);
    const { status, gasUsed, fee, error } = sim.receipts.find((r) => r.id === id)!;
    this.journal.accept({ id, path, text, from: tx.from, nonce: tx.nonce });
    this.options.log({ event: "accepted", id, file: path, client });
    if (this.journal.queued().length >= this.options.batchSize) setImmediate(() => void this.tick());
    const preview = { block: sim.head.number + 1, status, gasUsed, fee: fee.toString(), error };
    return { ...this.status(id)!, preview };
  }

  /** Where a transaction is: queued, opened (in a pull request), included (in a block), or dropped. */
  status(id: string): Record<string, unknown> | undefined {
    const dropped = this.journal.dropped.get(id);
    if (dropped) {
      const { path: file, code, message } = dropped;
      return { id, file, status: "dropped", error: { code, message } };
    }
    const a = this.journal.accepted.get(id);
    if (!a) return undefined;
    const block = this.chain.index.byTx.get(id);
    const batch = this.journal.batchOf.get(id);
    const status =
      block !== undefined ? "included" : this.isStale(a) ? "replaced" : batch?.pull ? "opened" : "queued";
    return {
      id,
      file: a.path,
      status,
      pullRequest: batch?.pull ?? null,
      ...(block !== undefined ? { block } : {}),
    };
  }

  /** What the chain's page needs to offer "send through the relay" (GET /relay/info). */
  info(): Record<string, unknown> {
    const head = this.chain.head();
    const o = this.options;
    return {
      relay: "tinychain",
      version: 1,
      repository: o.repository,
      branch: this.chain.branch,
      chainId: this.chain.genesis().chainId,
      head: { number: head.number, hash: head.hash },
      submit: { rpc: "relay_submit", params: ["file"] },
      status: { rpc: "relay_status", params: ["id"], get: "/relay/tx/{id}" },
      batch: { everySeconds: o.intervalSeconds, transactions: o.batchSize },
      limits: {
        perSender: o.perSender,
        perClient: o.perClient,
        heldPerSender: o.heldPerSender,
        held: o.maxHeld,
        fileBytes: MAX_TX_FILE_BYTES,
      },
      queued: this.journal.queued().length,
    };
  }

  /** Fetches the chain, finishes any batch a restart interrupted, then opens one of what waits. */
  tick(): Promise<void> {
    this.ticking ??= this.batch()
      .catch((e) => this.options.log({ event: "batch-failed", message: redactUrls(messageOf(e)) }))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async batch(): Promise<void> {
    await this.chain.sync();
    for (const b of this.journal.unfinished()) await this.finish(b);
    if (this.journal.queued().length === 0) return;
    // the head may have moved: what is no longer valid on it is dropped, never sent
    const sim = this.simulateHeld(this.held());
    for (const r of sim.invalid) {
      const a = r.id ? this.journal.accepted.get(r.id) : undefined;
      if (a && !this.journal.batchOf.has(a.id)) {
        this.journal.drop({ id: a.id, path: a.path, code: r.error.code, message: r.error.message });
        this.options.log({ event: "dropped", id: a.id, code: r.error.code });
      }
    }
    const queued = this.journal.queued().slice(0, this.options.batchSize);
    if (queued.length === 0) return;
    const number = this.journal.nextBatchNumber();
    const b: Batch = {
      number,
      branch: `tinychain-relay/${number}-${queued[0]!.id.slice(2, 10)}`,
      base: this.chain.commit,
      ids: queued.map((a) => a.id),
    };
    this.journal.saveBatch(b); // from here on these transactions are this batch's, and no other's
    await this.finish(b);
    if (this.journal.queued().length >= this.options.batchSize) setImmediate(() => void this.tick());
  }

  /** The batch's branch (made, then pushed) and its pull request; each step recorded as it is done. */
  private async finish(b: Batch): Promise<void> {
    const files = b.ids.map((id) => this.journal.accepted.get(id)!).filter(Boolean);
    const title = `tinychain relay: ${files.length} transaction${files.length === 1 ? "" : "s"}`;
    if (!b.commit) {
      b.commit = commitFiles(this.chain.dir, b.base, b.branch, files, title, RELAY_IDENTITY);
      this.journal.saveBatch(b);
    }
    // again after a restart: a push of the same commit changes nothing
    await gitAsync(this.chain.dir, ["push", "-q", "-f", "origin", `${b.commit}:refs/heads/${b.branch}`]);
    const body = pullBody(files, this.chain.head().number);
    b.pull = await this.pulls.openPull(b.branch, this.chain.branch, title, body);
    this.journal.saveBatch(b);
    this.options.log({ event: "opened", batch: b.number, pullRequest: b.pull, transactions: b.ids.length });
  }

  /** Its nonce is used on the chain (by another transaction, when it is not included itself). */
  private isStale(a: Accepted): boolean {
    return a.nonce < (this.chain.account(a.from)?.nonce ?? 0);
  }

  /** What the relay holds that may still go into a block (accepted, not included, nonce unused), in order. */
  private held(): Accepted[] {
    return [...this.journal.accepted.values()].filter(
      (a) => this.chain.index.byTx.get(a.id) === undefined && !this.isStale(a),
    );
  }

  /** A file parsed and its signer recovered, once: a rejection (E_CHAIN, E_SIGNATURE…) is not kept. */
  private prepare(a: Pick<Accepted, "id" | "path" | "text">): PreparedTx | RejectedFile {
    const known = this.prepared.get(a.id);
    if (known) return known;
    const p = prepareTransaction(a.path, utf8(a.text), "file", this.chain.genesis().chainId);
    if (!("error" in p)) this.prepared.set(a.id, p);
    return p;
  }

  /** `held` (each prepared when it was accepted), then `more`, simulated on the head as the check will. */
  private simulateHeld(held: Accepted[], ...more: PreparedTx[]) {
    const prepared = held.map((a) => this.prepare(a)).filter((p): p is PreparedTx => !("error" in p));
    return simulate(this.chain, { prepared: [...prepared, ...more], rejected: [] });
  }
}

function messageOf(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  return (err.stderr || err.message || String(e)).trim().split("\n")[0]!;
}

function pullBody(files: Accepted[], head: number): string {
  return [
    `Sent through a tinychain relay, which checked each file on block ${head}; this pull request's own check is what counts.`,
    "",
    "| file | transaction id |",
    "| --- | --- |",
    ...files.map((f) => `| \`${f.path}\` | \`${f.id}\` |`),
    "",
  ].join("\n");
}
