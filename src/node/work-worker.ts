// A worker of the node's pool (work-pool.ts): runs one view or simulation at a time on the state held
// by the node's thread, which it reads an account or a storage entry at a time. A read is posted to
// that thread, and this one sleeps on a shared Int32Array (Atomics.wait) until the answer is there: the
// VM stays synchronous, and the state exists once, in the node's replay.
import { parentPort } from "node:worker_threads";
import type { Header } from "../chain/block.ts";
import type { Genesis } from "../chain/genesis.ts";
import type { ChainView } from "../client/query.ts";
import { takeAnswer, workerChannel } from "../store/sync-worker.ts";
import { RpcError } from "./rpc.ts";
import { type Done, type HeavyJob, type ReadAnswer, type ReadRequest, runHeavy } from "./work-pool.ts";

const channel = workerChannel();

/** The node's head moved while this job ran: its reads mix two states, so the node runs it again. */
let stale = false;

function read(...request: ReadRequest): unknown {
  channel.port.postMessage(request);
  const answer = takeAnswer(channel) as ReadAnswer;
  if (answer.error !== undefined) throw new Error(answer.error);
  if (answer.stale) {
    stale = true;
    throw new Error("the node's head moved"); // ends the job, whatever it answers: it is stale
  }
  return answer.value;
}

parentPort!.on("message", (m: { job: HeavyJob; genesis: Genesis; head: Header }) => {
  stale = false;
  const view: ChainView = {
    genesis: () => m.genesis,
    head: () => m.head,
    account: (address) => read(address) as ReturnType<ChainView["account"]>,
    storage: (address, key) => read(address, key) as string | undefined,
  };
  let done: Done;
  try {
    done = { answer: runHeavy(view, m.job) };
  } catch (e) {
    done =
      e instanceof RpcError
        ? { error: [e.rpcCode, e.message, e.data] }
        : { internal: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(stale ? { stale } : done);
});
