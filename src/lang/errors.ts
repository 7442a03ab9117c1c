// Exit statuses of a program (docs/spec.md §3.2) and the error values that carry them.

export const STATUS_OK = 0;
/** aborted by the program: `abort`, a failed `assert`, a failed `call` */
export const STATUS_ABORT = 1;
export const STATUS_OUT_OF_GAS = 2;
/** type error, division by zero, int overflow, unknown name, reentrancy, depth limit, write in a view */
export const STATUS_RUNTIME = 3;

export type Status = 0 | 1 | 2 | 3;

export const STATUS_MEANING: Record<Status, string> = {
  0: "success",
  1: "aborted",
  2: "out of gas",
  3: "runtime error",
};

/** A source position: 1-based line and column, and the function it is in (for runtime messages). */
export interface Pos {
  line: number;
  col: number;
  fn?: string;
}

export function where(pos: Pos | undefined): string {
  if (!pos) return "";
  return pos.fn ? ` (in ${pos.fn}, at ${pos.line}:${pos.col})` : ` (at ${pos.line}:${pos.col})`;
}

/** Thrown inside the VM to end a program with a non-zero status. Never escapes `run`. */
export class VmError extends Error {
  constructor(
    readonly status: 1 | 2 | 3,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A syntax or compile error of a program: reported as `E_DATA` (docs/spec.md §3.1), never executed.
 * The message names what was expected and where.
 */
export class DataError extends Error {
  readonly code = "E_DATA";
  constructor(
    message: string,
    readonly pos?: Pos,
  ) {
    super(pos ? `${pos.line}:${pos.col}: ${message}` : message);
  }
}

/**
 * Thrown by a host that cannot answer a read yet (the web page's state comes over the network): not a
 * program's failure, so the VM passes it through untouched and the caller runs the program again once
 * it has the data (src/web/remote.ts).
 */
export class HostUnavailable extends Error {}
