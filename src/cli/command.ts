// What every command is made of: its type, its arguments parsed from its usage line (on node:util's
// strict parseArgs), and the errors the CLI turns into one sentence and an exit code (docs/spec.md §7):
// 2 for a usage mistake, 1 for something checked and found invalid. No stack trace is ever printed for
// either.

import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";
import { parseAddress } from "../crypto/keys.ts";
import type { Snapshot } from "../store/snapshot.ts";
import { closest } from "../tools/closest.ts";
import type { Output } from "./output.ts";

/** A user-facing failure with a stable code, e.g. E_DATA, E_NO_CHAIN. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2 = 1,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A usage mistake (E_USAGE, exit 2): an unknown option, a missing or malformed argument. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super("E_USAGE", message, 2, hint);
  }
}

/**
 * Says a bug of ours on stderr, `tinychain[ COMMAND]: internal error: …` (the stack only on request), and
 * gives exit code 3; a serving command says it and keeps serving.
 */
export const internalError =
  (command?: string) =>
  (e: unknown): 3 => {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`tinychain${command ? ` ${command}` : ""}: internal error: ${message}\n`);
    if (process.env.TINYCHAIN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 3;
  };

/** A key, a key file or its passphrase that cannot be used: E_KEY, a usage mistake (exit 2). */
export const keyError = (message: string, hint?: string) => new CliError("E_KEY", message, 2, hint);

export interface Command {
  summary: string;
  /** `tinychain NAME …`: what --help shows, the options the parser accepts (parse, below), and the name */
  usage: string;
  /** extra lines for `tinychain CMD --help` */
  details?: string;
  /** a use of it, the hint when an argument is missing or wrong */
  example?: string;
  /** options besides those its usage line names (the transaction commands': the tx options) */
  options?: Options;
  /** returns the exit code */
  run(args: Args): number | Promise<number>;
}

/** What a command runs with: its parsed arguments, its output, and the chain it works on. */
export interface Args {
  values: Record<string, string | boolean | string[] | undefined>;
  /** the arguments its usage line names, as many as it names and each checked (ARGUMENTS) */
  positionals: string[];
  out: Output;
  /** the chain folder: --chain DIR, else the current one */
  dir: string;
  /** the chain in `dir`, opened (an interrupted apply finished first) */
  chain(): Snapshot;
}

/** A command as `tinychain` finds it: by its name, its usage line's second word. */
export type NamedCommand = Command & { name: string };

export type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * The options a command's usage line names, docopt's way: `--name ARG` (ARG in capitals) is an option
 * that takes a value, `--name` alone a switch, and `ARG…` one that may be given again. One line says
 * what `--help` shows and what the parser accepts, so the two never disagree.
 */
export function optionsOf(usage: string): Options {
  const options: Options = {};
  for (const m of usage.matchAll(OPTION))
    options[m[1]!] = m[2] ? { type: "string", ...(m[3] ? { multiple: true } : {}) } : { type: "boolean" };
  return options;
}

const OPTION = /--([a-z][a-z-]*)( [A-Z][A-Z/=]*(…)?)?(?![\w-])/g;

/** The options every command takes: --json, --chain DIR, and --help (-h). */
const COMMON_OPTIONS: Options = { ...optionsOf("--json --chain DIR"), help: { type: "boolean", short: "h" } };

/** a pattern an argument's text must match (a RegExp, or a test of its own) */
type Pattern = { test(text: string): boolean };

/**
 * What each argument a usage line names is: the words a sentence asks for it with, and the check its
 * text must pass (a pattern, or a function that returns its value or throws the sentence refusing it).
 */
const ARGUMENTS: Record<string, [is: string, check?: Pattern | ((text: string) => string)]> = {
  ADDR: ["an address", (text) => addressArg(text, "address")],
  KEY: ["a storage key"],
  FN: ["a function name"],
  "ARG…": ["its arguments"],
  "N|head": [
    "a block number (or head)",
    { test: (text) => text === "head" || (/^[0-9]{1,16}$/.test(text) && Number.isSafeInteger(Number(text))) },
  ],
  // any case, the prefix too (receipt reads it lowercased)
  TXID: ["a transaction id (0x followed by 64 hex digits)", /^0x[0-9a-f]{64}$/i],
  NAME: [
    "one name of lowercase letters, digits and dashes, starting with a letter",
    /^[a-z][a-z0-9-]{0,63}$/,
  ],
  "EXPR|FILE.lisp": ["exactly one expression (quote it for the shell) or a .lisp file"],
  "FILE.lisp…": ["one or more .lisp files"],
  "CONTRACT.lisp": ["one contract file"],
  "FILE…": ["at least one transaction file"],
  FILE: ["one proof file"],
  "TYPED.json": ["a typed-data file"],
  SIGNATURE: ["a signature: 0x followed by 130 hex digits (r, s, v)", /^0x[0-9a-fA-F]{130}$/],
};

