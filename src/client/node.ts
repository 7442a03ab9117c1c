// A client of a node's JSON-RPC (`tinychain node`, `tinychain dev`; docs/rpc.md): each method with its
// typed answer, arguments and results as JavaScript values (values.ts), a transaction prepared and
// previewed on the head state through the node's own files (compose.ts, as the web page does), and
// heads and logs pushed by GET /events (events.ts).

import { type Preview, previewTransaction, type SignedFile } from "./compose.ts";
import { type EventSourceClass, type SubscribeHandlers, type Subscription, subscribe } from "./events.ts";
import { httpText, RemoteChain } from "./remote.ts";
import type {
  Account,
  Block,
  BlockReceipt,
  Header,
  IncludedTransaction,
  LogFilter,
  LogsPage,
  Mined,
  NodeStatus,
  TransactionFilter,
  TransactionsPage,
  ViewResult,
} from "./types.ts";
import { type JsValue, printData, readValue, type Value } from "./values.ts";
import type { Waiting } from "./waiting.ts";

/** A filter's fields that are set. */
const given = (filter: object) =>
  Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== null));

const textOf = (file: SignedFile | string) => (typeof file === "string" ? file : file.text);

/** A JSON-RPC error of the node: `code` the JSON-RPC number, `reason` the stable E_ code it carries. */
export class NodeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A view that did not return: its status (1 aborted, 2 out of gas, 3 runtime error) and error. */
export class ViewFailed extends Error {
  constructor(readonly result: ViewResult) {
    super(result.error ?? `the view failed with status ${result.status}`);
  }
}

export interface NodeClientOptions {
  /** the fetch to use (default: the global one) */
  fetch?: typeof fetch;
  /** the EventSource for subscriptions (default: the global one; else the stream is read with fetch) */
  EventSource?: EventSourceClass;
}

export class NodeClient {
  /** the node's address, ending in "/" */
  readonly url: string;
  private nextId = 1;
  private readonly fetchFn: typeof fetch;

