// The worker of the recovery pool (recover-pool.ts): recovers signers for batches it is sent and
// signals completion through a shared Int32Array, so the main thread can wait synchronously.
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { recoverSigner } from "../crypto/signature.ts";

const signal = new Int32Array(workerData.signal as SharedArrayBuffer);
const answers = workerData.port as MessagePort;

parentPort!.on("message", (batch: { digests: Uint8Array[]; signatures: string[] }) => {
  const results = batch.digests.map((d, i) => recoverSigner(d, batch.signatures[i]!));
  answers.postMessage(results);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
