// Reading a chain without changing it: a view call on the head state. Shared by `tinychain view`
// and the node's JSON-RPC, which read different sources (the state/ files, or the node's replay).

import type { Header } from "../chain/block.ts";
import { nextBlockContext } from "../chain/block-transition.ts";
import type { Genesis } from "../chain/genesis.ts";
import { State, type StateSource } from "../chain/state.ts";
import type { Value } from "../lang/values.ts";
import { Address } from "../lang/values.ts";
import { callFunction, type RunResult } from "../lang/vm.ts";

/** A chain's head state with its genesis and head header: the snapshot on disk, or a replay. */
export interface ChainView extends StateSource {
  genesis(): Genesis;
  head(): Header;
}

/** Calls a contract's view (read-only) on the head state; gas defaults to the block gas limit. */
export function viewCall(
  view: ChainView,
  target: string,
  fn: string,
  args: Value[],
  gas?: number,
): RunResult {
  const genesis = view.genesis();
  const head = view.head();
  const state = new State(view);
  const ctx = nextBlockContext(genesis, head, head.timestamp);
  state.beginTransaction({
    origin: target,
    nonce: 0,
    blockNumber: ctx.number - 1n,
    blockTime: BigInt(head.timestamp),
    chainId: BigInt(genesis.chainId),
  });
  return callFunction(new Address(target), fn, args, {
    gas: Math.min(gas ?? genesis.blockGasLimit, genesis.blockGasLimit),
    host: state,
    readOnly: true,
  });
}
