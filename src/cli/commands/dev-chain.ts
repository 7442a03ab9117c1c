// What `tinychain dev` adds to the node: its accounts (from a mnemonic, the same ones at every start,
// as anvil's), making blocks (what a merge and the action do), and the JSON-RPC methods a front end
// drives it with (docs/rpc.md "tinychain dev"): tinychain_sendTransaction, dev_mine, dev_mineTo.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HDKey } from "@scure/bip32";
import { mnemonicToSeedSync, validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english";
import { parseTransaction, transactionFileName } from "../../chain/transaction.ts";
import { bytesToHex } from "../../crypto/hex.ts";
import { addressOfPrivateKey, generatePrivateKey } from "../../crypto/keys.ts";
import type { Follower } from "../../node/follower.ts";
import { badParam } from "../../node/methods.ts";
import { INVALID_PARAMS, INVALID_TRANSACTION, type Method, RpcError } from "../../node/rpc.ts";
import type { WorkPool } from "../../node/work-pool.ts";
import { explorerObserver } from "../../report/explorer-index.ts";
import { git, headCommit } from "../../sequencer/git.ts";
import { applyPending } from "../../sequencer/ledger.ts";
import { writeFileAtomic } from "../../store/files.ts";
import { Snapshot } from "../../store/snapshot.ts";
import { UsageError } from "../errors.ts";

/** anvil's and Hardhat's: a front end's wallet that knows their accounts knows these. Public: dev only. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/** The accounts' derivation path (BIP-44, Ethereum's coin type): account i is …/i, as in every wallet. */
const DEV_PATH = "m/44'/60'/0'/0";
/** dev_mine and dev_mineTo make at most this many blocks per call (each is a commit and a replay). */
const MAX_MINE = 100;

export const AS_DEV = ["-c", "user.name=tinychain dev", "-c", "user.email=dev@tinychain.invalid"];

export interface DevAccount {
  address: string;
  privateKey: string;
  file: string;
}

/** The private keys of the dev chain's accounts: from the mnemonic (default DEV_MNEMONIC), or random. */
export function devKeys(n: number, seed: string | undefined, random: boolean): Uint8Array[] {
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

export const accountOf = (key: Uint8Array, file: string): DevAccount => ({
  address: addressOfPrivateKey(key),
  privateKey: `0x${bytesToHex(key)}`,
  file,
});

/** The accounts whose key files dev wrote under keys/ (printed again at every start). */
export function savedAccounts(dir: string): DevAccount[] {
  const keys = join(dir, "keys");
  if (!existsSync(keys)) return [];
  const names = readdirSync(keys).filter((f) => /^account-[0-9]+\.json$/.test(f));
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
 * `empty`, a block is made even when nothing waits (its trigger an empty commit); `timestamp` is the
 * block's time instead of its trigger commit's (never earlier than the parent's).
 */
export function mine(dir: string, options: { empty?: boolean; timestamp?: number } = {}): number[] {
  const snapshot = new Snapshot(dir);
  // no new file: those waiting (a nonce gap) were tried at their commit, and still wait
  if (!commitIfStaged(dir, ["txs"], "Merge: pending transactions")) {
    if (!options.empty) return [];
    git(dir, [...AS_DEV, "commit", "-q", "--allow-empty", "-m", "Merge: an empty block (dev_mine)"]);
  }
  const trigger = headCommit(dir);
  if (options.timestamp !== undefined) trigger.timestamp = options.timestamp;
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

/** The methods `tinychain dev` adds to the node's; `said` logs what they did. */
export function devMethods(
  dir: string,
  node: Follower,
  pool: WorkPool,
  said: (e: Record<string, unknown>, text: string) => void,
): Record<string, Method> {
  /** mines `n` blocks (the first takes the waiting files), then serves them; their numbers */
  const mineBlocks = async (n: number, interval: number | undefined) => {
    const numbers: number[] = [];
    for (let i = 0; i < n; i++) {
      const parent = new Snapshot(dir).head().timestamp;
      numbers.push(
        ...mine(dir, { empty: true, timestamp: interval === undefined ? undefined : parent + interval }),
      );
    }
    await node.sync();
    said({ event: "mined", blocks: numbers }, `mined block ${numbers.join(", ")}`);
    return { blocks: numbers, head: { number: node.head().number, hash: node.head().hash } };
  };
  const interval = (v: unknown) => (v === undefined ? undefined : count("interval", v, 0, 10 ** 9));

  return {
    tinychain_sendTransaction: {
      params: ["file"],
      async run([file], context) {
        const text =
          typeof file === "string"
            ? file
            : typeof file === "object" && file !== null
              ? JSON.stringify(file)
              : undefined;
        if (text === undefined)
          throw badParam("file", file, "a signed transaction file: its text, or its JSON");
        // the pull-request check's replay on the head state: an invalid file is refused with its code
        await pool.run(context.client, { kind: "simulate", content: text });
        const tx = parseTransaction(new TextEncoder().encode(text));
        if ("code" in tx)
          throw new RpcError(INVALID_TRANSACTION, `${tx.code}: ${tx.message}`, { code: tx.code });
        const path = transactionFileName(tx);
        if (existsSync(join(dir, path)))
          throw new RpcError(
            INVALID_PARAMS,
            `${path} already waits in txs/ with another transaction of that nonce`,
            { code: "E_EXISTS" },
          );
        writeFileAtomic(join(dir, path), text);
        const mined = mine(dir);
        await node.sync();
        said({ event: "mined", blocks: mined }, `mined block ${mined.join(", ")}`);
        for (const n of mined) {
          const record = node.blockRecord(n);
          const receipt = record?.receipts.find((r) => r.file === path);
          if (receipt) return { ...receipt, block: n };
          const rejected = record?.rejected.find((r) => r.file === path);
          if (rejected)
            throw new RpcError(INVALID_TRANSACTION, `${rejected.code}: ${rejected.message}`, {
              code: rejected.code,
              file: path,
            });
        }
        throw new RpcError(
          INVALID_TRANSACTION,
          `${path} was not mined: it waits in txs/ for an earlier nonce`,
          {
            code: "E_NONCE_GAP",
            file: path,
          },
        );
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
        if (to <= head || to - head > MAX_MINE)
          throw badParam(
            "number",
            number,
            `a block number from ${head + 1} to ${head + MAX_MINE} (the head is ${head})`,
          );
        return mineBlocks(to - head, interval(seconds));
      },
    },
  };
}
