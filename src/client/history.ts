// An account's transactions and a contract's events: what "an account's transaction" is, once for the
// node's index (tinychain_getTransactions) and for a reader of a chain's block files with no node (a
// chain on GitHub: the web page, `recentHistory`), which reads the blocks themselves, newest first.

import { blockPath } from "../chain/layout.ts";
import type { RemoteChain } from "./remote.ts";
import type { AccountTransaction, IndexedLog } from "./types.ts";

/**
 * The accounts a transaction concerns: its sender, then each address whose state it changed (a
 * recipient's balance, a contract's storage, a deployment's code, the coinbase's tip), each once.
 */
export function accountsOf(r: { from?: unknown; changes?: unknown }): string[] {
  const changes = Array.isArray(r.changes) ? (r.changes as { address: string }[]) : [];
  return [...new Set([String(r.from), ...changes.map((c) => c.address)])];
}

/** How many block files one `recentHistory` reads: one request each. */
export const SCAN_BLOCKS = 100;

/**
 * `account`'s transactions and events in the block files from `toBlock` down to `blocks` blocks before
 * it (fetched at once, each once per RemoteChain): a search of a chain's recent blocks, without a node.
 */
export async function recentHistory(
  chain: RemoteChain,
  account: string,
  toBlock: number,
  blocks = SCAN_BLOCKS,
) {
  const fromBlock = Math.max(0, toBlock - blocks + 1);
  const numbers = Array.from({ length: toBlock - fromBlock + 1 }, (_, i) => fromBlock + i);
  await chain.prefetch(numbers.map(blockPath));
  // the account's transactions and the events it emitted (a contract's), newest first; the blocks read
  const found = { transactions: [] as AccountTransaction[], logs: [] as IndexedLog[], fromBlock, toBlock };
  for (const block of numbers) {
    const b = chain.block(block);
    b?.receipts.forEach((r, transactionIndex) => {
      const at = { block, blockHash: String(b.header.hash), transaction: r.id, transactionIndex };
      if (accountsOf(r).includes(account))
        found.transactions.push({ ...at, from: r.from, nonce: r.nonce, status: r.status });
      r.logs.forEach((l, logIndex) => {
        if (l.address === account) found.logs.push({ ...at, logIndex, ...l });
      });
    });
  }
  found.transactions.reverse();
  found.logs.reverse();
  return found;
}

export type RecentHistory = Awaited<ReturnType<typeof recentHistory>>;
