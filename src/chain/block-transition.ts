// The block transition (docs/spec.md §4 and §6), as execution-specs' fork.py has state_transition: everything a
// block is, decided here once. Read top to bottom:
//
//   nextBlockContext   the next block's number, time and base fee (EIP-1559, from its parent)
//   validateHeader     a recorded header against its parent and the chain's rules (verify, the node)
//   commitState        the state's changes into the state tree (the leaf encoding is merkle.ts's)
//   genesisHeader      block 0
//
// Pure: no file, no git, no clock. The store loads what these functions take and persists what they
// return; `apply`, `verify` and the node all go through them. Building a block from pending
// transactions (the auction, applyBlock) is the sequencer's: auction.ts, outside the core.

import { type Header, sealHeader } from "./block.ts";
import { nextBaseFee } from "./fees.ts";
import type { Genesis } from "./genesis.ts";
import { accountLeafKey, accountLeafValue, hex, type StateTrees, ZERO_HEX } from "./merkle.ts";
import type { State } from "./state.ts";
import type { BlockContext } from "./transition.ts";

/**
 * The base fee of the block after `parent` (docs/spec.md §4, EIP-1559): block 1 keeps the genesis's initial
 * base fee; after that it moves toward half the gas limit by at most 1/8, never below minBaseFee.
 */
export function expectedBaseFee(genesis: Genesis, parent: Header): bigint {
  if (parent.number === 0) return parent.baseFee;
  return nextBaseFee(parent.baseFee, parent.gasUsed, parent.gasLimit, genesis.minBaseFee);
}

/** The context the transactions of the block after `parent` run in. */
export function nextBlockContext(genesis: Genesis, parent: Header, timestamp: number): BlockContext {
  return {
    number: BigInt(parent.number + 1),
    timestamp: BigInt(timestamp),
    baseFee: expectedBaseFee(genesis, parent),
    gasLimit: genesis.blockGasLimit,
    coinbase: genesis.coinbase,
    chainId: genesis.chainId,
  };
}

/** Why a recorded header cannot follow `parent` on this chain, or undefined when it can. */
export function validateHeader(genesis: Genesis, parent: Header, h: Header): string | undefined {
  const n = parent.number + 1;
  if (h.number !== n) return `the file of block ${n} holds block number ${h.number}`;
  if (h.hash !== sealHeader(h).hash) return "hash does not match the header's fields";
  if (h.parentHash !== parent.hash)
    return `parentHash ${h.parentHash} is not block ${n - 1}'s hash ${parent.hash}`;
  if (h.timestamp < parent.timestamp)
    return `timestamp ${h.timestamp} is earlier than its parent's ${parent.timestamp}`;
  const baseFee = expectedBaseFee(genesis, parent);
  if (h.baseFee !== baseFee) return `baseFee ${h.baseFee} should be ${baseFee} (EIP-1559 from its parent)`;
  if (h.gasLimit !== genesis.blockGasLimit)
    return `gasLimit ${h.gasLimit} is not the chain's ${genesis.blockGasLimit}`;
  if (h.coinbase !== genesis.coinbase) return `coinbase ${h.coinbase} is not the chain's ${genesis.coinbase}`;
  if (h.policy !== undefined && !/^0x[0-9a-f]{64}$/.test(h.policy))
    return `policy ${JSON.stringify(h.policy)} is not a policy hash (0x and 64 hex digits)`;
  return undefined;
}

/** What a block changed of one account (commitState's answer, one per account). */
export type AccountChange = ReturnType<typeof commitState>[number];

/**
 * Moves the state's changes since the last commit into the trees (docs/spec.md §6): the written slots into
 * the contract's storage tree, then the account leaf with that tree's root as its storageRoot; and
 * returns them, in address order, for the store to persist. An account with nonce 0, no balance and
 * no code is empty: its leaf goes (only contracts hold storage, and contracts keep their code).
 */
export function commitState(state: State, trees: StateTrees) {
  const addresses = [...new Set([...state.dirtyAccounts, ...state.dirtyStorage.keys()])].sort();
  const changes = addresses.map((address) => {
    const a = state.account(address);
    const slots = state.changedSlots(address); // in key order
    let storageRoot = trees.storageRoot(address);
    if (slots.length > 0) {
      const storage = trees.storage(address);
      for (const [key, value] of slots)
        if (value === null) storage.delete(key);
        else storage.set(key, value);
      storageRoot = hex(storage.root());
    }
    const empty = a.nonce === 0 && a.balance === 0n && a.code === null;
    if (empty) trees.accounts.delete(accountLeafKey(address));
    else
      trees.accounts.set(
        accountLeafKey(address),
        accountLeafValue({ ...a, balance: a.balance.toString(), storageRoot }),
      );
    // the account's new fields (null: it is now empty), the slots written (null: deleted) in key
    // order, and the root of its storage tree after the change (zero: it stores nothing)
    return { address, account: empty ? null : a, slots, storageRoot };
  });
  state.clearDirty();
  return changes;
}

/** Block 0 (docs/spec.md §6): derived from the genesis alone; `stateRoot` is the genesis state's. */
export function genesisHeader(genesis: Genesis, stateRoot: string): Header {
  return sealHeader({
    number: 0,
    parentHash: ZERO_HEX,
    timestamp: genesis.timestamp,
    commit: "",
    baseFee: genesis.initialBaseFee,
    gasLimit: genesis.blockGasLimit,
    gasUsed: 0,
    coinbase: genesis.coinbase,
    txRoot: ZERO_HEX,
    receiptRoot: ZERO_HEX,
    stateRoot,
  });
}
