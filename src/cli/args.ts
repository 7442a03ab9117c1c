// Argument parsing on node:util's strict parseArgs, with mistakes turned into UsageError sentences.

import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { closest } from "../tools/closest.ts";
import type { Command } from "./commands/types.ts";
import { UsageError } from "./errors.ts";

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

const COMMON_OPTIONS: Options = {
  json: { type: "boolean" },
  chain: { type: "string" },
  help: { type: "boolean", short: "h" },
};

/**
 * The options a command's usage line names, docopt's way: `--name ARG` (ARG in capitals) is an option
 * that takes a value, `--name` alone a switch, and `ARG…` one that may be given again. One line says
 * what `--help` shows and what the parser accepts, so the two never disagree.
 */
export function optionsOf(usage: string): Options {
  const options: Options = {};
  for (const m of usage.matchAll(/--([a-z][a-z-]*)( [A-Z][A-Z/=]*(…)?)?(?![\w-])/g))
    options[m[1]!] = m[2] ? { type: "string", ...(m[3] ? { multiple: true } : {}) } : { type: "boolean" };
  return options;
}

/** What each value-taking option expects, for the sentence that refuses a wrong one. */
const EXPECTS: Record<string, string> = {
  amount: "a decimal amount of sneed from 0 to 2^256−1",
  value: "a decimal amount of sneed from 0 to 2^256−1",
  "max-fee": "a decimal amount of sneed per gas from 0 to 2^256−1",
  tip: "a decimal amount of sneed per gas from 0 to 2^256−1",
  nonce: "a whole number from 0 to 2^53−1",
  "gas-limit": "a whole number from 0 to 2^53−1",
  gas: "a whole number from 0 to 2^53−1",
  port: "a port number from 0 to 65535",
  interval: "a whole number of seconds",
  timestamp: "a whole number of seconds since 1970",
  "chain-id": "a whole number from 0 to 2^53−1",
};

/** Parses a command's arguments: `options`, or those its usage line names (optionsOf). */
export function parse(
  of: string | Pick<Command, "name" | "usage">,
  argv: string[],
  options = typeof of === "string" ? {} : optionsOf(of.usage),
): Parsed {
  const command = typeof of === "string" ? of : of.name;
  const all = { ...COMMON_OPTIONS, ...options };
  // negative numbers: node's parser would call "-5" an option or an ambiguous argument
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    const name = a.startsWith("--") ? a.slice(2).split("=")[0]! : undefined;
    const inline = name !== undefined && a.includes("=") ? a.slice(a.indexOf("=") + 1) : undefined;
    const next = inline ?? (name !== undefined && all[name]?.type === "string" ? argv[i + 1] : undefined);
    if (name !== undefined && all[name]?.type === "string" && next !== undefined && /^-\d/.test(next))
      throw new UsageError(
        `--${name} must be ${EXPECTS[name] ?? "a value"}, got ${JSON.stringify(next)}`,
        "negative numbers are never accepted",
      );
    if (name !== undefined && all[name]?.type === "string" && inline === undefined) i++;
    else if (/^-\d/.test(a))
      throw new UsageError(
        `${command} takes no negative numbers, got ${a}`,
        "amounts, nonces and block numbers start at 0",
      );
  }
  try {
    const { values, positionals } = nodeParseArgs({
      args: argv,
      options: all,
      allowPositionals: true,
      strict: true,
      allowNegative: false,
    });
    return { values: values as Parsed["values"], positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    const option = /'(-{1,2}[^' ]+)/.exec(msg)?.[1];
    const known = Object.keys(all).map((k) => `--${k}`);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
      const near = closest(option, known);
      throw new UsageError(
        `${command}: unknown option ${option}`,
        near ? `did you mean ${near}?` : `run 'tinychain ${command} --help' for its options`,
      );
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
      const name = option.replace(/^-+/, "");
      const takesValue = all[name]?.type === "string";
      throw new UsageError(
        takesValue
          ? `${command}: ${option} needs a value (${EXPECTS[name] ?? "see --help"})`
          : `${command}: ${option} is a switch and takes no value`,
        `run 'tinychain ${command} --help' for its options`,
      );
    }
    throw new UsageError(`${command}: ${msg}`, `run 'tinychain ${command} --help'`);
  }
}

/** A non-negative integer flag (gas, nonce), range-checked. */
export function intFlag(name: string, raw: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^[0-9]+$/.test(raw) || raw.length > 16 || Number(raw) > max)
    throw new UsageError(`--${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** An amount flag (sneed, fees): a decimal uint256. */
export function amountFlag(name: string, raw: unknown): bigint | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !/^[0-9]+$/.test(raw))
    throw new UsageError(
      `--${name} must be a decimal amount of sneed (digits only), got ${JSON.stringify(raw)}`,
    );
  if (raw.length > 80 || BigInt(raw) >= 1n << 256n)
    throw new UsageError(
      `--${name} ${raw.length > 40 ? `${raw.slice(0, 20)}…(${raw.length} digits)` : raw} is above the largest amount, 2^256−1`,
    );
  return BigInt(raw);
}
