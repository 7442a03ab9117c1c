// Signature recovery on two cores. Recovery is the bound of validation and of `verify` (about 270 µs
// each), and every transaction's is independent, so a batch is shared between one worker and this
// thread: the worker starts at once, this thread joins when it calls finish(), and each takes the next
// signature from a shared counter, so neither waits while the other has work, however busy this thread
// was meanwhile. The caller stays synchronous: the worker's answer is awaited with Atomics.wait and
// taken with receiveMessageOnPort. Small batches, or a build without the worker file (the tests run
// the sources), recover in this thread alone; the answers are the same either way.

import { type Recovered, recoverSigner } from "../crypto/signature.ts";
import { bundledWorker, startWorker, takeAnswer } from "./sync-worker.ts";

const MIN_PARALLEL = 256;

let pool: ReturnType<typeof startWorker> | null | undefined;

function start(): typeof pool {
  if (pool !== undefined) return pool;
  const file = bundledWorker(new URL("./recover-worker.js", import.meta.url));
  return (pool = file && process.env.TINYCHAIN_THREADS !== "1" ? startWorker(file) : null);
}

/** Recovers the signer of each (digest, signature); the same answers as recoverSigner one by one. */
export function recoverMany(digests: Uint8Array[], signatures: string[]): Recovered[] {
  return recoverInBackground(digests, signatures, digests.length >= MIN_PARALLEL).finish();
}

/**
 * Starts recovering a batch in the worker and returns at once; `finish()` recovers what is left
 * alongside it and returns every answer. The caller does other work meanwhile (verify replays the
 * previous window of blocks), so both cores are busy. Without a worker (or not `parallel`), `finish()`
 * recovers in this thread. One batch at a time: finish it before starting another, and before calling
 * recoverMany.
 */
export function recoverInBackground(
  digests: Uint8Array[],
  signatures: string[],
  parallel = digests.length > 0,
) {
  const p = parallel ? start() : null;
  const next = new Int32Array(new SharedArrayBuffer(4));
  p?.worker.postMessage({ digests, signatures, claim: next.buffer });
  return {
    finish() {
      const out: Recovered[] = new Array(digests.length);
      for (let i = Atomics.add(next, 0, 1); i < digests.length; i = Atomics.add(next, 0, 1))
        out[i] = recoverSigner(digests[i]!, signatures[i]!);
      if (p) for (const [i, r] of takeAnswer(p) as [number, Recovered][]) out[i] = r;
      return out;
    },
  };
}
