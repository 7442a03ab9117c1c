// The node's event index (tinychain_getLogs) at 100,000 blocks: a selective query (one contract's
// rare event, 100 matches) against the full scan it replaces (every block's receipts read and
// filtered, what a client without the index does with getBlockByNumber from 0 to the head). The
// blocks are records as the node holds them once parsed; each has 4 transactions with a Transfer log
// from one of 1,000 contracts, and every 1,000th block also an Upgraded log.

import { LogIndex } from "../src/node/log-index.ts";
import type { BlockRecord } from "../src/store/snapshot.ts";
import { fmt, median, type Report } from "./measure.ts";

const BLOCKS = 100_000;
const address = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;

function record(n: number): BlockRecord {
  const receipts = Array.from({ length: 4 }, (_, t) => ({
    id: `0x${(n * 4 + t).toString(16).padStart(64, "0")}`,
    logs: [
      { address: address((n * 4 + t) % 1000), event: "Transfer", args: ["0x1", "0x2", String(n)] },
      ...(n % 1000 === 0 && t === 0 ? [{ address: address(7), event: "Upgraded", args: [String(n)] }] : []),
    ],
  }));
  return {
    header: { hash: `0x${n.toString(16).padStart(64, "0")}` },
    transactions: [],
    receipts,
    rejected: [],
  };
}

export function benchLogs(report: Report): void {
  const records = Array.from({ length: BLOCKS }, (_, n) => record(n));
  const index = new LogIndex();
  const t0 = performance.now();
  for (let n = 0; n < BLOCKS; n++) index.addBlock(n, records[n]!);
  const build = performance.now() - t0;
  const filter = { address: address(7), event: "Upgraded", fromBlock: 0, toBlock: BLOCKS - 1, limit: 1000 };
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
  const indexed = time(() => index.query(filter).logs.length);
  const scan = time(() => {
    let found = 0;
    for (const r of records)
      for (const receipt of r.receipts)
        for (const l of (receipt as { logs: { address: string; event: string }[] }).logs)
          if (l.address === filter.address && l.event === filter.event) found++;
    return found;
  });
  const page = time(
    () => index.query({ ...filter, address: undefined, event: "Transfer", fromBlock: 50_000 }).logs.length,
  );
  report.section(
    `Node: the event index at ${BLOCKS.toLocaleString("en")} blocks (${index.size.toLocaleString("en")} logs)`,
  );
  report.row(
    `${"index built as the blocks replay"}: ${`${fmt(build)} ms in all (${fmt((build * 1000) / BLOCKS, 2)} µs a block)`}`,
  );
  report.row(
    `${`tinychain_getLogs, one contract's rare event (${indexed.found} matches)`}: ${`${fmt(indexed.ms, 3)} ms`}`,
  );
  report.row(
    `${`a full scan of every block's receipts for the same (${scan.found} matches)`}: ${`${fmt(scan.ms)} ms`}`,
  );
  report.row(
    `${`tinychain_getLogs, a page of 1,000 Transfers from block 50,000 (${page.found})`}: ${`${fmt(page.ms, 3)} ms`}`,
  );
}
