// What every fuzz case must satisfy (issue 29), as a list of violations (empty: the case is fine):
// - check, the compiler, the gas bound and the VM never throw a host exception, and no run ends in
//   "internal error": every run ends with a status of docs/spec.md §3.2, every refusal with an E_ code;
// - check reports an error for every program the compiler refuses, and the compiler accepts every
//   program check passes without errors;
// - a function's gas never exceeds its bound from check (the per-size prices set to zero, so what is
//   left is exactly the bound's fixed part: test/lang/cost.test.ts's method);
// - the same program twice gives the same status, gas, value, error, events and state changes (the
//   changes of a transaction are what its state root is computed from).

import { emptyWorld } from "../../src/chain/state.ts";
import { compileCanonical } from "../../src/lang/contract.ts";
import { DataError } from "../../src/lang/errors.ts";
import { GAS } from "../../src/lang/gas.ts";
import { readAll, readOne } from "../../src/lang/reader.ts";
import { compileProgram, evaluate, INTERNAL_ERROR } from "../../src/lang/vm.ts";
import { checkSource } from "../../src/tools/check.ts";
import { type GasBound, gasBounds } from "../../src/tools/cost.ts";
import { type TraceFrame, Tracer } from "../../src/tools/trace.ts";
import type { FuzzCase } from "./fuzz-grammar.ts";

/** Enough to reach every limit that matters without making a case slow. */
const GAS_LIMIT = 1_000_000;

const PER_SIZE = [
  "perElement",
  "newValue",
  "perByte",
  "printPiece",
  "storageReadByte",
  "storageWriteByte",
  "eventByte",
  "dataNode",
  "arithmeticWord",
  "keccakWord",
  "deployByte",
] as const;

/** Runs `body` with every per-size price at zero (and puts them back). */
export function withPerSizeZeroed<T>(body: () => T): T {
  const prices = GAS as unknown as Record<string, number>;
  const saved = PER_SIZE.map((k) => prices[k]!);
  for (const k of PER_SIZE) prices[k] = 0;
  try {
    return body();
  } finally {
    PER_SIZE.forEach((k, i) => {
      prices[k] = saved[i]!;
    });
  }
}

/** Every contract call of a trace, however deep: [Contract.fn, gas used]. */
export function traceFrames(f: TraceFrame): [string, number][] {
  const own: [string, number][] = f.contract === "script" ? [] : [[`${f.contract}.${f.fn}`, f.gasUsed]];
  return [...own, ...f.steps.flatMap((s) => (s.op === "call" ? traceFrames(s.frame) : []))];
}

function hostError(where: string, e: unknown): string {
  return `${where} threw a host exception: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`;
}

/** check and the compiler on one text: agreement, and nothing thrown but a DataError. */
function checkAndCompile(text: string, compile: () => void, what: string, out: string[]): boolean {
  let errors: number;
  try {
    const findings = checkSource(text);
    for (const f of findings)
      if (!/^[EW]_[A-Z_]+$/.test(f.code)) out.push(`check of the ${what} gave the code ${f.code}`);
    errors = findings.filter((f) => f.severity === "error").length;
  } catch (e) {
    out.push(hostError(`check of the ${what}`, e));
    return false;
  }
  let compiled = true;
  try {
    compile();
  } catch (e) {
    if (!(e instanceof DataError)) {
      out.push(hostError(`compiling the ${what}`, e));
      return false;
    }
    compiled = false;
  }
  if (!compiled && errors === 0) out.push(`the compiler refuses the ${what}, and check reports no error`);
  return compiled;
}

interface Observed {
  status: number | "E_DATA";
  gasUsed: number;
  printed: string;
  error: string | null;
  effects: string;
}

/** One run of a program on an empty world: what every node must agree on (the changes make the state root). */
export function runOnce(program: string, tracer?: Tracer): Observed {
  const world = emptyWorld();
  const r = evaluate(program, { gas: GAS_LIMIT, host: world, ...(tracer ? { tracer } : {}) });
  if (r instanceof DataError)
    return { status: "E_DATA", gasUsed: 0, printed: "", error: r.message, effects: "" };
  const { logs, changes } = world.endTransaction();
  return { ...r, value: undefined, effects: JSON.stringify({ logs, changes }) } as Observed;
}

/** The violations of one case (empty when it is fine). */
export function violations(c: FuzzCase): string[] {
  const out: string[] = [];
  const contractOk = checkAndCompile(
    c.contract,
    () => compileCanonical(readOne(c.contract) as never),
    "contract",
    out,
  );
  const programOk = checkAndCompile(c.program, () => compileProgram(c.program), "program", out);
  let bounds: Map<string, GasBound> = new Map();
  if (contractOk)
    try {
      bounds = withPerSizeZeroed(
        () => new Map(gasBounds(readAll(c.contract)).map((b) => [`${b.contract}.${b.fn}`, b])),
      );
    } catch (e) {
      out.push(hostError("the gas bound", e));
    }
  if (!programOk || out.length > 0) return out;
  let first: Observed;
  try {
    first = runOnce(c.program);
    const second = runOnce(c.program);
    if (JSON.stringify(first) !== JSON.stringify(second))
      out.push(`two runs differ: ${JSON.stringify(first)} vs ${JSON.stringify(second)}`);
  } catch (e) {
    out.push(hostError("the VM", e));
    return out;
  }
  if (first.status === "E_DATA") out.push(`the compiled program was refused when run: ${first.error}`);
  else if (![0, 1, 2, 3].includes(first.status)) out.push(`status ${first.status}`);
  if (first.error === INTERNAL_ERROR || first.error?.includes("internal error"))
    out.push(`internal error: ${first.error}`);
  // the bound of check holds for every call of the contract's functions
  try {
    withPerSizeZeroed(() => {
      const tracer = new Tracer();
      runOnce(c.program, tracer);
      for (const [name, used] of traceFrames(tracer.root)) {
        const b = bounds.get(name);
        if (b && "gas" in b && used > b.gas) out.push(`${name} used ${used} gas, above its bound ${b.gas}`);
      }
    });
  } catch (e) {
    out.push(hostError("the traced run", e));
  }
  return out;
}
