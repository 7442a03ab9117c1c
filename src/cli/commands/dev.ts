// `tinychain dev`: a local chain for front-ends and scripts, without GitHub (anvil's job). It starts a
// chain (a git repository) with N funded accounts and prints their keys, serves the node's JSON-RPC, and
// does what a merge and the action would: whenever transaction files wait in txs/ it commits them,
// applies the block and commits it. The node then verifies the block before serving it, as always.
// Its accounts come from a mnemonic (the same ones at every start, as anvil's), and it adds the JSON-RPC
// methods a front end drives it with (docs/rpc.md "tinychain dev"): tinychain_sendTransaction, dev_mine,
// dev_mineTo.

import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HDKey } from "@scure/bip32";
import { mnemonicToSeedSync, validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english";
import { GENESIS_DEFAULTS } from "../../chain/genesis.ts";
import { parseTransaction, type Transaction, transactionFileName } from "../../chain/transaction.ts";
import { bytesToHex } from "../../crypto/hex.ts";
import { addressOfPrivateKey, generatePrivateKey } from "../../crypto/keys.ts";
import type { Follower } from "../../node/follower.ts";
import { badParam } from "../../node/methods.ts";
import { INVALID_PARAMS, INVALID_TRANSACTION, type Method, RpcError } from "../../node/rpc.ts";
import type { WorkPool } from "../../node/work-pool.ts";
import { explorerObserver } from "../../report/explorer.ts";
import { git, headCommit, isGitRepository, writeChainGitattributes } from "../../sequencer/git.ts";
import { applyPending, initChain } from "../../sequencer/ledger.ts";
import { writeFileAtomic } from "../../store/files.ts";
import { Snapshot } from "../../store/snapshot.ts";
import { type Command, intFlag, UsageError } from "../command.ts";
import { writeKeyFile } from "../keyfile.ts";
import { eventLog } from "../serve.ts";
import { serveNode } from "./node.ts";

/** anvil's and Hardhat's: a front end's wallet that knows their accounts knows these. Public: dev only. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/** The accounts' derivation path (BIP-44, Ethereum's coin type): account i is …/i, as in every wallet. */
const DEV_PATH = "m/44'/60'/0'/0";
/** dev_mine and dev_mineTo make at most this many blocks per call (each is a commit and a replay). */
const MAX_MINE = 100;

const AS_DEV = ["-c", "user.name=tinychain dev", "-c", "user.email=dev@tinychain.invalid"];

/** The private keys of the dev chain's accounts: from the mnemonic (default DEV_MNEMONIC), or random. */
function devKeys(n: number, seed: string | undefined, random: boolean): Uint8Array[] {
  if (random) return Array.from({ length: n }, () => generatePrivateKey());
  const phrase = (seed ?? DEV_MNEMONIC).trim().split(/\s+/).join(" ");
  if (!validateMnemonic(phrase, wordlist))
    throw new UsageError(
      "--seed must be a BIP-39 mnemonic (12 to 24 English words with a valid checksum)",
      `the default is "${DEV_MNEMONIC}"; --random makes random keys instead`,
    );
  const root = HDKey.fromMasterSeed(mnemonicToSeedSync(phrase));
  return Array.from({ length: n }, (_, i) => root.derive(`${DEV_PATH}/${i}`).privateKey!);
}

/** The accounts whose key files dev wrote under keys/ (printed at every start). */
function savedAccounts(dir: string): { address: string; privateKey: string; file: string }[] {
  const keys = join(dir, "keys");
  const names = existsSync(keys) ? readdirSync(keys).filter((f) => /^account-[0-9]+\.json$/.test(f)) : [];
  names.sort((a, b) => Number(a.match(/[0-9]+/)![0]) - Number(b.match(/[0-9]+/)![0]));
  return names.flatMap((name) => {
    try {
      const doc = JSON.parse(readFileSync(join(keys, name), "utf8"));
      if (typeof doc.address !== "string" || typeof doc.privateKey !== "string") return [];
      return [{ address: doc.address, privateKey: doc.privateKey, file: join("keys", name) }];
    } catch {
      return []; // not one of ours (an encrypted keystore, a damaged file): not printed
    }
  });
}

/** Stages `paths` and commits them when that changed anything; whether it did. */
function commitIfStaged(dir: string, paths: string[], message: string): boolean {
  git(dir, [...AS_DEV, "add", ...paths]);
  if (git(dir, ["diff", "--cached", "--name-only"]) === "") return false;
  git(dir, [...AS_DEV, "commit", "-q", "-m", message]);
  return true;
}

/**
 * What a merge and the action do: the waiting files committed, the block applied and committed. With
 * `empty`, a block is made even when nothing waits (its trigger an empty commit); with `interval`, the
 * block's time is its parent's and that many seconds, instead of its trigger commit's.
 */
function mine(dir: string, options: { empty?: boolean; interval?: number } = {}): number[] {
  const snapshot = new Snapshot(dir);
  // no new file: those waiting (a nonce gap) were tried at their commit, and still wait
  if (!commitIfStaged(dir, ["txs"], "Merge: pending transactions")) {
    if (!options.empty) return [];
    git(dir, [...AS_DEV, "commit", "-q", "--allow-empty", "-m", "Merge: an empty block (dev_mine)"]);
  }
  const trigger = headCommit(dir);
  if (options.interval !== undefined) trigger.timestamp = snapshot.head().timestamp + options.interval;
  const blocks = applyPending(snapshot, trigger, { observer: explorerObserver(), empty: options.empty });
  const numbers = blocks.map((b) => b.header.number);
  commitIfStaged(dir, ["-A", "state", "txs"], `tinychain: block ${numbers.join(", ")}`);
  return numbers;
}

const count = (name: string, v: unknown, min: number, max: number): number => {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max)
    throw badParam(name, v, `a whole number from ${min} to ${max}`);
  return v;
};

