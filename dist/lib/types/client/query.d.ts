import type { Header } from "../chain/block.js";
import type { Genesis } from "../chain/genesis.js";
import { type StateSource } from "../chain/state.js";
import type { Value } from "../lang/values.js";
/** A chain's head state with its genesis and head header: the snapshot on disk, or a replay. */
export interface ChainView extends StateSource {
    genesis(): Genesis;
    head(): Header;
}
/** Calls a contract's view (read-only) on the head state; gas defaults to the block gas limit. */
export declare function viewCall(view: ChainView, target: string, fn: string, args: Value[], gas?: number): import("../lang/vm.ts").RunResult;
