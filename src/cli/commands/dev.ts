// `tinychain dev`: a local chain for front-ends and scripts, without GitHub (anvil's job). It starts a
// chain (a git repository) with N funded accounts and prints their keys, serves the node's JSON-RPC, and
// does what a merge and the action would: whenever transaction files wait in txs/ it commits them,
// applies the block and commits it. The node then verifies the block before serving it, as always.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { GENESIS_DEFAULTS } from "../../chain/genesis.ts";
import { explorerObserver } from "../../report/explorer-index.ts";
import { git, isGitRepository, writeChainGitattributes } from "../../sequencer/git.ts";
import { initChain } from "../../sequencer/ledger.ts";
import { writeFileAtomic } from "../../store/files.ts";
import { Snapshot } from "../../store/snapshot.ts";
import { intFlag, parse } from "../args.ts";
import { chainDir, writeKeyFile } from "../chain.ts";
import { CliError, UsageError } from "../errors.ts";
import {
  AS_DEV,
  accountOf,
  DEV_MNEMONIC,
  type DevAccount,
  devKeys,
  devMethods,
  mine,
  savedAccounts,
} from "./dev-chain.ts";
import { serveNode } from "./node.ts";
import type { Command } from "./types.ts";

const FUNDS = 10n ** 24n;
const DEV_CHAIN_ID = 31337;

/** A new chain in `dir` funding the accounts of `keys`; their key files (0600) under keys/. */
function createChain(dir: string, keys: Uint8Array[]): DevAccount[] {
  mkdirSync(join(dir, "keys"), { recursive: true, mode: 0o700 });
  git(dir, ["init", "-q", "-b", "main"]);
  writeChainGitattributes(dir); // before the first add: state/ and txs/ go in byte for byte
  writeFileAtomic(join(dir, ".gitignore"), "keys/\n.tinychain-cache/\n");
  const accounts = keys.map((key, i) => {
    const account = accountOf(key, join("keys", `account-${i}.json`));
    writeKeyFile(join(dir, account.file), { address: account.address, privateKey: account.privateKey });
    return account;
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

export const devCommand: Command = {
  name: "dev",
  summary: "a local chain: N funded accounts, JSON-RPC, and a block whenever transaction files appear",
  usage:
    "tinychain dev [--chain DIR] [--accounts N] [--seed MNEMONIC | --random] [--port N] [--interval SECONDS] [--cors ORIGIN]",
  details: [
    "Starts a chain in DIR (default: the current folder) when it has none: a git repository with N funded",
    "accounts (default 5; key files in DIR/keys/), chain id 31337. The accounts are those of a mnemonic,",
    `the same at every start: by default anvil's and Hardhat's ("${DEV_MNEMONIC}"), public`,
    "keys for a dev chain only; --seed MNEMONIC picks another, --random makes random keys. They are printed",
    "at every start. Then serves the node's JSON-RPC (default port 8555) with tinychain_sendTransaction,",
    "dev_mine and dev_mineTo (docs/rpc.md), and every --interval seconds (default 1) turns the files waiting",
    "in DIR/txs/ into a block, as a merge and the action would (write them with any transaction command",
    "and --chain DIR).",
  ].join("\n"),
  async run(argv) {
    const { values } = parse(devCommand, argv);
    const dir = chainDir(values);
    const n = intFlag("accounts", values.accounts, 100) ?? 5;
    const interval = Math.max(1, intFlag("interval", values.interval, 3600) ?? 1);
    const json = values.json === true;
    const say = (e: Record<string, unknown>, text: string) =>
      process.stdout.write(json ? `${JSON.stringify(e)}\n` : `${text}\n`);
    const seed = values.seed as string | undefined;
    if (seed !== undefined && values.random === true)
      throw new UsageError("--seed and --random are two ways to choose the keys: pass one");
    const fresh = !new Snapshot(dir).exists();
    if (!fresh && !isGitRepository(dir))
      throw new CliError(
        "E_USAGE",
        `${dir} holds a chain but is not a git repository`,
        2,
        "run git init there and commit it",
      );
    // the accounts of a chain already made are its key files; --seed and --random choose a new chain's
    const accounts = fresh ? createChain(dir, devKeys(n, seed, values.random === true)) : savedAccounts(dir);
    const where = fresh ? `a new dev chain in ${dir}` : `the dev chain in ${dir}`;
    say(
      { event: "accounts", accounts },
      [`${where} (chain id ${DEV_CHAIN_ID}); its accounts, each funded with ${FUNDS} sneed at genesis:`]
        .concat(accounts.map((a, i) => `  (${i}) ${a.address}  key ${a.privateKey}  (${a.file})`))
        .join("\n"),
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
      return await serveNode([...flags, ...(json ? ["--json"] : [])], (follower, pool) =>
        devMethods(dir, follower, pool, say),
      );
    } finally {
      clearInterval(timer);
    }
  },
};
