import { type Preview, type SignedFile } from "./compose.js";
import { type EventSourceClass, type SubscribeHandlers, type Subscription } from "./events.js";
import { RemoteChain } from "./remote.js";
import type { Account, Block, BlockReceipt, IncludedTransaction, LogFilter, LogsPage, Mined, NodeStatus, TransactionFilter, TransactionsPage, ViewResult } from "./types.js";
import { type JsValue, type Value } from "./values.js";
import type { Waiting } from "./waiting.js";
/** A JSON-RPC error of the node: `code` the JSON-RPC number, `reason` the stable E_ code it carries. */
export declare class NodeError extends Error {
    readonly code: number;
    readonly reason: string;
    readonly data?: Record<string, unknown> | undefined;
    constructor(code: number, reason: string, message: string, data?: Record<string, unknown> | undefined);
}
/** A view that did not return: its status (1 aborted, 2 out of gas, 3 runtime error) and error. */
export declare class ViewFailed extends Error {
    readonly result: ViewResult;
    constructor(result: ViewResult);
}
export interface NodeClientOptions {
    /** the fetch to use (default: the global one) */
    fetch?: typeof fetch;
    /** the EventSource for subscriptions (default: the global one; else the stream is read with fetch) */
    EventSource?: EventSourceClass;
}
export declare class NodeClient {
    private readonly options;
    /** the node's address, ending in "/" */
    readonly url: string;
    private nextId;
    private readonly fetchFn;
    constructor(url: string, options?: NodeClientOptions);
    /** Any method: its result, or a NodeError with the node's code and message. */
    request<T = unknown>(method: string, params?: unknown[] | Record<string, unknown>): Promise<T>;
    /** A method whose parameters are sent in order, those left out at the end not at all. */
    private method;
    readonly status: () => Promise<NodeStatus>;
    /** Fetches the node's remote now; the status after. */
    readonly sync: () => Promise<NodeStatus>;
    readonly head: () => Promise<{
        number: number;
        parentHash: string;
        timestamp: number;
        commit: string;
        baseFee: string;
        gasLimit: number;
        gasUsed: number;
        coinbase: string;
        txRoot: string;
        receiptRoot: string;
        stateRoot: string;
        policy?: string | undefined;
        sequencing?: string | undefined;
        hash: string;
    }>;
    readonly block: (number: number | "latest") => Promise<Block>;
    readonly blockByHash: (hash: string) => Promise<Block>;
    readonly receipt: (id: string) => Promise<BlockReceipt>;
    readonly transaction: (id: string) => Promise<IncludedTransaction>;
    readonly account: (address: string) => Promise<Account>;
    readonly balance: (address: string) => Promise<bigint>;
    /** A view call on the head state, the arguments as JavaScript values; the answer as the node gives it. */
    readonly view: (address: string, fn: string, args?: readonly JsValue[], gas?: number) => Promise<ViewResult>;
    /** A view's value as a JavaScript value (bigint, string, Address, list, Dict…); ViewFailed if it fails. */
    read(address: string, fn: string, args?: readonly JsValue[]): Promise<Value>;
    /** The receipt a signed file would get in the next block; nothing is written. */
    readonly simulate: (file: SignedFile | string) => Promise<BlockReceipt>;
    /** One page of the logs that match (at most 1,000; `cursor` pages on). */
    readonly getLogs: (filter?: LogFilter) => Promise<LogsPage>;
    /** One page of the transactions an account sent or whose state they changed (at most 1,000). */
    readonly getTransactions: (filter: TransactionFilter) => Promise<TransactionsPage>;
    /** The sequencer's waiting line recorded with the served commit (state/waiting.json). */
    readonly waiting: () => Promise<Waiting>;
    /** Every log that matches, page after page. */
    logs(filter?: LogFilter): AsyncGenerator<LogsPage["logs"][number]>;
    /** `tinychain dev` only: writes the signed file to txs/ and mines it; its receipt with `block`. */
    readonly sendTransaction: (file: SignedFile | string) => Promise<BlockReceipt>;
    /** `tinychain dev` only: `blocks` blocks (empty when nothing waits), each `interval` s after its parent. */
    readonly mine: (blocks?: number, interval?: number) => Promise<Mined>;
    /** `tinychain dev` only: blocks until the head is `number`. */
    readonly mineTo: (number: number, interval?: number | undefined) => Promise<Mined>;
    /** The chain as the node's verified files (GET /state/…): what a preview reads. */
    chain(): RemoteChain;
    /**
     * The transaction `from` would sign for `data` now, on the head state the node serves: its nonce, fees
     * and gas limit (the chain's own estimate unless given), and the receipt it would get.
     */
    prepare(from: string, data: string, given?: {
        gasLimit?: number;
        tip?: bigint;
    }): Promise<Preview>;
    /** Heads and matching logs as the node serves them (GET /events?address=…&event=…). */
    subscribe(filter: {
        address?: string;
        event?: string;
    }, handlers: SubscribeHandlers): Subscription;
}
