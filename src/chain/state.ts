// The chain state: accounts (nonce, balance), contracts (canonical source, storage), journaled so
// that a failed call reverts exactly its own effects. It is the language's Host with the real state
// behind it. State is loaded lazily from a StateSource (the store reads state/ files; tests use
// memory), and every change is tracked so the store writes only what changed and receipts show
// before → after.

import { readValue } from "../lang/data.ts";
import type { CompiledContract, Host, Log, Stored } from "../lang/host.ts";
import { contractAddress } from "../lang/host.ts";
import { Address } from "../lang/values.ts";
import { compileContractSource } from "../lang/vm.ts";

export { contractAddress };

import type { AccountData } from "./layout.ts";
import { SNEED_ADDRESS } from "./sneed.ts";

const SNEED = new Address(SNEED_ADDRESS);

export type { AccountData };

/** Where state comes from before this process changed it. Everything is read on demand. */
export interface StateSource {
  account(address: string): AccountData | undefined;
  /** the printed value of one storage entry */
  storage(address: string, key: string): string | undefined;
}

export interface Change {
  address: string;
  /** "balance", "nonce", "code", or "storage" (with key) */
  field: "balance" | "nonce" | "code" | "storage";
  key?: string;
  before: string | null;
  after: string | null;
}

/** Compiled contracts by source: compiling is pure, so one compile serves every state and block. */
const compiled = new Map<string, CompiledContract>();

export function compiledContract(source: string): CompiledContract {
  let c = compiled.get(source);
  if (!c) {
    c = compileContractSource(source);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(source, c);
  }
  return c;
}

const EMPTY_SOURCE: StateSource = { account: () => undefined, storage: () => undefined };

const NO_ACCOUNT: AccountData = { nonce: 0, balance: 0n, code: null };

type AccountField = "balance" | "nonce" | "code";
/** A field of an account as a change shows it (before → after). */
const printedField = (a: AccountData, field: AccountField): string | null =>
  field === "code" ? a.code : String(a[field]);

/** Who runs a program in the empty world of `tinychain eval` (and of the language's tests). */
const EVAL_ORIGIN = "0x0000000000000000000000000000000000000001";

/**
 * The empty world: the chain's own State over no accounts, with one transaction begun by `origin` at
 * block 0 of chain 0. `tinychain eval` runs here, so it follows the chain's rules exactly (contract
 * addresses, the journal, transfers).
 */
export function emptyWorld(origin = EVAL_ORIGIN): State {
  const state = new State(EMPTY_SOURCE);
  state.beginTransaction(origin, 0, { number: 0n, timestamp: 0n, chainId: 0 });
  return state;
}

export class State implements Host {
  private readonly accounts = new Map<string, AccountData>();
  /** address → key → stored value, or null when deleted/absent */
  private readonly slots = new Map<string, Map<string, Stored | null>>();
  private journal: (() => void)[] = [];
  /** everything changed since the state was loaded (for writing files) */
  readonly dirtyAccounts = new Set<string>();
  readonly dirtyStorage = new Map<string, Set<string>>();
  /** per transaction: the first value seen before each change, the logs and the deploy counter */
  private before: Map<string, Change> | null = null;
  private logs: Log[] = [];
  private deploysInTx = 0;
  // ---- the Host context: who began the transaction running, with which nonce, in which block -------
  origin = new Address("0x0000000000000000000000000000000000000000");
  private nonce = 0;
  blockNumber = 0n;
  blockTime = 0n;
  chainId = 0n;

  constructor(private readonly source: StateSource = EMPTY_SOURCE) {}

  // ---- accounts ----------------------------------------------------------------------------------
  account(address: string): AccountData {
    let a = this.accounts.get(address);
    if (!a) {
      a = this.source.account(address) ?? NO_ACCOUNT;
      this.accounts.set(address, a);
    }
    return a;
  }

  private setAccount<F extends AccountField>(address: string, field: F, value: AccountData[F]): void {
    const prev = this.account(address);
    this.noteBefore(address, field, printedField(prev, field));
    this.journal.push(() => this.accounts.set(address, prev));
    this.accounts.set(address, { ...prev, [field]: value });
    this.dirtyAccounts.add(address);
  }

  setBalance(address: string, balance: bigint): void {
    if (balance < 0n) throw new Error(`internal: negative balance for ${address}`);
    this.setAccount(address, "balance", balance);
  }

  setNonce(address: string, nonce: number): void {
    this.setAccount(address, "nonce", nonce);
  }

  // ---- storage -----------------------------------------------------------------------------------
  storageGet(contract: Address, key: string): Stored | undefined {
    return this.slot(contract.hex, key) ?? undefined;
  }

  private slot(address: string, key: string): Stored | null {
    let m = this.slots.get(address);
    if (!m) this.slots.set(address, (m = new Map()));
    let s = m.get(key);
    if (s === undefined) {
      const printed = this.source.storage(address, key);
      s = printed === undefined ? null : { value: readValue(printed), printed };
      m.set(key, s);
    }
    return s;
  }

  /** The storage entries of `address` this state holds in memory (read or written), in no order. */
  slotsInMemory(address: string): [string, string][] {
    return [...(this.slots.get(address) ?? [])].flatMap(([k, v]) =>
      v ? [[k, v.printed] as [string, string]] : [],
    );
  }

