// Errors the CLI turns into one sentence and an exit code (docs/spec.md §7): 2 for a usage mistake, 1 for
// something checked and found invalid. No stack trace is ever printed for either.

export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

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

/** A key, a key file or its passphrase that cannot be used: E_KEY, a usage mistake (exit 2). */
export const keyError = (message: string, hint?: string) => new CliError("E_KEY", message, 2, hint);
