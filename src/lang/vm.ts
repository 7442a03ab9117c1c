// Running programs: the entry point the chain and the CLI use. A program is one expression compiled
// as a function of no arguments (docs/spec.md §5 "Rules": the transaction program runs as a script with
// sender = origin = self = from). Whatever happens inside, `run` returns one of the four statuses of
// docs/spec.md §3.2 with the gas used; it never throws for anything a program does.

import "./forms.ts"; // fills the forms table before anything compiles
import { compileContract } from "./contract.ts";
import { DataError, HostUnavailable, STATUS_OK, STATUS_RUNTIME, type Status, VmError } from "./errors.ts";
import { GAS } from "./gas.ts";
import type { CompiledContract, Host } from "./host.ts";
import { printValue } from "./printer.ts";
import { readOne } from "./reader.ts";
import { callContract, charge, type ExecFrame, rt, type Tracer } from "./runtime.ts";
import { compileFunction } from "./special-forms.ts";
import { type Address, type FnTemplate, Sym, type Value } from "./values.ts";

// for `tinychain test --coverage` (src/testing/coverage.ts): the compiler's hook on each form, and the
// comparisons it fuses, through this public entry rather than the compiler's insides
export { type ContractInfo, setFormProbe } from "./compile.ts";
export { BINARY_OPS } from "./fast-ops.ts";

/** The message of a failure no program should reach (docs/language.md "Statuses"). */
export const INTERNAL_ERROR =
  "internal error: the VM failed where no program should reach, a bug of tinychain: please report it with this transaction";

/** A compiled program: a function of no arguments. */
export type Program = FnTemplate;

/** Reads and compiles a program; throws DataError (E_DATA) for a syntax or compile error. */
export function compileProgram(source: string): Program {
  const form = readOne(source);
  return compileFunction("script", [], [form], form.pos, null).template;
}

/** Compiles stored contract source (as read back from the state). */
export function compileContractSource(source: string): CompiledContract {
  return compileContract(readOne(source));
}

/** Like compileProgram, but returns the error instead of throwing. */
export function tryCompileProgram(source: string): Program | DataError {
  try {
    return compileProgram(source);
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
}

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

/** Runs `body` with the machine set up, restoring any outer run afterwards (runs may nest). */
function withMachine(options: RunOptions, body: () => Value): RunResult {
  const host = options.host;
  const from = options.from ?? host.origin;
  const saved = { ...rt }; // gas (through its getter), depth, host, frame, call stack, tracer
  rt.gas = options.gas;
  rt.hostDepth = 0;
  rt.tracer = options.tracer ?? null;
  rt.host = options.tracer ? options.tracer.watch(host) : host;
  rt.frame = {
    self: from,
    sender: from,
    value: 0n,
    contract: null,
    readOnly: options.readOnly ?? false,
  } satisfies ExecFrame;
  rt.callStack = [];
  options.tracer?.begin(from.hex, options.gas);
  const checkpoint = host.checkpoint();
  try {
    const value = body();
    // the receipt shows the printed value: printing is work, paid for like any other
    const printed = printValue(value, { meter: (n) => charge(GAS.perByte * n) });
    options.tracer?.exit(STATUS_OK, value, rt.gas);
    return { status: STATUS_OK, value, printed, gasUsed: options.gas - rt.gas, error: null };
  } catch (e) {
    if (e instanceof VmError) options.tracer?.exit(e.status, e.message, rt.gas);
    host.revertTo(checkpoint);
    if (e instanceof HostUnavailable) throw e;
    const failed = { value: null, printed: "nil" };
    if (e instanceof VmError)
      return { status: e.status, ...failed, gasUsed: options.gas - rt.gas, error: e.message };
    // Not reachable by any program (the fuzzer of test/lang/fuzz.test.ts looks for one); should it
    // happen, it is a bug of ours, and the answer must still be one every node agrees on: status 3, all
    // of the gas used (so the receipt does not depend on where the host failed), every effect reverted,
    // and a fixed sentence that carries nothing of the host's own message (V8's wording changes between
    // Node versions).
    return { status: STATUS_RUNTIME, ...failed, gasUsed: options.gas, error: INTERNAL_ERROR };
  } finally {
    Object.assign(rt, saved);
  }
}

export function run(program: Program, options: RunOptions): RunResult {
  return withMachine(options, () => {
    rt.hostDepth = program.depthCost;
    return program.body(new Array(program.frameSize));
  });
}

/** Calls a contract's function directly, e.g. a view from the CLI or the node's RPC. */
export function callFunction(address: Address, fname: string, args: Value[], options: RunOptions): RunResult {
  return withMachine(options, () => callContract(address, Sym.of(fname), args, false));
}

/** Convenience for `eval` and tests: source in, result out, E_DATA as a DataError value. */
export function evaluate(source: string, options: RunOptions): RunResult | DataError {
  const program = tryCompileProgram(source);
  return program instanceof DataError ? program : run(program, options);
}
