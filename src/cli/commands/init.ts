// `tinychain init --chain-id N [--name S] [--minter ADDR] [--coinbase ADDR] [--alloc ADDR=AMOUNT…]`

import { GENESIS_DEFAULTS, type Genesis } from "../../chain/genesis.ts";
import { initChain } from "../../store/ledger.ts";
import { StoreError } from "../../store/snapshot.ts";
import { amountFlag, intFlag, parse } from "../args.ts";
import { addressArg, chainDir } from "../chain.ts";
import { CliError, UsageError } from "../errors.ts";
import { makeOutput } from "../output.ts";
import type { Command } from "./types.ts";

export const initCommand: Command = {
  name: "init",
  summary: "start a new chain: write state/genesis.json and block 0",
  usage:
    "tinychain init --chain-id N [--name S] [--minter ADDR] [--coinbase ADDR] [--alloc ADDR=AMOUNT…] [--block-gas-limit N] [--min-base-fee X] [--timestamp T]",
  details:
    "On GitHub the chain id should be the repository's numeric id (GITHUB_REPOSITORY_ID), so that a\nfork starts a chain of its own; the genesis workflow passes it for you.",
  run(argv) {
    const { values, positionals } = parse("init", argv, {
      "chain-id": { type: "string" },
      name: { type: "string" },
      minter: { type: "string" },
      coinbase: { type: "string" },
      alloc: { type: "string", multiple: true },
      "block-gas-limit": { type: "string" },
      "min-base-fee": { type: "string" },
      "initial-base-fee": { type: "string" },
      timestamp: { type: "string" },
    });
    if (positionals.length > 0)
      throw new UsageError(`init takes no arguments, got ${JSON.stringify(positionals[0])}`);
    const chainId = intFlag("chain-id", values["chain-id"]);
    if (chainId === undefined)
      throw new UsageError(
        "--chain-id N is required",
        "on GitHub use the repository's id: tinychain init --chain-id $GITHUB_REPOSITORY_ID",
      );
    const alloc = new Map<string, bigint>();
    for (const a of (values.alloc as string[] | undefined) ?? []) {
      const [who, amount] = a.split("=");
      if (!who || amount === undefined)
        throw new UsageError(`--alloc takes ADDR=AMOUNT, got ${JSON.stringify(a)}`);
      const address = addressArg(who, "--alloc address");
      alloc.set(address, (alloc.get(address) ?? 0n) + amountFlag("alloc", amount)!);
    }
    const minter = values.minter === undefined ? null : addressArg(values.minter as string, "--minter");
    const minBaseFee = amountFlag("min-base-fee", values["min-base-fee"]) ?? GENESIS_DEFAULTS.minBaseFee;
    if (minBaseFee < 1n) throw new UsageError("--min-base-fee must be at least 1");
    const genesis: Genesis = {
      chainId,
      name: (values.name as string | undefined) ?? GENESIS_DEFAULTS.name,
      minter,
      coinbase:
        values.coinbase === undefined
          ? (minter ?? GENESIS_DEFAULTS.coinbase)
          : addressArg(values.coinbase as string, "--coinbase"),
      blockGasLimit:
        intFlag("block-gas-limit", values["block-gas-limit"], 1_000_000_000) ??
        GENESIS_DEFAULTS.blockGasLimit,
      minBaseFee,
      initialBaseFee: amountFlag("initial-base-fee", values["initial-base-fee"]) ?? minBaseFee,
      alloc,
      timestamp: intFlag("timestamp", values.timestamp) ?? 0,
    };
    if (genesis.blockGasLimit < 100_000) throw new UsageError("--block-gas-limit must be at least 100000");
    if (genesis.initialBaseFee < genesis.minBaseFee)
      throw new UsageError("--initial-base-fee must not be below --min-base-fee");
    const dir = chainDir(values);
    let header: ReturnType<typeof initChain>;
    try {
      header = initChain(dir, genesis);
    } catch (e) {
      if (e instanceof StoreError) throw new CliError(e.code, e.message, 1, e.hint);
      throw e;
    }
    const out = makeOutput(values.json === true);
    out.document({
      chainId,
      genesis: "state/genesis.json",
      block: 0,
      hash: header.hash,
      stateRoot: header.stateRoot,
    });
    out.say(`started chain ${chainId} (${genesis.name}) in ${dir}`);
    out.say(`block 0 ${header.hash}, state root ${header.stateRoot}`);
    out.say(
      "next: make a key with 'tinychain keygen --out key.json', then write a transaction with 'tinychain send'",
    );
    return 0;
  },
};
