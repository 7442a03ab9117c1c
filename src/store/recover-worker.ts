// The worker of the recovery pool (recover-pool.ts): shares each batch with the main thread, both
// claiming the next signature from a shared counter until none is left, and signals completion through
// a shared Int32Array, so the main thread can wait synchronously.
import { parentPort } from "node:worker_threads";
import { type Recovered, recoverSigner } from "../crypto/signature.ts";
import { answer, workerChannel } from "./sync-worker.ts";

const channel = workerChannel();

parentPort!.on(
  "message",
  (batch: { digests: Uint8Array[]; signatures: string[]; claim: SharedArrayBuffer }) => {
    const claim = new Int32Array(batch.claim);
    const results: [number, Recovered][] = [];
    for (let i = Atomics.add(claim, 0, 1); i < batch.digests.length; i = Atomics.add(claim, 0, 1))
      results.push([i, recoverSigner(batch.digests[i]!, batch.signatures[i]!)]);
    answer(channel, results);
  },
);
