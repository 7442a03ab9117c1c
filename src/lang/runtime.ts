// The running machine: the gas meter, the host-depth budget, the stack of contract frames, and calls
// (of functions and of contracts). Compiled code reads and writes this one module-level state; `run`
// in vm.ts sets it up and tears it down, and saves it around nested runs.

import { arityMessage } from "./arity.ts";
import { type Pos, STATUS_ABORT, STATUS_OUT_OF_GAS, STATUS_RUNTIME, VmError, where } from "./errors.ts";
import { GAS } from "./gas.ts";
import type { CompiledContract, Host } from "./host.ts";
import { printValue } from "./printer.ts";
import type { Address, Sym, Value } from "./values.ts";
import { Builtin, Closure, Dict, ERR, nameTable, OK, typeName } from "./values.ts";

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
export const MAX_CALL_DEPTH = 32;

/**
 * The host-depth budget. Compiled code recurses on the JS stack; every function call adds its body's
 * static nesting (plus a constant for the calling machinery) to `rt.hostDepth`, and the VM stops the
 * program with status 3 when the budget is exceeded. The budget is set far below what the smallest
 * host stack we support (`node --stack-size=200`) can hold, so the limit is hit identically on every
 * machine and never as a host RangeError. test/lang/depth.test.ts runs the worst cases under several
 * stack sizes.
 */
export const HOST_DEPTH_LIMIT = 700;
/** frames the calling machinery adds to each function call */
export const CALL_DEPTH_COST = 4;
/** frames a contract call adds (call node, contract dispatch, closure call) */
export const CONTRACT_CALL_DEPTH_COST = 12;

/** gas left: a module variable rather than a property, because `charge` runs on every operation */
let gasLeft = 0;

export const rt = {
  get gas(): number {
    return gasLeft;
  },
  set gas(n: number) {
    gasLeft = n;
  },
  hostDepth: 0,
  host: null as unknown as Host,
  frame: null as unknown as ExecFrame,
  /** addresses of the contracts on the call stack, for the reentrancy rule */
  callStack: [] as string[],
  /** `--trace`: hears of each contract call; null on the chain's own runs */
  tracer: null as Tracer | null,
};

/** The execution context (docs/spec.md §5 "Context and effects"): names whose value the running call gives. */
export const CONTEXT: Record<string, () => Value> = nameTable({
  sender: () => rt.frame.sender,
  origin: () => rt.host.origin,
  self: () => rt.frame.self,
  value: () => rt.frame.value,
  "block-number": () => rt.host.blockNumber,
  "block-time": () => rt.host.blockTime,
  "chain-id": () => rt.host.chainId,
  // what is left after paying for this read
  "gas-left": () => BigInt(rt.gas),
});

export function outOfGas(): never {
  gasLeft = 0;
  throw new VmError(STATUS_OUT_OF_GAS, "out of gas");
}

/** Charges gas before the work it pays for; a program that cannot pay stops with status 2. */
export function charge(n: number): void {
  if ((gasLeft -= n) < 0) outOfGas();
}

/**
 * A value as text (str, abort's message): a string itself, anything else printed, paying per piece
 * printed and per character.
 */
export function asText(v: Value): string {
  return typeof v === "string" ? v : printValue(v, METERED);
}
const METERED = { meter: (n: number) => charge(GAS.printPiece + GAS.perByte * n) };

export function runtimeError(message: string, pos?: Pos): never {
  throw new VmError(STATUS_RUNTIME, message + where(pos));
}

export function abort(message: string): never {
  throw new VmError(STATUS_ABORT, message);
}

/** Moves sneed (transfer, call-value); an overdraft aborts with status 1, as a failed `assert` does. */
export function pay(from: Address, to: Address, n: bigint, what: string, pos?: Pos): void {
  if (!rt.host.transfer(from, to, n))
    abort(
      `insufficient balance: ${from.hex} has ${rt.host.balance(from)} sneed, ${what} needs ${n}${where(pos)}`,
    );
}

/** The values a builtin or effect may require of an argument, by their type names (values.ts' typeName). */
export interface Typed {
  int: bigint;
  address: Address;
  list: readonly Value[];
  dict: Dict;
}

/** `v` as a `type`, else a runtime error naming `what`: "the argument of len must be a list, got int". */
export function expect<T extends keyof Typed>(v: Value, type: T, what: string, pos?: Pos): Typed[T] {
  const got = typeName(v);
  if (got !== type)
    runtimeError(`${what} must be ${/^[ai]/.test(type) ? "an" : "a"} ${type}, got ${got}`, pos);
  return v as Typed[T];
}

export function enterDepth(cost: number, pos?: Pos): void {
  if ((rt.hostDepth += cost) > HOST_DEPTH_LIMIT)
    runtimeError(
      "call stack too deep: recursion exceeds the interpreter's depth limit (use loop/recur)",
      pos,
    );
}

/** Calls a closure with already-evaluated arguments. */
export function callClosure(fn: Closure, args: readonly Value[], pos?: Pos): Value {
  const t = fn.template;
  if (args.length !== t.arity) runtimeError(arityMessage(t.name, t.arity, t.arity, args.length), pos);
  charge(GAS.call + GAS.callArgument * args.length);
  const frame: Value[] = new Array(t.frameSize);
  for (let i = 0; i < args.length; i++) frame[i] = args[i]!;
  const captured = fn.captured;
  for (let i = 0; i < captured.length; i++) frame[t.arity + i] = captured[i]!;
  enterDepth(t.depthCost, pos);
  const result = t.body(frame);
  rt.hostDepth -= t.depthCost;
  return result;
}

