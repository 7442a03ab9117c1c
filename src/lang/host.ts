// The host interface: everything a program can observe or change outside its own values goes through
// here. The VM owns the rules (views, reentrancy, depth, gas, atomic calls); the host owns the state
// and its journal. The chain plugs its real, journaled state in; tests and `eval` use MemoryHost.

import { bytesToHex, concatBytes, hexToBytes, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import type { CompiledContract } from "./contract.ts";
import { Address, type Value } from "./values.ts";

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
   * Privileged operations for the system contract (SneedToken at SYSTEM_TOKEN); the VM only lets code
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

export const SYSTEM_TOKEN = new Address("0x0000000000000000000000000000000000005eed");

/**
 * A complete in-memory host: accounts with balances, contracts with storage, logs, and an undo
 * journal. Used by `tinychain eval` (an empty world) and by the language's own tests.
 */
export class MemoryHost implements Host {
  readonly balances = new Map<string, bigint>();
  readonly contracts = new Map<string, CompiledContract>();
  readonly storage = new Map<string, Map<string, Stored>>();
  readonly logs: Log[] = [];
  private readonly deployCounts = new Map<string, bigint>();
  private supply = 0n;
  private journal: (() => void)[] = [];

  constructor(
    readonly origin: Address = new Address(`0x${"00".repeat(19)}01`),
    readonly blockNumber = 0n,
    readonly blockTime = 0n,
    readonly chainId = 0n,
  ) {}

  code(address: Address): CompiledContract | undefined {
    return this.contracts.get(address.hex);
  }

  storageGet(contract: Address, key: string): Stored | undefined {
    return this.storage.get(contract.hex)?.get(key);
  }

  storageSet(contract: Address, key: string, value: Stored | undefined): void {
    let slots = this.storage.get(contract.hex);
    if (!slots) this.storage.set(contract.hex, (slots = new Map()));
    const before = slots.get(key);
    const s = slots;
    this.journal.push(() => (before === undefined ? s.delete(key) : s.set(key, before)));
    if (value === undefined) slots.delete(key);
    else slots.set(key, value);
  }

  balance(address: Address): bigint {
    return this.balances.get(address.hex) ?? 0n;
  }

  private setBalance(hex: string, amount: bigint): void {
    const before = this.balances.get(hex);
    this.journal.push(() =>
      before === undefined ? this.balances.delete(hex) : this.balances.set(hex, before),
    );
    this.balances.set(hex, amount);
  }

  transfer(from: Address, to: Address, amount: bigint): boolean {
    const have = this.balance(from);
    if (have < amount) return false;
    this.setBalance(from.hex, have - amount);
    this.setBalance(to.hex, this.balance(to) + amount);
    return true;
  }

  nextContractAddress(deployer: Address): Address {
    // the chain's rule, with a per-deployer count as n (this host has no transactions)
    const n = this.deployCounts.get(deployer.hex) ?? 0n;
    this.journal.push(() => this.deployCounts.set(deployer.hex, n));
    this.deployCounts.set(deployer.hex, n + 1n);
    return new Address(contractAddress(deployer.hex, n, 0));
  }

  createContract(address: Address, contract: CompiledContract): void {
    this.journal.push(() => this.contracts.delete(address.hex));
    this.contracts.set(address.hex, contract);
  }

  emit(log: Log): void {
    this.journal.push(() => this.logs.pop());
    this.logs.push(log);
  }

  mint(to: Address, amount: bigint): void {
    const before = this.supply;
    this.journal.push(() => {
      this.supply = before;
    });
    this.supply += amount;
    this.setBalance(to.hex, this.balance(to) + amount);
  }

  totalSupply(): bigint {
    return this.supply;
  }

  checkpoint(): number {
    return this.journal.length;
  }

  revertTo(checkpoint: number): void {
    while (this.journal.length > checkpoint) this.journal.pop()!();
  }
}
