import type { CompiledContract, Host, Log, Stored } from "../lang/host.js";
import { contractAddress } from "../lang/host.js";
import { Address } from "../lang/values.js";
export { contractAddress };
import type { AccountData } from "./layout.js";
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
export declare function compiledContract(source: string): CompiledContract;
/**
 * The empty world: the chain's own State over no accounts, with one transaction begun by `origin` at
 * block 0 of chain 0. `tinychain eval` runs here, so it follows the chain's rules exactly (contract
 * addresses, the journal, transfers).
 */
export declare function emptyWorld(origin?: string): State;
export declare class State implements Host {
    private readonly source;
    private readonly accounts;
    /** address → key → stored value, or null when deleted/absent */
    private readonly slots;
    private journal;
    /** everything changed since the state was loaded (for writing files) */
    readonly dirtyAccounts: Set<string>;
    readonly dirtyStorage: Map<string, Set<string>>;
    /** per transaction: the first value seen before each change, the logs and the deploy counter */
    private before;
    private logs;
    private deploysInTx;
    origin: Address;
    private nonce;
    blockNumber: bigint;
    blockTime: bigint;
    chainId: bigint;
    constructor(source?: StateSource);
    account(address: string): AccountData;
    private setAccount;
    setBalance(address: string, balance: bigint): void;
    setNonce(address: string, nonce: number): void;
    storageGet(contract: Address, key: string): Stored | undefined;
    private slot;
    /** The storage entries of `address` this state holds in memory (read or written), in no order. */
    slotsInMemory(address: string): [string, string][];
    storageSet(contract: Address, key: string, value: Stored | undefined): void;
    /** Forgets what changed (after the store has staged it), keeping the loaded state. */
    clearDirty(): void;
    /** The storage entries of one address changed in this process (for the store). */
    changedSlots(address: string): [string, string | null][];
    code(address: Address): CompiledContract | undefined;
    createContract(address: Address, contract: CompiledContract): void;
    nextContractAddress(deployer: Address): Address;
    balance(address: Address): bigint;
    transfer(from: Address, to: Address, amount: bigint): boolean;
    private sneedVar;
    private setSneedVar;
    mint(to: Address, amount: bigint): void;
    /** The base-fee part of a fee leaves circulation (docs/spec.md §4): supply falls, burned grows. */
    burn(amount: bigint): void;
    totalSupply(): bigint;
    totalBurned(): bigint;
    emit(log: Log): void;
    checkpoint(): number;
    revertTo(checkpoint: number): void;
    /**
     * Starts recording a transaction's changes, logs and deploys, in the context every run starts from:
     * who signed, with which nonce, in which block (docs/spec.md §5).
     */
    beginTransaction(origin: string, nonce: number, block: {
        number: bigint;
        timestamp: bigint;
        chainId: number;
    }): void;
    /** Ends the transaction: its logs, and its changes as before → after (unchanged ones left out). */
    endTransaction(): {
        logs: Log[];
        changes: Change[];
    };
    /** Notes a field's (or a storage entry's) value before its first change in this transaction. */
    private noteBefore;
}
