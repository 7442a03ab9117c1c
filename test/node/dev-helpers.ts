// `tinychain dev` as a process for the tests: started on a scratch folder, its JSON events collected.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signTransaction, transactionFileBytes } from "../../src/chain/transaction.ts";
import { hexToBytes } from "../../src/crypto/hex.ts";
import { CLI } from "../helpers.ts";

export interface RunningDev {
  url: string;
  dir: string;
  child: ChildProcess;
  events: Record<string, any>[];
  stop(): Promise<void>;
}

export const freshDir = () => join(mkdtempSync(join(tmpdir(), "tinychain-dev-")), "chain");

export function startDev(args: string[] = [], dir = freshDir()): Promise<RunningDev> {
  const child = spawn(process.execPath, [CLI, "dev", "--chain", dir, "--port", "0", "--json", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const events: RunningDev["events"] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c) => {
      out += c;
      const lines = out.split("\n");
      out = lines.pop()!;
      for (const l of lines) {
        const e = JSON.parse(l);
        events.push(e);
        if (e.event === "listening") resolve({ url: e.url, dir, child, events, stop });
      }
    });
    child.on("exit", (code) => reject(new Error(`dev exited with ${code}`)));
  });
}

let nextId = 1;
export async function rpc(
  url: string,
  method: string,
  params?: unknown,
): Promise<{ result?: any; error?: any }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: nextId++,
      method,
      ...(params === undefined ? {} : { params }),
    }),
  });
  return (await res.json()) as { result?: unknown; error?: unknown };
}

export async function result(url: string, method: string, params?: unknown) {
  const r = await rpc(url, method, params);
  if (r.error) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.result;
}

/** A signed transaction file's text for the dev chain (chain id 31337). */
export function devTx(account: { address: string; privateKey: string }, data: string, nonce: number): string {
  const tx = signTransaction(
    {
      chainId: 31337,
      from: account.address,
      nonce,
      gasLimit: 200_000,
      maxFeePerGas: 30n,
      maxPriorityFeePerGas: 2n,
      data,
    },
    hexToBytes(account.privateKey.slice(2)),
  );
  return new TextDecoder().decode(transactionFileBytes(tx));
}
