// Argument parsing on node:util's strict parseArgs, with mistakes turned into UsageError sentences.

import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.ts";

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export const COMMON_OPTIONS: Options = {
  json: { type: "boolean" },
  chain: { type: "string" },
  help: { type: "boolean", short: "h" },
};

export function parse(command: string, argv: string[], options: Options): Parsed {
  try {
    const { values, positionals } = nodeParseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
      allowNegative: false,
    });
    return { values: values as Parsed["values"], positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    throw new UsageError(
      `${command}: ${msg.replace(/^Unknown option/, "unknown option")}`,
      `run 'tinychain ${command} --help'`,
    );
  }
}

/** A non-negative integer flag (gas, nonce), range-checked. */
export function intFlag(name: string, raw: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^[0-9]+$/.test(raw) || raw.length > 16 || Number(raw) > max)
    throw new UsageError(`--${name} must be a whole number between 0 and ${max}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** An amount flag (sneed, fees): a decimal uint256. */
export function amountFlag(name: string, raw: unknown): bigint | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^[0-9]{1,78}$/.test(raw) || BigInt(raw) >= 1n << 256n)
    throw new UsageError(`--${name} must be a decimal amount of sneed, got ${JSON.stringify(raw)}`);
  return BigInt(raw);
}
