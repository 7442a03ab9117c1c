// The `tinychain` command line (docs/spec.md §7). Every command prints human text by default and one JSON
// document with --json, exits 0 on success, 1 when what it checked is invalid, 2 on a usage error,
// and never prints a stack trace for a user's mistake.

import { resolve } from "node:path";
import { type Snapshot, StoreError } from "../store/snapshot.ts";
import { closest } from "../tools/closest.ts";
import { CliError, internalError, parse, UsageError } from "./command.ts";
import { COMMANDS } from "./commands/index.ts";
import { openSnapshot } from "./files.ts";
import { makeOutput } from "./output.ts";

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "tinychain: a smart-contract chain whose consensus is GitHub pull requests",
    "",
    "usage: tinychain COMMAND [options]   (--chain DIR for a chain outside the current folder, --json for JSON)",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "tinychain COMMAND --help shows a command's options.",
  ].join("\n");
}

/**
 * Global options may come before the command (`tinychain --chain DIR balance X`): they are moved
 * behind it, where every command parses them.
 */
function hoistGlobalOptions(argv: string[]): string[] {
  const isGlobal = (a: string, i: number) =>
    /^--(json|chain)$|^--chain=/.test(a) || argv[i - 1] === "--chain";
  const i = argv.findIndex((a, i) => !isGlobal(a, i));
  // options only: let the usage say what is missing
  return i < 0 ? argv : [argv[i]!, ...argv.slice(i + 1), ...argv.slice(0, i)];
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = hoistGlobalOptions(argv);
  // `tinychain help CMD` is `tinychain CMD --help`
  const command = COMMANDS.find((c) => c.name === (name === "help" ? rest[0] : name));
  if (command && (name === "help" || rest.includes("--help") || rest.includes("-h"))) {
    const { usage, summary, details } = command;
    process.stdout.write(`usage: ${usage}\n\n${summary}\n${details ? `\n${details}\n` : ""}`);
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    process.stdout.write("tinychain 0.1.0\n");
    return 0;
  }
  const json = rest.includes("--json");
  try {
    if (!command) {
      const names = COMMANDS.map((c) => c.name);
      const near = closest(name, names);
      throw new UsageError(
        `unknown command ${JSON.stringify(name)}`,
        near
          ? `did you mean '${near}'? ('tinychain --help' lists them all)`
          : "run 'tinychain --help' for the list",
      );
    }
    const parsed = parse(command, rest);
    const dir = resolve(typeof parsed.values.chain === "string" ? parsed.values.chain : process.cwd());
    const out = makeOutput(parsed.values.json === true);
    let opened: Snapshot | undefined; // opened once, when a command first asks
    return await command.run({ ...parsed, out, dir, chain: () => (opened ??= openSnapshot(dir)) });
  } catch (thrown) {
    // a chain folder that is missing, edited or damaged is the user's to fix, never a crash
    const e =
      thrown instanceof StoreError ? new CliError(thrown.code, thrown.message, 1, thrown.hint) : thrown;
    if (e instanceof CliError) {
      const { code, exitCode } = e;
      // every usage mistake gets a hint: its own, or where the command's options are explained
      const hint =
        e.hint ?? (exitCode === 2 && command ? `see 'tinychain ${command.name} --help'` : undefined);
      makeOutput(json).document({ error: { code, message: e.message, ...(hint ? { hint } : {}) } });
      if (!json) process.stderr.write(`tinychain: ${e.message}${hint ? `\n  hint: ${hint}` : ""}\n`);
      return exitCode;
    }
    return internalError()(e);
  }
}

// a reader that stops early (`tinychain validate --markdown | head -1`) closes the pipe: that is the
// reader's choice, not an error, so the command ends quietly with status 0
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });

main(process.argv.slice(2))
  .catch(internalError())
  .then((code) => {
    process.exitCode = code;
  });
