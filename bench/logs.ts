// The node's indexes at 100,000 blocks: a selective query (one contract's rare event, 100 matches;
// one account's 100 transactions) against the full scan it replaces (every block's receipts read and
// filtered, what a client without the index does with getBlockByNumber from 0 to the head). The
// blocks are records as the node holds them once parsed; each has 4 transactions, each from one of
// 1,000 senders with a Transfer log from one of 1,000 contracts (its changes: the sender, the
// contract, the coinbase); every 1,000th block also has an Upgraded log, and a transaction from a
// rare sender.

import { accountsOf } from "../src/client/history.ts";
import { LOGS, logList, PostingIndex, TXS } from "../src/node/log-index.ts";
import type { BlockRecord } from "../src/store/snapshot.ts";
import { fmt, median, type Report } from "./measure.ts";

const BLOCKS = 100_000;
const address = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;
const RARE = address(99_999);
const COINBASE = address(88_888);

function record(n: number): BlockRecord {
  const receipts = Array.from({ length: 4 }, (_, t) => {
    const contract = address((n * 4 + t) % 1000);
    const from = n % 1000 === 0 && t === 0 ? RARE : address(10_000 + ((n * 4 + t) % 1000));
    const change = (a: string, field: string) => ({ address: a, field, before: "1", after: "2" });
    return {
      id: `0x${(n * 4 + t).toString(16).padStart(64, "0")}`,
      from,
      nonce: n,
      status: 0,
      logs: [
        { address: contract, event: "Transfer", args: ["0x1", "0x2", String(n)] },
        ...(n % 1000 === 0 && t === 0 ? [{ address: address(7), event: "Upgraded", args: [String(n)] }] : []),
      ],
      changes: [
        change(from, "balance"),
        change(from, "nonce"),
        change(contract, "storage"),
        change(COINBASE, "balance"),
      ],
    };
  });
  return {
    header: { hash: `0x${n.toString(16).padStart(64, "0")}` },
    transactions: [],
    receipts,
    rejected: [],
  };
}

const time = (f: () => number) => {
  const runs: number[] = [];
  let found = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    found = f();
    runs.push(performance.now() - t);
  }
  return { ms: median(runs), found };
};

export function benchLogs(report: Report): void {
  const records = Array.from({ length: BLOCKS }, (_, n) => record(n));
  const index = new PostingIndex(LOGS);
  const txs = new PostingIndex(TXS);
  const t0 = performance.now();
  for (let n = 0; n < BLOCKS; n++) index.addBlock(n, records[n]!);
  const build = performance.now() - t0;
  const t1 = performance.now();
  for (let n = 0; n < BLOCKS; n++) txs.addBlock(n, records[n]!);
  const txBuild = performance.now() - t1;
  const filter = { address: address(7), event: "Upgraded", fromBlock: 0, toBlock: BLOCKS - 1, limit: 1000 };
  const indexed = time(() => index.find(logList(filter.address, filter.event), filter).found.length);
  const scan = time(() => {
    let found = 0;
    for (const r of records)
      for (const receipt of r.receipts)
        for (const l of (receipt as { logs: { address: string; event: string }[] }).logs)
          if (l.address === filter.address && l.event === filter.event) found++;
    return found;
  });
  const page = time(
    () => index.find(logList(undefined, "Transfer"), { ...filter, fromBlock: 50_000 }).found.length,
  );
  const range = { fromBlock: 0, toBlock: BLOCKS - 1, limit: 1000 };
  const history = time(() => txs.find(RARE, { ...range, descending: true }).found.length);
  const historyScan = time(() => {
    let found = 0;
    for (const r of records)
      for (const receipt of r.receipts) if (accountsOf(receipt).includes(RARE)) found++;
    return found;
  });
  const newest = time(() => txs.find(COINBASE, { ...range, descending: true }).found.length);
  report.section(
    `Node: the event and transaction indexes at ${BLOCKS.toLocaleString("en")} blocks (${index.rows.length.toLocaleString("en")} logs, ${txs.rows.length.toLocaleString("en")} transactions)`,
  );
  const row = (what: string, figure: string) => report.row(`${what}: ${figure}`);
  row(
    "event index built as the blocks replay",
    `${fmt(build)} ms in all (${fmt((build * 1000) / BLOCKS, 2)} µs a block)`,
  );
  row(`tinychain_getLogs, one contract's rare event (${indexed.found} matches)`, `${fmt(indexed.ms, 3)} ms`);
  row(`a full scan of every block's receipts for the same (${scan.found} matches)`, `${fmt(scan.ms)} ms`);
  row(
    `tinychain_getLogs, a page of 1,000 Transfers from block 50,000 (${page.found})`,
    `${fmt(page.ms, 3)} ms`,
  );
  row(
    "transaction index built as the blocks replay",
    `${fmt(txBuild)} ms in all (${fmt((txBuild * 1000) / BLOCKS, 2)} µs a block)`,
  );
  row(
    `tinychain_getTransactions, one account's history, newest first (${history.found} matches)`,
    `${fmt(history.ms, 3)} ms`,
  );
  row(
    `a full scan of every block's receipts for the same (${historyScan.found} matches)`,
    `${fmt(historyScan.ms)} ms`,
  );
  row(
    `tinychain_getTransactions, the coinbase's newest 1,000 (it is in every transaction: ${newest.found})`,
    `${fmt(newest.ms, 3)} ms`,
  );
}