/**
 * The arguments a command's usage line names (`ADDR`, `[KEY]` optional, `FILE…` one or more, what
 * follows two spaces a note), checked: too few or too many are one sentence saying what it takes.
 */
function checkArguments(command: string, usage: string, positionals: string[], hint?: string): string[] {
  const words =
    usage
      .split("  ")[0]!
      .replace(OPTION, "")
      .match(/\[?[A-Z][\w.|]*…?\]?/g) ?? [];
  const named = words.map((w) => [w, ...(ARGUMENTS[w.replace(/[[\]]/g, "")] ?? [w])] as const);
  // an optional argument is "optionally" asked for; `[ARG…]` says it may be none already
  const phrases = named.map(([w, is]) => (/^\[[^…]*\]$/.test(w) ? `optionally ${is}` : is));
  const takes = `${command} takes ${new Intl.ListFormat("en-GB").format(phrases) || "no arguments"}`;
  const max = words.some((w) => w.includes("…")) ? Infinity : words.length;
  if (positionals.length < words.filter((w) => !w.startsWith("[")).length) throw new UsageError(takes, hint);
  if (positionals.length > max)
    throw new UsageError(
      `${takes}, got ${max > 0 ? "an extra " : ""}${JSON.stringify(positionals[max])}`,
      hint,
    );
  return positionals.map((text, i) => {
    const [, is, check] = named[Math.min(i, named.length - 1)]!;
    if (typeof check === "function") return check(text);
    if (check && !check.test(text))
      throw new UsageError(`${command} takes ${is}, got ${JSON.stringify(text.slice(0, 140))}`, hint);
    return text;
  });
}

/** What each value-taking option expects, for the sentence that refuses a wrong one. */
const EXPECTS: Record<string, string> = {};
for (const [expects, ...names] of [
  ["a decimal amount of sneed from 0 to 2^256−1", "amount", "value"],
  ["a decimal amount of sneed per gas from 0 to 2^256−1", "max-fee", "tip"],
  ["a whole number from 0 to 2^53−1", "nonce", "gas-limit", "gas", "chain-id"],
  ["a port number from 0 to 65535", "port"],
  ["a whole number of seconds", "interval"],
  ["a whole number of seconds since 1970", "timestamp"],
])
  for (const name of names) EXPECTS[name] = expects!;

/**
 * Parses a command's arguments: the options its usage line names (optionsOf), and its `options`. Node's
 * strict parser would call "-5" an option and "--amount -5" ambiguous, in words of its own: its tokens
 * are checked here instead, the first mistake named in one sentence.
 */
export function parse({ name: command, usage, options, example }: NamedCommand, argv: string[]) {
  const all = { ...COMMON_OPTIONS, ...optionsOf(usage), ...options };
  const config = { args: argv, options: all, allowPositionals: true, tokens: true, strict: false } as const;
  const { values, positionals, tokens } = nodeParseArgs(config);
  const help = `run 'tinychain ${command} --help' for its options`;
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const type = all[t.name]?.type;
    if (type === "string" && t.value !== undefined && /^-\d/.test(t.value))
      throw new UsageError(
        `--${t.name} must be ${EXPECTS[t.name] ?? "a value"}, got ${JSON.stringify(t.value)}`,
        "negative numbers are never accepted",
      );
    if (/^-\d/.test(t.rawName))
      throw new UsageError(
        `${command} takes no negative numbers, got ${argv[t.index]}`,
        "amounts, nonces and block numbers start at 0",
      );
    if (type === undefined) {
      const known = Object.keys(all).map((k) => `--${k}`);
      const near = closest(t.rawName, known);
      throw new UsageError(`${command}: unknown option ${t.rawName}`, near ? `did you mean ${near}?` : help);
    }
    // a value is missing when none follows, or when what follows is another option (`--to --amount 5`)
    if (type === "string" && (t.value === undefined || (!t.inlineValue && /^-./.test(t.value))))
      throw new UsageError(
        `${command}: ${t.rawName} needs a value (${EXPECTS[t.name] ?? "see --help"})`,
        help,
      );
    if (type === "boolean" && t.value !== undefined)
      throw new UsageError(`${command}: ${t.rawName} is a switch and takes no value`, help);
  }
  const checked = checkArguments(command, usage, positionals, example);
  return { values: values as Args["values"], positionals: checked };
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

export function addressArg(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`${what} is missing`);
  const a = parseAddress(value);
  if ("error" in a) throw new UsageError(`${what}: ${a.error}`);
  return a.address;
}
