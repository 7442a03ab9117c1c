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
  if (digests.length < MIN_PARALLEL) return recoverHere(digests, signatures);
  return recoverInBackground(digests, signatures).finish();
}

/**
 * Starts recovering a batch in the worker and returns at once; `finish()` recovers what is left
 * alongside it and returns every answer. The caller does other work meanwhile (verify replays the
 * previous window of blocks), so both cores are busy. Without a worker, `finish()` recovers in this
 * thread. One batch at a time: finish it before starting another, and before calling recoverMany.
 */
export function recoverInBackground(digests: Uint8Array[], signatures: string[]): { finish(): Recovered[] } {
  const p = digests.length > 0 ? start() : null;
  if (!p) return { finish: () => recoverHere(digests, signatures) };
  const claim = new SharedArrayBuffer(4);
  const next = new Int32Array(claim);
  p.worker.postMessage({ digests, signatures, claim });
  return {
    finish() {
      const out: Recovered[] = new Array(digests.length);
      for (let i = Atomics.add(next, 0, 1); i < digests.length; i = Atomics.add(next, 0, 1))
        out[i] = recoverSigner(digests[i]!, signatures[i]!);
      for (const [i, r] of takeAnswer(p) as [number, Recovered][]) out[i] = r;
      return out;
    },
  };
}

/** Recovers in this thread only (also while the worker is busy with a background batch). */
export function recoverHere(digests: Uint8Array[], signatures: string[]): Recovered[] {
  return digests.map((d, i) => recoverSigner(d, signatures[i]!));
}
