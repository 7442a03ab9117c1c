// Simulation (validate, the PR comment, the CLI's estimates, the node's tinychain_simulate): what the
// pending files would do if they were merged now, on the head state, through the chain's own block
// building. Nothing is written.

import { nextBlockContext } from "../chain/block-transition.ts";
import { State } from "../chain/state.ts";
import { checkNonce, type PreparedTx, type Receipt } from "../chain/transition.ts";
import type { ChainView } from "../client/query.ts";
import type { PendingFile } from "../store/snapshot.ts";
import { type TraceFrame, Tracer } from "../tools/trace.ts";
import { buildBlock } from "./auction.ts";
import { type Prepared, prepareFiles } from "./ledger.ts";

/**
 * What would happen to these files if they were merged now: they are replayed in block order on the
 * head state, over as many blocks as the gas limit needs, with the head's timestamp (a preview; the
 * real block takes its commit's time). Nothing is written.
 */
export function simulate(view: ChainView, files: PendingFile[] | Prepared, trace = false) {
  const traces = new Map<string, TraceFrame>(); // with `trace`: what each executed transaction did, by file
  const traceOf = (p: PreparedTx) => {
    const tracer = new Tracer();
    traces.set(p.file, tracer.root);
    return tracer;
  };
  const genesis = view.genesis();
  const head = view.head();
  const state = new State(view); // after every simulated block (thrown away by the caller, or built upon)
  // files already prepared (parsed, signers recovered) can be simulated again at no such cost
  const { prepared, rejected } = Array.isArray(files) ? prepareFiles(files, genesis.chainId) : files;
  const receipts: (Receipt & { block: number })[] = []; // in execution order, across as many blocks as needed
  const invalid = [...rejected]; // rejected when checked, or waiting on a nonce gap
  let parent = head;
  let ctx = nextBlockContext(genesis, head, head.timestamp);
  const baseFee = ctx.baseFee;
  let queue = prepared;
  for (;;) {
    const built = buildBlock(state, queue, ctx, trace ? traceOf : undefined);
    receipts.push(...built.receipts.map((r) => ({ ...r, block: Number(ctx.number) })));
    invalid.push(...built.rejected);
    if (built.receipts.length === 0 || built.pending.length === 0) {
      // a file still waiting after the last simulated block: its nonce check says why
      for (const p of built.pending) {
        const message = `${p.file} waits for an earlier transaction of ${p.tx.from}`;
        const error = checkNonce(state, p.tx) ?? { code: "E_NONCE_GAP" as const, message };
        invalid.push({ file: p.file, id: p.id, error });
      }
      break;
    }
    parent = { ...parent, number: Number(ctx.number), baseFee: ctx.baseFee, gasUsed: built.gasUsed };
    ctx = nextBlockContext(genesis, parent, head.timestamp);
    queue = built.pending;
  }
  return { head, baseFee, receipts, invalid, state, traces };
}
export type Simulation = ReturnType<typeof simulate>;
