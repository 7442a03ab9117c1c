// Block 0 (SPEC 6): the state a genesis file describes. The alloc balances, and SneedToken deployed at
// its system address with its minter and the initial supply in its storage.

import { printForm } from "../lang/printer.ts";
import { readOne } from "../lang/reader.ts";
import { Address } from "../lang/values.ts";
import type { Genesis } from "./genesis.ts";
import { SNEED_ADDRESS, SNEED_SOURCE } from "./sneed.ts";
import { compiledContract, State } from "./state.ts";

/** SneedToken's code as stored: the canonical printed form of sneed.lisp. */
export const SNEED_CODE = printForm(readOne(SNEED_SOURCE));

export function genesisState(g: Genesis): State {
  const state = new State();
  let supply = 0n;
  for (const [address, amount] of [...g.alloc].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    state.setBalance(address, amount);
    supply += amount;
  }
  const token = new Address(SNEED_ADDRESS);
  state.createContract(token, compiledContract(SNEED_CODE));
  state.setSlot(
    SNEED_ADDRESS,
    "minter",
    g.minter ? { value: new Address(g.minter), printed: g.minter } : { value: null, printed: "nil" },
  );
  state.setSlot(SNEED_ADDRESS, "supply", { value: supply, printed: supply.toString() });
  state.setSlot(SNEED_ADDRESS, "burned", { value: 0n, printed: "0" });
  return state;
}