  constructor(
    url: string,
    private readonly options: NodeClientOptions = {},
  ) {
    this.url = new URL(url).href.replace(/\/?$/, "/");
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Any method: its result, or a NodeError with the node's code and message. */
  async request<T = unknown>(method: string, params?: unknown[] | Record<string, unknown>): Promise<T> {
    const res = await this.fetchFn(this.url, {
      method: "POST",
      // the node takes no other: a page of another site cannot send JSON without asking (docs/rpc.md)
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, ...(params ? { params } : {}) }),
    });
    const body = (await res.json().catch(() => undefined)) as
      | { result?: T; error?: { code: number; message: string; data?: Record<string, unknown> } }
      | undefined;
    if (body?.error) {
      const { code, message, data } = body.error;
      const reason = typeof data?.code === "string" ? data.code : "";
      throw new NodeError(code, reason, `${method}: ${message}`, data);
    }
    if (!body || !("result" in body))
      throw new NodeError(
        -32603,
        "E_HTTP",
        `${method}: the node answered HTTP ${res.status} without a result`,
      );
    return body.result as T;
  }

  /** A method whose parameters are sent in order, those left out at the end not at all. */
  private method<P extends unknown[], T>(name: string): (...params: P) => Promise<T> {
    return (...params) => {
      while (params.length > 0 && params.at(-1) === undefined) params.pop();
      return this.request<T>(name, params.length > 0 ? params : undefined);
    };
  }

  readonly status = this.method<[], NodeStatus>("tinychain_status");

  /** Fetches the node's remote now; the status after. */
  readonly sync = this.method<[], NodeStatus>("tinychain_sync");

  readonly head = this.method<[], Header>("tinychain_head");

  readonly block = this.method<[number: number | "latest"], Block>("tinychain_getBlockByNumber");

  readonly blockByHash = this.method<[hash: string], Block>("tinychain_getBlockByHash");

  readonly receipt = this.method<[id: string], BlockReceipt>("tinychain_getReceipt");

  readonly transaction = this.method<[id: string], IncludedTransaction>("tinychain_getTransaction");

  readonly account = this.method<[address: string], Account>("tinychain_getAccount");

  readonly balance = async (address: string) =>
    BigInt((await this.request<{ balance: string }>("tinychain_getBalance", [address])).balance);

  /** A view call on the head state, the arguments as JavaScript values; the answer as the node gives it. */
  readonly view = (address: string, fn: string, args: readonly JsValue[] = [], gas?: number) =>
    this.method<unknown[], ViewResult>("tinychain_view")(address, fn, args.map(printData), gas);

  /** A view's value as a JavaScript value (bigint, string, Address, list, Dict…); ViewFailed if it fails. */
  async read(address: string, fn: string, args: readonly JsValue[] = []): Promise<Value> {
    const r = await this.view(address, fn, args);
    if (r.status !== 0) throw new ViewFailed(r);
    return readValue(r.value);
  }

  /** The receipt a signed file would get in the next block; nothing is written. */
  readonly simulate = (file: SignedFile | string) =>
    this.request<BlockReceipt>("tinychain_simulate", [textOf(file)]);

  /** One page of the logs that match (at most 1,000; `cursor` pages on). */
  readonly getLogs = (filter: LogFilter = {}) => this.request<LogsPage>("tinychain_getLogs", [given(filter)]);

  /** One page of the transactions an account sent or whose state they changed (at most 1,000). */
  readonly getTransactions = (filter: TransactionFilter) =>
    this.request<TransactionsPage>("tinychain_getTransactions", [given(filter)]);

  /** The sequencer's waiting line recorded with the served commit (state/waiting.json). */
  readonly waiting = this.method<[], Waiting>("tinychain_waiting");

  /** Every log that matches, page after page. */
  async *logs(filter: LogFilter = {}): AsyncGenerator<LogsPage["logs"][number]> {
    let cursor: string | null | undefined = filter.cursor;
    do {
      const page: LogsPage = await this.getLogs({ ...filter, cursor });
      yield* page.logs;
      cursor = page.cursor;
    } while (cursor);
  }

  /** `tinychain dev` only: writes the signed file to txs/ and mines it; its receipt with `block`. */
  readonly sendTransaction = (file: SignedFile | string) =>
    this.request<BlockReceipt>("tinychain_sendTransaction", [textOf(file)]);

  /** `tinychain dev` only: `blocks` blocks (empty when nothing waits), each `interval` s after its parent. */
  readonly mine = (blocks = 1, interval?: number) =>
    this.method<unknown[], Mined>("dev_mine")(blocks, interval);

  /** `tinychain dev` only: blocks until the head is `number`. */
  readonly mineTo = this.method<[number: number, interval?: number], Mined>("dev_mineTo");

  /** The chain as the node's verified files (GET /state/…): what a preview reads. */
  chain(): RemoteChain {
    return new RemoteChain(this.url, (url) => httpText(url, this.fetchFn));
  }

  /**
   * The transaction `from` would sign for `data` now, on the head state the node serves: its nonce, fees
   * and gas limit (the chain's own estimate unless given), and the receipt it would get.
   */
  prepare(from: string, data: string, given: { gasLimit?: number; tip?: bigint } = {}): Promise<Preview> {
    const chain = this.chain();
    return chain.load(() => previewTransaction(chain, from.toLowerCase(), data, given));
  }

  /** Heads and matching logs as the node serves them (GET /events?address=…&event=…). */
  subscribe(filter: { address?: string; event?: string }, handlers: SubscribeHandlers): Subscription {
    const url = new URL("events", this.url);
    for (const key of ["address", "event"] as const) if (filter[key]) url.searchParams.set(key, filter[key]);
    return subscribe(url.href, handlers, { EventSource: this.options.EventSource, fetch: this.fetchFn });
  }
}
