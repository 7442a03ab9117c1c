import "./forms.ts";
import { DataError, type Status } from "./errors.js";
import type { CompiledContract, Host } from "./host.js";
import { type Tracer } from "./runtime.js";
import { type Address, type FnTemplate, type Value } from "./values.js";
export { type ContractInfo, setFormProbe } from "./compile.js";
export { BINARY_OPS } from "./fast-ops.js";
/** The message of a failure no program should reach (docs/language.md "Statuses"). */
export declare const INTERNAL_ERROR = "internal error: the VM failed where no program should reach, a bug of tinychain: please report it with this transaction";
/** A compiled program: a function of no arguments. */
export type Program = FnTemplate;
/** Reads and compiles a program; throws DataError (E_DATA) for a syntax or compile error. */
export declare function compileProgram(source: string): Program;
/** Compiles stored contract source (as read back from the state). */
export declare function compileContractSource(source: string): CompiledContract;
/** Like compileProgram, but returns the error instead of throwing. */
export declare function tryCompileProgram(source: string): Program | DataError;
export interface RunResult {
    status: Status;
    value: Value;
    /** the printed return value (docs/spec.md §5 "Printing"); "nil" when the program failed */
    printed: string;
    gasUsed: number;
    /** the error message for status ≠ 0 */
    error: string | null;
}
export interface RunOptions {
    gas: number;
    /** the state the program reads and changes (the chain's State; `emptyWorld()` for eval) */
    host: Host;
    /** the signer; defaults to the host's origin */
    from?: Address;
    /** run as a view: no writes anywhere */
    readOnly?: boolean;
    /** `--trace`: notes every call and effect of the run (charges nothing, changes nothing) */
    tracer?: Tracer;
}
export declare function run(program: Program, options: RunOptions): RunResult;
/** Calls a contract's function directly, e.g. a view from the CLI or the node's RPC. */
export declare function callFunction(address: Address, fname: string, args: Value[], options: RunOptions): RunResult;
/** Convenience for `eval` and tests: source in, result out, E_DATA as a DataError value. */
export declare function evaluate(source: string, options: RunOptions): RunResult | DataError;
