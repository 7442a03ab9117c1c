import { type Header } from "./block.js";
import type { Genesis } from "./genesis.js";
import { type StateTrees } from "./merkle.js";
import type { State } from "./state.js";
import type { BlockContext } from "./transition.js";
/**
 * The base fee of the block after `parent` (docs/spec.md §4, EIP-1559): block 1 keeps the genesis's initial
 * base fee; after that it moves toward half the gas limit by at most 1/8, never below minBaseFee.
 */
export declare function expectedBaseFee(genesis: Genesis, parent: Header): bigint;
/** The context the transactions of the block after `parent` run in. */
export declare function nextBlockContext(genesis: Genesis, parent: Header, timestamp: number): BlockContext;
/** Why a recorded header cannot follow `parent` on this chain, or undefined when it can. */
export declare function validateHeader(genesis: Genesis, parent: Header, h: Header): string | undefined;
/** What a block changed of one account (commitState's answer, one per account). */
export type AccountChange = ReturnType<typeof commitState>[number];
/**
 * Moves the state's changes since the last commit into the trees (docs/spec.md §6): the written slots into
 * the contract's storage tree, then the account leaf with that tree's root as its storageRoot; and
 * returns them, in address order, for the store to persist. An account with nonce 0, no balance and
 * no code is empty: its leaf goes (only contracts hold storage, and contracts keep their code).
 */
export declare function commitState(state: State, trees: StateTrees): {
    address: string;
    account: {
        nonce: number;
        balance: bigint;
        code: string | null;
    } | null;
    slots: [string, string | null][];
    storageRoot: string;
}[];
/** Block 0 (docs/spec.md §6): derived from the genesis alone; `stateRoot` is the genesis state's. */
export declare function genesisHeader(genesis: Genesis, stateRoot: string): Header;
