import type { Header as ChainHeader } from "../chain/block.js";
import type { AccountData, Change } from "../chain/state.js";
import type { Receipt as ChainReceipt } from "../chain/transition.js";
import type { Status } from "../lang/errors.js";
import type { Log } from "../lang/host.js";
/** A chain type as the node's JSON gives it: its amounts (bigints) decimal strings. */
type Json<T> = {
    [K in keyof T]: T[K] extends bigint ? string : T[K];
};
/** A block's header (tinychain_head, a block's `header`, a `head` event); its base fee a decimal string. */
export type Header = Json<ChainHeader>;
/** An event as a receipt holds it: its arguments printed. */
export type { Log };
/** Where a transaction is in the chain: its block, and its position there. */
export interface Place {
    block: number;
    blockHash: string;
    transaction: string;
    transactionIndex: number;
}
/** A log as tinychain_getLogs and a `log` event give it: where it is in the chain. */
export type IndexedLog = Log & Place & {
    logIndex: number;
};
export type { Change as StateChange, Status };
/** A receipt as the chain makes it, its amounts decimal strings. */
export type Receipt = Json<ChainReceipt>;
/** A receipt with the block that holds it (or, simulated, would hold it). */
export type BlockReceipt = Receipt & {
    block: number;
};
export interface Block {
    header: Header;
    transactions: {
        file: string;
        id: string;
        content: string;
    }[];
    receipts: Receipt[];
    rejected: {
        file: string;
        id: string | null;
        code: string;
        message: string;
        content: string | null;
    }[];
}
export interface NodeStatus {
    head: {
        number: number;
        hash: string;
        stateRoot: string;
    };
    commit: string;
    remote: string;
    branch: string;
    chainId: number;
    refused: {
        block: number;
        commit: string;
        reason: string;
    } | null;
    lastFetch: {
        ok: true;
    } | {
        ok: false;
        message: string;
    } | null;
}
/** An account as tinychain_getAccount gives it: the chain's account data, where it is, and its storage. */
export type Account = Json<AccountData> & {
    address: string;
    storageRoot: string | null;
    /** printed key → printed value */
    storage: Record<string, string>;
};
/** A transaction as its block holds it, and where: tinychain_getTransaction's answer. */
export type IncludedTransaction = Block["transactions"][number] & {
    block: number;
    index: number;
};
/** tinychain_view's answer: `value` printed; a failed call has a non-zero status and an error. */
export interface ViewResult {
    status: Status;
    value: string;
    gasUsed: number;
    error: string | null;
}
/** A range of blocks and a page of it: at most 1,000 a call; `cursor` pages on; "desc": newest first. */
export interface Range {
    fromBlock?: number | "latest";
    toBlock?: number | "latest";
    limit?: number;
    cursor?: string | null;
    order?: "asc" | "desc";
}
export interface LogFilter extends Range {
    address?: string;
    event?: string;
}
export interface TransactionFilter extends Range {
    account: string;
}
/** A transaction of an account's history (tinychain_getTransactions): where it is, who sent it, how it ended. */
export type AccountTransaction = Place & Pick<Receipt, "from" | "nonce" | "status">;
/** A page of an answer's list `K`: its entries, and the range of blocks it covers. */
type Page<K extends string, T> = {
    [key in K]: T[];
} & {
    /** pass it with the same filter for the next page; null when there are no more up to toBlock */
    cursor: string | null;
    fromBlock: number;
    toBlock: number;
};
export type LogsPage = Page<"logs", IndexedLog>;
export type TransactionsPage = Page<"transactions", AccountTransaction>;
/** dev_mine and dev_mineTo: the blocks made and the new head. */
export interface Mined {
    blocks: number[];
    head: {
        number: number;
        hash: string;
    };
}
