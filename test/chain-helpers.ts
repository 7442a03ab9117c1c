// Scratch chains on disk for process-level tests.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  signTransaction,
  type Transaction,
  transactionFileBytes,
  transactionFileName,
} from "../src/chain/transaction.ts";
import { explorerObserver } from "../src/report/explorer.ts";
import { initChain } from "../src/sequencer/ledger.ts";
import { alice, bob, CHAIN_ID, genesis, type TestKey } from "./chain/fixtures.ts";
import { CLI } from "./helpers.ts";

export function scratchChain(): string {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-test-"));
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  execFileSync("git", ["-C", dir, "config", "user.email", "test@example.com"]);
  execFileSync("git", ["-C", dir, "config", "user.name", "test"]);
  initChain(dir, genesis(), { observer: explorerObserver() }); // as `tinychain init` does
  writeFileSync(
    join(dir, "alice.json"),
    JSON.stringify({
      address: alice.address,
      privateKey: `0x${Buffer.from(alice.privateKey).toString("hex")}`,
    }),
    { mode: 0o600 },
  );
  writeFileSync(
    join(dir, "bob.json"),
    JSON.stringify({ address: bob.address, privateKey: `0x${Buffer.from(bob.privateKey).toString("hex")}` }),
    { mode: 0o600 },
  );
  return dir;
}

/** A signed transaction with test defaults (nonce 0, gas limit 200,000, max fee 30, tip 2). */
export function signedTx(k: TestKey, data: string, fields: Partial<Transaction> = {}): Transaction {
  const tx = {
    chainId: CHAIN_ID,
    from: k.address,
    nonce: 0,
    gasLimit: 200_000,
    maxFeePerGas: 30n,
    maxPriorityFeePerGas: 2n,
    data,
  };
  return signTransaction({ ...tx, ...fields }, k.privateKey);
}

export function writeTx(
  dir: string,
  k: TestKey,
  data: string,
  fields: Partial<Transaction> = {},
): Transaction {
  const tx = signedTx(k, data, fields);
  writeFileSync(join(dir, transactionFileName(tx)), transactionFileBytes(tx));
  return tx;
}

export function commitAll(dir: string, message = "change"): void {
  execFileSync("git", ["-C", dir, "add", "-A"]);
  execFileSync("git", ["-C", dir, "commit", "-q", "-m", message]);
}

export interface RunningNode {
  url: string;
  process: ChildProcess;
  events: Record<string, unknown>[];
}

/** Starts a node and waits for its "listening" event. */
export async function startNode(args: string[], cwd: string): Promise<RunningNode> {
  const child = spawn(process.execPath, [CLI, "node", "--port", "0", "--json", ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: Record<string, unknown>[] = [];
  let buffered = "";
  let stderr = "";
  child.stderr!.on("data", (c) => {
    stderr += c;
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (c) => {
      buffered += c;
      let nl = buffered.indexOf("\n");
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf("\n");
        if (!line.startsWith('{"event"')) {
          stderr += line; // an error document, printed before the node exits
          continue;
        }
        const e = JSON.parse(line);
        events.push(e);
        if (e.event === "listening") resolve({ url: e.url, process: child, events });
      }
    });
    child.on("exit", (code) => reject(new Error(`node exited with ${code}: ${stderr}`)));
  });
}
