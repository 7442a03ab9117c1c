import { type Pos } from "./errors.js";
import type { CompiledContract, Host } from "./host.js";
import type { Address, Sym, Value } from "./values.js";
import { Closure, Dict } from "./values.js";
/** A compiled expression: a function of the current call frame (an array of slots). */
export type Node = (frame: Value[]) => Value;
/** One contract (or the transaction script) being executed. */
export interface ExecFrame {
    self: Address;
    sender: Address;
    contract: CompiledContract | null;
    /** the sneed sent with this call (call-value): 0 for a plain call, a deployment and the program itself */
    value: bigint;
    /** inside a view: no writes, transfers, events, deployments or calls of non-views */
    readOnly: boolean;
}
/**
 * What `--trace` hears of a run (tools/trace.ts is the one implementation): the run's start, each
 * contract call's entry and exit, and the host as the run sees it. It charges no gas and changes nothing.
 */
export interface Tracer {
    begin(address: string, gas: number): void;
    enter(contract: string, address: string, fn: string, args: Value[], gas: number, value: bigint): void;
    exit(status: 0 | 1 | 2 | 3, result: Value | string, gas: number): void;
    watch(host: Host): Host;
}
/** A builtin's implementation (builtins.ts); its arity is in the one table of arity.ts. */
export type BuiltinImpl = (args: Value[], pos?: Pos) => Value;
/** Maximum nesting of contract calls (docs/spec.md §5 "Rules"). */
export declare const MAX_CALL_DEPTH = 32;
/**
 * The host-depth budget. Compiled code recurses on the JS stack; every function call adds its body's
 * static nesting (plus a constant for the calling machinery) to `rt.hostDepth`, and the VM stops the
 * program with status 3 when the budget is exceeded. The budget is set far below what the smallest
 * host stack we support (`node --stack-size=200`) can hold, so the limit is hit identically on every
 * machine and never as a host RangeError. test/lang/depth.test.ts runs the worst cases under several
 * stack sizes.
 */
export declare const HOST_DEPTH_LIMIT = 700;
/** frames the calling machinery adds to each function call */
export declare const CALL_DEPTH_COST = 4;
/** frames a contract call adds (call node, contract dispatch, closure call) */
export declare const CONTRACT_CALL_DEPTH_COST = 12;
export declare const rt: {
    gas: number;
    hostDepth: number;
    host: Host;
    frame: ExecFrame;
    /** addresses of the contracts on the call stack, for the reentrancy rule */
    callStack: string[];
    /** `--trace`: hears of each contract call; null on the chain's own runs */
    tracer: Tracer | null;
};
/** The execution context (docs/spec.md §5 "Context and effects"): names whose value the running call gives. */
export declare const CONTEXT: Record<string, () => Value>;
export declare function outOfGas(): never;
/** Charges gas before the work it pays for; a program that cannot pay stops with status 2. */
export declare function charge(n: number): void;
/**
 * A value as text (str, abort's message): a string itself, anything else printed, paying per piece
 * printed and per character.
 */
export declare function asText(v: Value): string;
export declare function runtimeError(message: string, pos?: Pos): never;
export declare function abort(message: string): never;
/** Moves sneed (transfer, call-value); an overdraft aborts with status 1, as a failed `assert` does. */
export declare function pay(from: Address, to: Address, n: bigint, what: string, pos?: Pos): void;
/** The values a builtin or effect may require of an argument, by their type names (values.ts' typeName). */
export interface Typed {
    int: bigint;
    address: Address;
    list: readonly Value[];
    dict: Dict;
}
/** `v` as a `type`, else a runtime error naming `what`: "the argument of len must be a list, got int". */
export declare function expect<T extends keyof Typed>(v: Value, type: T, what: string, pos?: Pos): Typed[T];
export declare function enterDepth(cost: number, pos?: Pos): void;
/** Calls a closure with already-evaluated arguments. */
export declare function callClosure(fn: Closure, args: readonly Value[], pos?: Pos): Value;
/**
 * A caller for `f` with a fixed number of arguments, for builtins that call one function many times
 * (map, filter, fold). A closure's frame is allocated once and reused: frames are never captured
 * (closures copy the values they capture), and each call has returned before the next begins. The
 * depth budget is taken once for the whole loop; the builtin gives it back with `done()`.
 */
export declare function caller(f: Value, n: 1 | 2, pos?: Pos): {
    call: (a: Value, b?: Value) => Value;
    done: () => void;
};
/** Calls any function value: a closure or a builtin. */
export declare function applyValue(f: Value, args: Value[], pos?: Pos): Value;
/**
 * Walks a value that must be data (no functions) and that is about to cross a boundary: stored,
 * passed to or returned from a contract. Charges dataNode gas per node; iterative.
 */
export declare function checkData(v: Value, what: string, pos?: Pos): void;
export declare function requireWritable(what: string, pos?: Pos): void;
/**
 * A call of a public function of another contract (docs/spec.md §5 `call`/`try-call`). Atomic: a failure
 * reverts every effect of the call. `try-call` forwards at most 63/64 of the remaining gas (as
 * Ethereum's EIP-150) so that a callee that runs out of gas leaves the caller enough to go on, and
 * answers (ok value) or (err message). `sent` (call-value) moves from the caller to the callee inside
 * the call, so a failing callee reverts it too.
 */
export declare function callContract(target: Address, fname: Sym, args: Value[], isTry: boolean, pos?: Pos, sent?: bigint): Value;
