// A worker thread that the thread beside it can wait for synchronously (the recovery pool, the node's
// pool): one answers by posting on a port of their own and then raising a shared flag; the other
// sleeps on the flag (Atomics.wait) and takes the message with receiveMessageOnPort, so the code that
// waits stays synchronous (the VM, a replay).

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, workerData } from "node:worker_threads";

/** One side of the channel: the port it posts and takes on, and the shared flag. */
type SyncChannel = Omit<ReturnType<typeof startWorker>, "worker">;

/** A worker's side: its workerData's `port`, and an Int32Array on its `signal`. */
export const workerChannel = (): SyncChannel => ({
  port: workerData.port,
  signal: new Int32Array(workerData.signal),
});

/** The worker's bundle at `url`, beside the running one; undefined without it (the tests run the sources). */
export function bundledWorker(url: URL): string | undefined {
  try {
    const path = fileURLToPath(url);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the worker of `file` and returns this thread's side of its channel; neither keeps the process running. */
export function startWorker(file: string) {
  const shared = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(file, { workerData: { signal: shared, port: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal: new Int32Array(shared) };
}

/** Posts the answer the other side waits for, then raises the flag. */
export function answer(channel: SyncChannel, message: unknown): void {
  channel.port.postMessage(message);
  Atomics.store(channel.signal, 0, 1);
  Atomics.notify(channel.signal, 0);
}

/** Sleeps until the other side has answered, and takes its answer (the flag lowered for the next one). */
export function takeAnswer(channel: SyncChannel): unknown {
  const { port, signal } = channel;
  while (Atomics.load(signal, 0) === 0) Atomics.wait(signal, 0, 0, 1000);
  let message = receiveMessageOnPort(port);
  while (!message) {
    // the flag is set right after the answer is posted; the message may lag it by a moment
    Atomics.wait(signal, 0, 1, 1);
    message = receiveMessageOnPort(port);
  }
  Atomics.store(signal, 0, 0);
  return message.message;
}
