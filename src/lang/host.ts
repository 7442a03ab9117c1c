// The host interface: everything a program can observe or change outside its own values goes through
// here. The VM owns the rules (views, reentrancy, depth, gas, atomic calls); the host owns the state
// and its journal. The chain's journaled State is the one implementation: `apply`, `eval` and the tests
// all run on it (eval on an empty state).

import { bytesToHex, concatBytes, hexToBytes, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import type { Address, Closure, Value } from "./values.ts";

/** A stored value with its canonical printed form (what the state files hold and gas is priced by). */
export interface Stored {
  value: Value;
  printed: string;
}

export interface Log {
  address: string;
  event: string;
  /** printed arguments */
  args: string[];
}

/** A compiled contract as the host stores it and the VM calls it (contract.ts compiles one). */
export type FunctionKind = "public" | "private" | "view";

export interface ContractFunction {
  kind: FunctionKind;
  params: string[];
  closure: Closure;
}

export interface CompiledContract {
  name: string;
  /** canonical printed source: what the state stores and `deploy` is priced by */
  source: string;
  vars: { name: string; init: Closure }[];
  maps: Set<string>;
  functions: Map<string, ContractFunction>;
}

export interface Host {
  readonly origin: Address;
  readonly blockNumber: bigint;
  readonly blockTime: bigint;
  readonly chainId: bigint;

  /** Compiled code of a contract, or undefined for an account without code. */
  code(address: Address): CompiledContract | undefined;
  storageGet(contract: Address, key: string): Stored | undefined;
  /** `undefined` deletes the entry */
  storageSet(contract: Address, key: string, value: Stored | undefined): void;
  balance(address: Address): bigint;
  /** Moves `amount` (≥ 0); false when `from` has less. */
  transfer(from: Address, to: Address, amount: bigint): boolean;
  /** The address the next contract deployed by `deployer` gets (and consumes it). */
  nextContractAddress(deployer: Address): Address;
  createContract(address: Address, contract: CompiledContract): void;
  emit(log: Log): void;
  /**
   * Privileged operations for the system contract (SneedToken at SNEED_ADDRESS); the VM only lets code
   * running at that address use them.
   */
  mint(to: Address, amount: bigint): void;
  totalSupply(): bigint;

  /** Journal: a checkpoint id, and undoing everything since it (storage, balances, code, logs). */
  checkpoint(): number;
  revertTo(checkpoint: number): void;
}

/**
 * The address of a contract (documented in docs/state.md): the last 20 bytes of
 * keccak256("tinychain:contract" ‖ deployer (20 bytes) ‖ n (8 bytes, big-endian) ‖ k (4 bytes)).
 * For a transaction's script n is the transaction's nonce and k counts its deploys (0, 1, …); for a
 * contract n is the contract's own nonce, which counts its deploys, and k is 0.
 */
export function contractAddress(deployer: string, n: number | bigint, k: number): string {
  const nb = hexToBytes(BigInt(n).toString(16).padStart(16, "0"));
  const kb = hexToBytes(k.toString(16).padStart(8, "0"));
  const h = keccak256(concatBytes(utf8("tinychain:contract"), hexToBytes(deployer.slice(2)), nb, kb));
  return `0x${bytesToHex(h.subarray(12))}`;
}

/** The SneedToken system contract's address (docs/spec.md §5): the one place it is written. */
export const SNEED_ADDRESS = "0x0000000000000000000000000000000000005eed";
