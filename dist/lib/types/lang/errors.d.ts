export declare const STATUS_OK = 0;
/** aborted by the program: `abort`, a failed `assert`, a failed `call` */
export declare const STATUS_ABORT = 1;
export declare const STATUS_OUT_OF_GAS = 2;
/** type error, division by zero, int overflow, unknown name, reentrancy, depth limit, write in a view */
export declare const STATUS_RUNTIME = 3;
export type Status = 0 | 1 | 2 | 3;
export declare const STATUS_MEANING: Record<Status, string>;
/** A source position: 1-based line and column, and the function it is in (for runtime messages). */
export interface Pos {
    line: number;
    col: number;
    fn?: string;
}
export declare function where(pos: Pos | undefined): string;
/** Thrown inside the VM to end a program with a non-zero status. Never escapes `run`. */
export declare class VmError extends Error {
    readonly status: 1 | 2 | 3;
    constructor(status: 1 | 2 | 3, message: string);
}
/**
 * A syntax or compile error of a program: reported as `E_DATA` (docs/spec.md §3.1), never executed.
 * The message names what was expected and where.
 */
export declare class DataError extends Error {
    readonly pos?: Pos | undefined;
    readonly code = "E_DATA";
    constructor(message: string, pos?: Pos | undefined);
}
/**
 * Thrown by a host that cannot answer a read yet (the web page's state comes over the network): not a
 * program's failure, so the VM passes it through untouched and the caller runs the program again once
 * it has the data (src/web/remote.ts).
 */
export declare class HostUnavailable extends Error {
}
