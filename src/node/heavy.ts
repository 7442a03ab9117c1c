// The two calls that run the VM, up to a block's gas (seconds of CPU) each: tinychain_view and
// tinychain_simulate. Plain functions of a chain view and of parameters already checked by methods.ts:
// the node runs them on its worker threads (work-pool.ts), or on its own thread when it has none.

import { parseTransaction, transactionFileName } from "../chain/transaction.ts";
import type { Receipt } from "../chain/transition.ts";
import type { ChainView } from "../client/query.ts";
import { viewCall } from "../client/query.ts";
import { readValue } from "../lang/data.ts";
import { receiptJson } from "../report/receipts.ts";
import { simulate } from "../sequencer/simulate.ts";
import { INVALID_TRANSACTION, RpcError } from "./rpc.ts";

export type HeavyJob =
  /** args: Lisp literals as text, each already read once (methods.ts) */
  | { kind: "view"; target: string; fn: string; args: string[]; gas?: number }
  | { kind: "simulate"; content: string; file?: string };

/** The method's result, and the gas it used (a request's budget is counted in gas: methods.ts). */
export interface HeavyAnswer {
  result: unknown;
  gas: number;
}

export function runHeavy(view: ChainView, job: HeavyJob): HeavyAnswer {
  if (job.kind === "view") {
    const r = viewCall(
      view,
      job.target,
      job.fn,
      job.args.map((a) => readValue(a)),
      job.gas,
    );
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