/**
 * A caller for `f` with a fixed number of arguments, for builtins that call one function many times
 * (map, filter, fold). A closure's frame is allocated once and reused: frames are never captured
 * (closures copy the values they capture), and each call has returned before the next begins. The
 * depth budget is taken once for the whole loop; the builtin gives it back with `done()`.
 */
export function caller(
  f: Value,
  n: 1 | 2,
  pos?: Pos,
): { call: (a: Value, b?: Value) => Value; done: () => void } {
  if (!(f instanceof Closure))
    return { call: (a, b) => applyValue(f, n === 1 ? [a] : [a, b!], pos), done: () => {} };
  const t = f.template;
  if (t.arity !== n) runtimeError(arityMessage(t.name, t.arity, t.arity, n), pos);
  const frame: Value[] = new Array(t.frameSize);
  const captured = f.captured;
  for (let i = 0; i < captured.length; i++) frame[n + i] = captured[i]!;
  const gas = GAS.call + GAS.callArgument * n;
  const cost = t.depthCost;
  const body = t.body;
  enterDepth(cost, pos);
  return {
    call: (a, b) => {
      charge(gas);
      frame[0] = a;
      if (n === 2) frame[1] = b!;
      return body(frame);
    },
    done: () => {
      rt.hostDepth -= cost;
    },
  };
}

/** Calls any function value: a closure or a builtin. */
export function applyValue(f: Value, args: Value[], pos?: Pos): Value {
  if (f instanceof Closure) return callClosure(f, args, pos);
  if (f instanceof Builtin) {
    if (args.length < f.minArgs || args.length > f.maxArgs)
      runtimeError(arityMessage(f.name, f.minArgs, f.maxArgs, args.length), pos);
    charge(GAS.call + GAS.callArgument * args.length);
    return f.apply(args);
  }
  return runtimeError(`cannot call a ${typeName(f)}: only functions can be called`, pos);
}

/**
 * Walks a value that must be data (no functions) and that is about to cross a boundary: stored,
 * passed to or returned from a contract. Charges dataNode gas per node; iterative.
 */
export function checkData(v: Value, what: string, pos?: Pos): void {
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    charge(GAS.dataNode);
    if (x instanceof Closure || x instanceof Builtin)
      runtimeError(`${what} must be data, but it holds a function`, pos);
    if (Array.isArray(x))
      for (let i = 0; i < x.length; i++) typeof x[i] === "object" ? stack.push(x[i]) : charge(GAS.dataNode);
    else if (x instanceof Dict) for (const [, val] of x.entries) stack.push(val);
  }
}

export function requireWritable(what: string, pos?: Pos): void {
  if (rt.frame.readOnly) runtimeError(`${what} is not allowed in a view`, pos);
}

/**
 * A call of a public function of another contract (docs/spec.md §5 `call`/`try-call`). Atomic: a failure
 * reverts every effect of the call. `try-call` forwards at most 63/64 of the remaining gas (as
 * Ethereum's EIP-150) so that a callee that runs out of gas leaves the caller enough to go on, and
 * answers (ok value) or (err message). `sent` (call-value) moves from the caller to the callee inside
 * the call, so a failing callee reverts it too.
 */
export function callContract(
  target: Address,
  fname: Sym,
  args: Value[],
  isTry: boolean,
  pos?: Pos,
  sent = 0n,
): Value {
  const host = rt.host;
  if (rt.callStack.length >= MAX_CALL_DEPTH)
    runtimeError(`contract call depth limit of ${MAX_CALL_DEPTH} exceeded`, pos);
  if (rt.callStack.includes(target.hex))
    runtimeError(
      `reentrancy: contract ${target.hex} is already executing, so it cannot be called again`,
      pos,
    );
  const code = host.code(target);
  if (!code) runtimeError(`no contract at ${target.hex}`, pos);
  const fn = code.functions.get(fname.name);
  if (!fn) runtimeError(`contract ${code.name} at ${target.hex} has no function ${fname.name}`, pos);
  if (fn.kind === "private") runtimeError(`function ${fname.name} of ${code.name} is private`, pos);
  if (rt.frame.readOnly && fn.kind !== "view")
    runtimeError(`a view cannot call ${code.name}.${fname.name}, which is not a view`, pos);
  // a view writes nothing, so it could not record who paid it: sneed sent to one would be lost
  if (sent > 0n && fn.kind === "view")
    runtimeError(`${code.name}.${fname.name} is a view: it cannot receive sneed`, pos);

  const savedFrame = rt.frame;
  const savedDepth = rt.hostDepth;
  const checkpoint = host.checkpoint();
  const reserve = isTry ? Math.floor(rt.gas / 64) : 0;
  rt.gas -= reserve;
  rt.frame = {
    self: target,
    sender: savedFrame.self,
    value: sent,
    contract: code,
    readOnly: savedFrame.readOnly || fn.kind === "view",
  };
  rt.callStack.push(target.hex);
  rt.tracer?.enter(code.name, target.hex, fname.name, args, rt.gas, sent);
  try {
    enterDepth(CONTRACT_CALL_DEPTH_COST, pos);
    if (sent > 0n) pay(savedFrame.self, target, sent, "the call", pos);
    const value = callClosure(fn.closure, args, pos);
    checkData(value, `the value returned by ${code.name}.${fname.name}`, pos);
    rt.tracer?.exit(0, value, rt.gas);
    return isTry ? [OK, value] : value;
  } catch (e) {
    if (!(e instanceof VmError)) throw e;
    rt.tracer?.exit(e.status, e.message, rt.gas);
    host.revertTo(checkpoint);
    const message = `${code.name}.${fname.name}: ${e.message}`;
    if (!isTry) throw new VmError(e.status, message);
    return [ERR, message];
  } finally {
    rt.gas += reserve;
    rt.frame = savedFrame;
    rt.hostDepth = savedDepth;
    rt.callStack.pop();
  }
}
