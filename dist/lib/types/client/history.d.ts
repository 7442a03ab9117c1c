import type { RemoteChain } from "./remote.js";
import type { AccountTransaction, IndexedLog } from "./types.js";
/**
 * The accounts a transaction concerns: its sender, then each address whose state it changed (a
 * recipient's balance, a contract's storage, a deployment's code, the coinbase's tip), each once.
 */
export declare function accountsOf(r: {
    from?: unknown;
    changes?: unknown;
}): string[];
/** How many block files one `recentHistory` reads: one request each. */
export declare const SCAN_BLOCKS = 100;
/**
 * `account`'s transactions and events in the block files from `toBlock` down to `blocks` blocks before
 * it (fetched at once, each once per RemoteChain): a search of a chain's recent blocks, without a node.
 */
export declare function recentHistory(chain: RemoteChain, account: string, toBlock: number, blocks?: number): Promise<{
    transactions: AccountTransaction[];
    logs: IndexedLog[];
    fromBlock: number;
    toBlock: number;
}>;
export type RecentHistory = Awaited<ReturnType<typeof recentHistory>>;
