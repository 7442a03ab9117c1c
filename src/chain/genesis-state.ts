// Block 0 (docs/spec.md §6): the state a genesis file describes. The alloc balances, and SneedToken deployed at
// its system address with its minter and the initial supply in its storage.

import { printForm } from "../lang/printer.ts";
import { readOne } from "../lang/reader.ts";
import { Address } from "../lang/values.ts";
import type { Genesis } from "./genesis.ts";
import { SNEED_ADDRESS, SNEED_SOURCE } from "./sneed.ts";
import { compiledContract, State } from "./state.ts";

/** SneedToken's code as stored: the canonical printed form of sneed.lisp. */
export const SNEED_CODE = printForm(readOne(SNEED_SOURCE));

/**
 * The genesis state. `holds` narrows which alloc accounts the returned State holds (a replay of a
 * million-account genesis takes the plain accounts straight into its trees: an account with that
 * balance and nonce 0); SneedToken's supply is always the sum of the whole alloc.
 */
export function genesisState(
  g: Pick<Genesis, "alloc" | "minter">,
  holds: (address: string) => boolean = () => true,
): State {
  const state = new State();
  let supply = 0n;
  for (const [address, amount] of g.alloc) {
    if (holds(address)) state.setBalance(address, amount);
    supply += amount;
  }
  const token = new Address(SNEED_ADDRESS);
  state.createContract(token, compiledContract(SNEED_CODE));
  state.storageSet(
    token,
    "minter",
    g.minter ? { value: new Address(g.minter), printed: g.minter } : { value: null, printed: "nil" },
  );
  state.storageSet(token, "supply", { value: supply, printed: supply.toString() });
  state.storageSet(token, "burned", { value: 0n, printed: "0" });
  return state;
}
