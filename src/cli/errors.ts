// Errors the CLI turns into one sentence and an exit code (docs/spec.md §7): 2 for a usage mistake, 1 for
// something checked and found invalid. No stack trace is ever printed for either.

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