/** The methods `tinychain dev` adds to the node's; `log` says what they did (a `mined` event). */
function devMethods(dir: string, node: Follower, pool: WorkPool, log: ReturnType<typeof eventLog>) {
  /** the node serves the blocks just mined, and says so */
  const served = async (blocks: number[]) => {
    await node.sync();
    log({ event: "mined", blocks });
  };
  /** mines `n` blocks (the first takes the waiting files), then serves them; their numbers */
  const mineBlocks = async (n: number, interval: number | undefined) => {
    const blocks = Array.from({ length: n }, () => mine(dir, { empty: true, interval })).flat();
    await served(blocks);
    return { blocks, head: { number: node.head().number, hash: node.head().hash } };
  };
  const interval = (v: unknown) => (v === undefined ? undefined : count("interval", v, 0, 10 ** 9));

  return {
    tinychain_sendTransaction: {
      params: ["file"],
      async run([file], context) {
        const text = typeof file === "object" && file !== null ? JSON.stringify(file) : file;
        if (typeof text !== "string")
          throw badParam("file", file, "a signed transaction file: its text, or its JSON");
        // the pull-request check's replay on the head state: an invalid file is refused with its code
        // (a file that does not parse is refused there: this parse succeeds)
        await pool.run(context.client, { kind: "simulate", content: text });
        const path = transactionFileName(parseTransaction(new TextEncoder().encode(text)) as Transaction);
        const taken = `${path} already waits in txs/ with another transaction of that nonce`;
        if (existsSync(join(dir, path))) throw new RpcError(INVALID_PARAMS, taken, { code: "E_EXISTS" });
        writeFileAtomic(join(dir, path), text);
        const mined = mine(dir);
        await served(mined);
        for (const n of mined) {
          const record = node.blockRecord(n);
          const receipt = record?.receipts.find((r) => r.file === path);
          if (receipt) return { ...receipt, block: n };
          const { code, message } = record?.rejected.find((r) => r.file === path) ?? {};
          if (code) throw new RpcError(INVALID_TRANSACTION, `${code}: ${message}`, { code, file: path });
        }
        const gap = `${path} was not mined: it waits in txs/ for an earlier nonce`;
        throw new RpcError(INVALID_TRANSACTION, gap, { code: "E_NONCE_GAP", file: path });
      },
    },

    dev_mine: {
      params: ["blocks", "interval"],
      required: 0,
      run: ([blocks, seconds]) =>
        mineBlocks(blocks === undefined ? 1 : count("blocks", blocks, 1, MAX_MINE), interval(seconds)),
    },

    dev_mineTo: {
      params: ["number", "interval"],
      required: 1,
      run([number, seconds]) {
        const head = node.head().number;
        const to = count("number", number, 0, Number.MAX_SAFE_INTEGER);
        const want = `a block number from ${head + 1} to ${head + MAX_MINE} (the head is ${head})`;
        if (to <= head || to - head > MAX_MINE) throw badParam("number", number, want);
        return mineBlocks(to - head, interval(seconds));
      },
    },
  } satisfies Record<string, Method>;
}

