// `tinychain init --chain-id N [--name S] [--minter ADDR] [--coinbase ADDR] [--alloc ADDR=AMOUNT…]`

import { type Genesis, GenesisError, parseGenesis } from "../../chain/genesis.ts";
import { explorerObserver, githubRepoUrl } from "../../report/explorer.ts";
import { writeChainGitattributes } from "../../sequencer/git.ts";
import { initChain } from "../../sequencer/ledger.ts";
import { addressArg, amountFlag, type Command, intFlag, UsageError } from "../command.ts";

export const initCommand: Command = {
  summary: "start a new chain: write state/genesis.json and block 0",
  usage:
    "tinychain init --chain-id N [--name S] [--minter ADDR] [--coinbase ADDR] [--alloc ADDR=AMOUNT…] [--block-gas-limit N] [--min-base-fee X] [--initial-base-fee X] [--timestamp T]",
  details:
    "On GitHub the chain id should be the repository's numeric id (GITHUB_REPOSITORY_ID), so that a\nfork starts a chain of its own; the genesis workflow passes it for you.",
  run({ values, out, dir }) {
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
    // the genesis rules and defaults live in parseGenesis; the flags only say what the user chose
    let genesis: Genesis;
    try {
      genesis = parseGenesis({
        chainId,
        name: values.name,
        minter: values.minter,
        coinbase: values.coinbase,
        blockGasLimit: intFlag("block-gas-limit", values["block-gas-limit"], 1_000_000_000),
        minBaseFee: values["min-base-fee"],
        initialBaseFee: values["initial-base-fee"],
        alloc: Object.fromEntries([...alloc].map(([a, v]) => [a, v.toString()])),
        timestamp: intFlag("timestamp", values.timestamp),
      });
    } catch (e) {
      if (!(e instanceof GenesisError)) throw e;
      // its sentence names the field ("genesis minBaseFee …"): the user gave the flag (--min-base-fee)
      const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new UsageError(e.message.replace(/^genesis (\w+)/, (_m, field: string) => flag(field)));
    }
    const { hash, stateRoot } = initChain(dir, genesis, { observer: explorerObserver(githubRepoUrl()) });
    // a clone with core.autocrlf=true would otherwise turn the chain's files into CRLF
    writeChainGitattributes(dir);
    out.print(
      { chainId, genesis: "state/genesis.json", block: 0, hash, stateRoot },
      `started chain ${chainId} (${genesis.name}) in ${dir}`,
      `block 0 ${hash}, state root ${stateRoot}`,
      "next: make a key with 'tinychain keygen --out ~/.tinychain/key.json', then write a transaction with 'tinychain send'",
    );
    return 0;
  },
};
