import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { emptyWorld, type State } from "../src/chain/state.ts";
import { DataError } from "../src/lang/errors.ts";
import { evaluate } from "../src/lang/vm.ts";

export const ROOT = join(import.meta.dirname, "..");
export const CLI = join(ROOT, "dist/cli.js");

export interface Outcome {
  status: number | "E_DATA";
  value: string;
  error: string | null;
  gasUsed: number;
}

/** Evaluates a program in an empty world (or the given state), as `tinychain eval` does. */
export function ev(source: string, gas = 10_000_000, host: State = emptyWorld()): Outcome {
  const r = evaluate(source, { gas, host });
  if (r instanceof DataError) return { status: "E_DATA", value: "", error: r.message, gasUsed: 0 };
  return { status: r.status, value: r.printed, error: r.error, gasUsed: r.gasUsed };
}

/** The printed value of a program that must succeed. */
export function val(source: string): string {
  const r = ev(source);
  if (r.status !== 0) throw new Error(`${source} failed with status ${r.status}: ${r.error}`);
  return r.value;
}

export function cli(
  args: string[],
  options: {
    cwd?: string;
    input?: string;
    env?: NodeJS.ProcessEnv;
    nodeArgs?: string[];
    timeout?: number;
  } = {},
) {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    timeout: options.timeout,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
