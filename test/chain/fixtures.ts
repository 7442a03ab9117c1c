// A chain in memory for tests: keys, a genesis state, and signed transactions.
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { Genesis } from "../../src/chain/genesis.ts";
import { genesisState } from "../../src/chain/genesis-state.ts";
import type { State } from "../../src/chain/state.ts";
import {
  signTransaction,
  type Transaction,
  transactionFileBytes,
  transactionFileName,
} from "../../src/chain/transaction.ts";
import { type BlockContext, type PreparedTx, prepareTransaction } from "../../src/chain/transition.ts";
import { utf8 } from "../../src/crypto/hex.ts";
import { addressOfPrivateKey } from "../../src/crypto/keys.ts";

export const CHAIN_ID = 7357;
export const SNEED = "0x0000000000000000000000000000000000005eed";

export interface TestKey {
  privateKey: Uint8Array;
  address: string;
}

export function key(seed: string): TestKey {
  const privateKey = keccak_256(utf8(seed));
  return { privateKey, address: addressOfPrivateKey(privateKey) };
}

export const alice = key("alice");
export const bob = key("bob");
export const carol = key("carol");
export const miner = key("coinbase");

export function genesis(overrides: Partial<Genesis> = {}): Genesis {
  return {
    chainId: CHAIN_ID,
    name: "test",
    minter: alice.address,
    coinbase: miner.address,
    blockGasLimit: 30_000_000,
    minBaseFee: 1n,
    initialBaseFee: 10n,
    alloc: new Map([
      [alice.address, 10n ** 12n],
      [bob.address, 10n ** 9n],
    ]),
    timestamp: 1_700_000_000,
    ...overrides,
  };
}

export function freshState(g: Genesis = genesis()): State {
  const s = genesisState(g);
  s.clearDirty();
  return s;
}

export function ctx(overrides: Partial<BlockContext> = {}): BlockContext {
  return {
    number: 1n,
    timestamp: 1_700_000_100n,
    baseFee: 10n,
    gasLimit: 30_000_000,
    coinbase: miner.address,
    chainId: CHAIN_ID,
    ...overrides,
  };
}

export function signed(
  k: TestKey,
  data: string,
  fields: Partial<Omit<Transaction, "signature" | "from" | "data">> = {},
): Transaction {
  return signTransaction(
    {
      chainId: CHAIN_ID,
      from: k.address,
      nonce: 0,
      gasLimit: 200_000,
      maxFeePerGas: 20n,
      maxPriorityFeePerGas: 2n,
      data,
      ...fields,
    },
    k.privateKey,
  );
}

export function prepared(tx: Transaction): PreparedTx {
  const p = prepareTransaction(transactionFileName(tx), transactionFileBytes(tx), "file", CHAIN_ID);
  if ("error" in p) throw new Error(`${p.error.code}: ${p.error.message}`);
  return p;
}

/** Σ of every balance the state has loaded (tests create all accounts through it). */
export function totalBalances(state: State, addresses: string[]): bigint {
  return addresses.reduce((n, a) => n + state.account(a).balance, 0n);
}