  storageSet(contract: Address, key: string, value: Stored | undefined): void {
    const address = contract.hex;
    const prev = this.slot(address, key);
    this.noteBefore(address, "storage", prev?.printed ?? null, key);
    const m = this.slots.get(address)!;
    this.journal.push(() => m.set(key, prev));
    m.set(key, value ?? null);
    let d = this.dirtyStorage.get(address);
    if (!d) this.dirtyStorage.set(address, (d = new Set()));
    d.add(key);
  }

  /** Forgets what changed (after the store has staged it), keeping the loaded state. */
  clearDirty(): void {
    this.dirtyAccounts.clear();
    this.dirtyStorage.clear();
  }

  /** The storage entries of one address changed in this process (for the store). */
  changedSlots(address: string): [string, string | null][] {
    return [...(this.dirtyStorage.get(address) ?? [])]
      .sort()
      .map((k) => [k, this.slot(address, k)?.printed ?? null]);
  }

  // ---- code --------------------------------------------------------------------------------------
  code(address: Address): CompiledContract | undefined {
    const src = this.account(address.hex).code;
    return src === null ? undefined : compiledContract(src);
  }

  createContract(address: Address, contract: CompiledContract): void {
    compiled.set(contract.source, contract);
    this.setAccount(address.hex, "code", contract.source);
  }

  nextContractAddress(deployer: Address): Address {
    if (deployer.hex === this.origin.hex) {
      const k = this.deploysInTx;
      this.journal.push(() => {
        this.deploysInTx = k;
      });
      this.deploysInTx = k + 1;
      return new Address(contractAddress(deployer.hex, this.nonce, k));
    }
    const n = this.account(deployer.hex).nonce;
    this.setNonce(deployer.hex, n + 1);
    return new Address(contractAddress(deployer.hex, n, 0));
  }

  // ---- balances and sneed ------------------------------------------------------------------------
  balance(address: Address): bigint {
    return this.account(address.hex).balance;
  }

  transfer(from: Address, to: Address, amount: bigint): boolean {
    const have = this.account(from.hex).balance;
    if (have < amount) return false;
    if (from.hex === to.hex || amount === 0n) return true;
    this.setBalance(from.hex, have - amount);
    this.setBalance(to.hex, this.account(to.hex).balance + amount);
    return true;
  }

  private sneedVar(name: string): bigint {
    const v = this.slot(SNEED_ADDRESS, name)?.value;
    return typeof v === "bigint" ? v : 0n;
  }

  private setSneedVar(name: string, v: bigint): void {
    this.storageSet(SNEED, name, { value: v, printed: v.toString() });
  }

  mint(to: Address, amount: bigint): void {
    this.setBalance(to.hex, this.account(to.hex).balance + amount);
    this.setSneedVar("supply", this.sneedVar("supply") + amount);
  }

  /** The base-fee part of a fee leaves circulation (docs/spec.md §4): supply falls, burned grows. */
  burn(amount: bigint): void {
    if (amount === 0n) return;
    this.setSneedVar("supply", this.sneedVar("supply") - amount);
    this.setSneedVar("burned", this.sneedVar("burned") + amount);
  }

  totalSupply(): bigint {
    return this.sneedVar("supply");
  }

  totalBurned(): bigint {
    return this.sneedVar("burned");
  }

  // ---- events ------------------------------------------------------------------------------------
  emit(log: Log): void {
    const n = this.logs.length;
    this.journal.push(() => {
      this.logs.length = n;
    });
    this.logs.push(log);
  }

  // ---- journal -----------------------------------------------------------------------------------
  checkpoint(): number {
    return this.journal.length;
  }

  revertTo(checkpoint: number): void {
    while (this.journal.length > checkpoint) this.journal.pop()!();
  }

  // ---- transactions ------------------------------------------------------------------------------
  /**
   * Starts recording a transaction's changes, logs and deploys, in the context every run starts from:
   * who signed, with which nonce, in which block (docs/spec.md §5).
   */
  beginTransaction(
    origin: string,
    nonce: number,
    block: { number: bigint; timestamp: bigint; chainId: number },
  ): void {
    this.origin = new Address(origin);
    this.nonce = nonce;
    this.blockNumber = block.number;
    this.blockTime = block.timestamp;
    this.chainId = BigInt(block.chainId);
    this.before = new Map();
    this.logs = [];
    this.deploysInTx = 0;
    this.journal = [];
  }

  /** Ends the transaction: its logs, and its changes as before → after (unchanged ones left out). */
  endTransaction(): { logs: Log[]; changes: Change[] } {
    const changes: Change[] = [];
    // (keys are unique: no two compare equal)
    for (const [, c] of [...(this.before ?? [])].sort(([x], [y]) => (x < y ? -1 : 1))) {
      c.after =
        c.field === "storage"
          ? (this.slot(c.address, c.key!)?.printed ?? null)
          : printedField(this.account(c.address), c.field);
      if (c.after !== c.before) changes.push(c);
    }
    const logs = this.logs;
    this.before = null;
    this.logs = [];
    this.journal = [];
    return { logs, changes };
  }

  /** Notes a field's (or a storage entry's) value before its first change in this transaction. */
  private noteBefore(address: string, field: Change["field"], before: string | null, key?: string): void {
    const k = key === undefined ? `${address} ${field}` : `${address} storage ${key}`;
    if (this.before && !this.before.has(k))
      this.before.set(k, { address, field, ...(key === undefined ? {} : { key }), before, after: null });
  }
}
