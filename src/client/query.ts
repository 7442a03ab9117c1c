// Reading a chain without changing it: a view call on the head state. Shared by `tinychain view`, the
// node's JSON-RPC and the web page, which read different sources (the state/ files, the node's replay,
// the repository's files over HTTP).

import type { Header } from "../chain/block.ts";
import { nextBlockContext } from "../chain/block-transition.ts";
import type { Genesis } from "../chain/genesis.ts";
import { State, type StateSource } from "../chain/state.ts";
import { callView } from "../chain/transition.ts";
import type { Value } from "../lang/values.ts";

/** A chain's head state with its genesis and head header: the snapshot on disk, or a replay. */
export interface ChainView extends StateSource {
  genesis(): Genesis;
  head(): Header;
}

/** Calls a contract's view (read-only) on the head state; gas defaults to the block gas limit. */
export function viewCall(view: ChainView, target: string, fn: string, args: Value[], gas?: number) {
  const genesis = view.genesis();
  const head = view.head();
  // as in the block after the head, but at the head's number and time (a view reads the head state)
  const next = nextBlockContext(genesis, head, head.timestamp);
  const block = { ...next, number: next.number - 1n };
  const limit = Math.min(gas ?? genesis.blockGasLimit, genesis.blockGasLimit);
  return callView(new State(view), target, fn, args, block, limit);
}
