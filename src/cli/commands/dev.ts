// `tinychain dev`: a local chain for front-ends and scripts, without GitHub (anvil's job). It starts a
// chain (a git repository) with N funded accounts and prints their keys, serves the node's JSON-RPC, and
// does what a merge and the action would: whenever transaction files wait in txs/ it commits them,
// applies the block and commits it. The node then verifies the block before serving it, as always.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { GENESIS_DEFAULTS } from "../../chain/genesis.ts";
import { bytesToHex } from "../../crypto/hex.ts";
import { addressOfPrivateKey, generatePrivateKey } from "../../crypto/keys.ts";
import { explorerObserver } from "../../report/explorer-index.ts";
import { git, headCommit, isGitRepository, writeChainGitattributes } from "../../sequencer/git.ts";
import { writeFileAtomic } from "../../store/files.ts";
import { applyPending, initChain } from "../../store/ledger.ts";
import { Snapshot } from "../../store/snapshot.ts";
import { intFlag, parse } from "../args.ts";
import { chainDir, writeKeyFile } from "../chain.ts";
import { CliError } from "../errors.ts";
import { nodeCommand } from "./node.ts";
import type { Command } from "./types.ts";

const FUNDS = 10n ** 24n;
const DEV_CHAIN_ID = 31337;
const AS_DEV = ["-c", "user.name=tinychain dev", "-c", "user.email=dev@tinychain.invalid"];

/** A new chain in `dir` with `n` funded accounts; their key files under keys/. */
function createChain(dir: string, n: number): { address: string; privateKey: string; file: string }[] {
  mkdirSync(join(dir, "keys"), { recursive: true, mode: 0o700 });
  git(dir, ["init", "-q", "-b", "main"]);
  writeChainGitattributes(dir); // before the first add: state/ and txs/ go in byte for byte
  writeFileAtomic(join(dir, ".gitignore"), "keys/\n.tinychain-cache/\n");
  const accounts = Array.from({ length: n }, (_, i) => {
    const key = generatePrivateKey();
    const address = addressOfPrivateKey(key);
    const privateKey = `0x${bytesToHex(key)}`;
    const file = join("keys", `account-${i}.json`);
    writeKeyFile(join(dir, file), { address, privateKey });
    return { address, privateKey, file };
  });
  initChain(
    dir,
    {
      ...GENESIS_DEFAULTS,
      chainId: DEV_CHAIN_ID,
      name: "dev",
      minter: accounts[0]!.address,
      alloc: new Map(accounts.map((a) => [a.address, FUNDS])),
      timestamp: Math.floor(Date.now() / 1000), // not consensus: the dev chain's own start
    },
    { observer: explorerObserver() },
  );
  git(dir, [...AS_DEV, "add", "-A"]);
  git(dir, [...AS_DEV, "commit", "-q", "-m", "genesis"]);
  return accounts;
}

/** Stages `paths` and commits them when that changed anything; whether it did. */
function commitIfStaged(dir: string, paths: string[], message: string): boolean {
  git(dir, [...AS_DEV, "add", ...paths]);
  if (git(dir, ["diff", "--cached", "--name-only"]) === "") return false;
  git(dir, [...AS_DEV, "commit", "-q", "-m", message]);
  return true;
}

/** What a merge and the action do: the waiting files committed, the block applied and committed. */
function mine(dir: string): number[] {
  const snapshot = new Snapshot(dir);
  if (snapshot.pendingFiles().length === 0) return [];
  // no new file: those waiting (a nonce gap) were tried at their commit, and still wait
  if (!commitIfStaged(dir, ["txs"], "Merge: pending transactions")) return [];
  const blocks = applyPending(snapshot, headCommit(dir), { observer: explorerObserver() });
  const numbers = blocks.map((b) => b.header.number);
  commitIfStaged(dir, ["-A", "state", "txs"], `tinychain: block ${numbers.join(", ")}`);
  return numbers;
}

export const devCommand: Command = {
  name: "dev",
  summary: "a local chain: N funded accounts, JSON-RPC, and a block whenever transaction files appear",
  usage: "tinychain dev [--chain DIR] [--accounts N] [--port N] [--interval SECONDS] [--cors ORIGIN]",
  details: [
    "Starts a chain in DIR (default: the current folder) when it has none: a git repository with N funded",
    "accounts (default 5; key files in DIR/keys/, printed), chain id 31337. Then serves the node's JSON-RPC",
    "(default port 8555) and, every --interval seconds (default 1), turns the files waiting in DIR/txs/ into",
    "a block, as a merge and the action would. Write them with any transaction command and --chain DIR.",
  ].join("\n"),
  async run(argv) {
    const { values } = parse("dev", argv, {
      accounts: { type: "string" },
      port: { type: "string" },
      interval: { type: "string" },
      cors: { type: "string" },
    });
    const dir = chainDir(values);
    const n = intFlag("accounts", values.accounts, 100) ?? 5;
    const interval = Math.max(1, intFlag("interval", values.interval, 3600) ?? 1);
    const json = values.json === true;
    const say = (e: Record<string, unknown>, text: string) =>
      process.stdout.write(json ? `${JSON.stringify(e)}\n` : `${text}\n`);
    if (!new Snapshot(dir).exists()) {
      const accounts = createChain(dir, n);
      say(
        { event: "accounts", accounts },
        [`a new dev chain in ${dir} (chain id ${DEV_CHAIN_ID}); each account holds ${FUNDS} sneed:`]
          .concat(accounts.map((a, i) => `  (${i}) ${a.address}  key ${a.privateKey}  (${a.file})`))
          .join("\n"),
      );
    } else if (!isGitRepository(dir))
      throw new CliError(
        "E_USAGE",
        `${dir} holds a chain but is not a git repository`,
        2,
        "run git init there and commit it",
      );
    const timer = setInterval(() => {
      try {
        const blocks = mine(dir);
        if (blocks.length > 0) say({ event: "mined", blocks }, `mined block ${blocks.join(", ")}`);
      } catch (e) {
        say(
          { event: "error", message: e instanceof Error ? e.message : String(e) },
          `could not mine: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }, interval * 1000);
    try {
      const flags = ["--chain", dir, "--interval", String(interval)];
      if (values.port !== undefined) flags.push("--port", String(values.port));
      if (values.cors !== undefined) flags.push("--cors", String(values.cors));
      return await nodeCommand.run([...flags, ...(json ? ["--json"] : [])]);
    } finally {
      clearInterval(timer);
    }
  },
};