const FUNDS = 10n ** 24n;
const DEV_CHAIN_ID = 31337;

/** A new chain in `dir` funding the accounts of `keys`; their key files (0600) under keys/. */
function createChain(dir: string, keys: Uint8Array[]): void {
  mkdirSync(join(dir, "keys"), { recursive: true, mode: 0o700 });
  git(dir, ["init", "-q", "-b", "main"]);
  writeChainGitattributes(dir); // before the first add: state/ and txs/ go in byte for byte
  writeFileAtomic(join(dir, ".gitignore"), "keys/\n.tinychain-cache/\n");
  const addresses = keys.map(addressOfPrivateKey);
  keys.forEach((key, i) => {
    const doc = { address: addresses[i], privateKey: `0x${bytesToHex(key)}` };
    writeKeyFile(join(dir, "keys", `account-${i}.json`), doc);
  });
  initChain(
    dir,
    {
      ...GENESIS_DEFAULTS,
      chainId: DEV_CHAIN_ID,
      name: "dev",
      minter: addresses[0]!,
      alloc: new Map(addresses.map((a) => [a, FUNDS])),
      timestamp: Math.floor(Date.now() / 1000), // not consensus: the dev chain's own start
    },
    { observer: explorerObserver() },
  );
  commitIfStaged(dir, ["-A"], "genesis");
}

export const devCommand: Command = {
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
  async run(args) {
    const { values, out, dir } = args;
    const n = intFlag("accounts", values.accounts, 100) ?? 5;
    const interval = Math.max(1, intFlag("interval", values.interval, 3600) ?? 1);
    const seed = values.seed as string | undefined;
    if (seed !== undefined && values.random === true)
      throw new UsageError("--seed and --random are two ways to choose the keys: pass one");
    const fresh = !new Snapshot(dir).exists();
    if (!fresh && !isGitRepository(dir))
      throw new UsageError(
        `${dir} holds a chain but is not a git repository`,
        "run git init there and commit it",
      );
    // the accounts of a chain already made are its key files; --seed and --random choose a new chain's
    if (fresh) createChain(dir, devKeys(n, seed, values.random === true));
    const accounts = savedAccounts(dir);
    const where = fresh ? `a new dev chain in ${dir}` : `the dev chain in ${dir}`;
    const log = eventLog(out.json, {
      accounts: () =>
        [`${where} (chain id ${DEV_CHAIN_ID}); its accounts, each funded with ${FUNDS} sneed at genesis:`]
          .concat(accounts.map((a, i) => `  (${i}) ${a.address}  key ${a.privateKey}  (${a.file})`))
          .join("\n"),
      mined: (e) => `mined block ${(e.blocks as number[]).join(", ")}`,
      error: (e) => `could not mine: ${e.message}`,
    });
    log({ event: "accounts", accounts });
    const timer = setInterval(() => {
      try {
        const blocks = mine(dir);
        if (blocks.length > 0) log({ event: "mined", blocks });
      } catch (e) {
        log({ event: "error", message: e instanceof Error ? e.message : String(e) });
      }
    }, interval * 1000);
    try {
      // the node's options are dev's (--port, --cors), and it fetches the chain as often as dev mines
      const node = { ...args, values: { ...values, interval: String(interval) } };
      return await serveNode(node, (follower, pool) => devMethods(dir, follower, pool, log));
    } finally {
      clearInterval(timer);
    }
  },
};
