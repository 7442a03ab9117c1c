// The `tinychain` command line (SPEC 7). Every command prints human text by default and one JSON
// document with --json, exits 0 on success, 1 when what it checked is invalid, 2 on a usage error,
// and never prints a stack trace for a user's mistake.

import { StoreError } from "../store/snapshot.ts";
import { COMMANDS } from "./commands/index.ts";
import { CliError, UsageError } from "./errors.ts";
import { toJson } from "./output.ts";

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

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    process.stdout.write("tinychain 0.1.0\n");
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes("--json");
  try {
    if (!command)
      throw new UsageError(`unknown command ${JSON.stringify(name)}`, "run 'tinychain --help' for the list");
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(
        `usage: ${command.usage}\n\n${command.summary}\n${command.details ? `\n${command.details}\n` : ""}`,
      );
      return 0;
    }
    return await command.run(rest);
  } catch (thrown) {
    // a chain folder that is missing, edited or damaged is the user's to fix, never a crash
    const e =
      thrown instanceof StoreError ? new CliError(thrown.code, thrown.message, 1, thrown.hint) : thrown;
    if (e instanceof UsageError || e instanceof CliError) {
      const code = e instanceof CliError ? e.code : "E_USAGE";
      const exit = e instanceof CliError ? e.exitCode : 2;
      if (json) process.stdout.write(`${toJson({ error: { code, message: e.message } })}\n`);
      else {
        // every usage mistake gets a hint: its own, or where the command's options are explained
        const hint = e.hint ?? (exit === 2 && command ? `see 'tinychain ${command.name} --help'` : undefined);
        process.stderr.write(`tinychain: ${e.message}${hint ? `\n  hint: ${hint}` : ""}\n`);
      }
      return exit;
    }
    // a bug of ours: say so plainly; the stack only on request
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`tinychain: internal error: ${message}\n`);
    if (process.env.TINYCHAIN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 3;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`tinychain: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 3;
  },
);
