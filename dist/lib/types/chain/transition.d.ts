import { type Recovered } from "../crypto/signature.js";
import { DataError, type Status } from "../lang/errors.js";
import type { Log } from "../lang/host.js";
import type { Tracer } from "../lang/runtime.js";
import { type Value } from "../lang/values.js";
import { type Program, type RunResult } from "../lang/vm.js";
import type { Change, State } from "./state.js";
import { type FileKind, type Transaction } from "./transaction.js";
import { type Invalid } from "./validity.js";
/** docs/spec.md §3.1: data is at most 32 KiB. */
export declare const MAX_DATA_BYTES: number;
/** The context a block's transactions run in. */
export interface BlockContext {
    number: bigint;
    timestamp: bigint;
    baseFee: bigint;
    gasLimit: number;
    coinbase: string;
    chainId: number;
}
/** A transaction that passed every check that needs no state. */
export interface PreparedTx {
    file: string;
    id: string;
    tx: Transaction;
    intrinsicGas: number;
    /** the compiled program, or why the data is not one (reported as E_DATA after the nonce checks) */
    program: Program | DataError;
}
export interface RejectedFile {
    file: string;
    id: string | null;
    error: Invalid;
}
/** A transaction's receipt: what applyTransaction returns when the transaction is valid. */
export interface Receipt {
    id: string;
    file: string;
    from: string;
    nonce: number;
    status: Status;
    gasUsed: number;
    gasLimit: number;
    effectiveGasPrice: bigint;
    fee: bigint;
    /** the printed return value */
    return: string;
    error: string | null;
    logs: Log[];
    created: string[];
    changes: Change[];
}
/** A file parsed and hashed, before its signature is checked (so signatures can be checked in bulk). */
export interface ParsedFile {
    file: string;
    tx: Transaction;
    digest: Uint8Array;
}
export declare function parseFile(file: string, bytes: Uint8Array, kind: FileKind): ParsedFile | RejectedFile;
export declare function prepareTransaction(file: string, bytes: Uint8Array, kind: FileKind, chainId: number, signer?: Recovered): PreparedTx | RejectedFile;
/**
 * A transaction a wallet signed, as the file the CLI writes, checked as validate checks it (`tinychain
 * attach`, the web page). A wallet that gives v as 0/1 (a hardware one) gets the 27/28 files use.
 */
export declare function walletSignedFile(tx: UnsignedTransaction, signature: string, chainId: number): {
    path: string;
    bytes: Uint8Array<ArrayBufferLike>;
    checked: PreparedTx | RejectedFile;
};
/** The rest of the stateless checks, given a parsed file and optionally its already recovered signer. */
export declare function prepareParsed(parsed: ParsedFile, chainId: number, signer?: Recovered): PreparedTx | RejectedFile;
export declare function checkNonce(state: State, tx: Transaction): Invalid | undefined;
/** Every check of docs/spec.md §3.1 that needs state, in the table's order. */
export declare function validateAgainstState(state: State, p: PreparedTx, block: BlockContext): Invalid | undefined;
/** The state transition of one transaction: a receipt, or why the transaction is invalid. */
export declare function applyTransaction(state: State, p: PreparedTx, block: BlockContext, tracer?: Tracer): Receipt | Invalid;
/** A transaction's fields before it is signed. */
export type UnsignedTransaction = Omit<Transaction, "signature">;
/**
 * What a transaction would do on `state` (which the caller then throws away): the same checks with
 * state and the same execution as applyTransaction, before it is signed. The CLI's gas estimate and
 * its refusal to write a transaction that would fail run on this.
 */
export declare function simulateTransaction(state: State, tx: UnsignedTransaction, block: BlockContext, tracer?: Tracer): Receipt | Invalid;
/**
 * A view (a read-only function) of `target`, called from outside as a transaction of `target` would
 * see the state: `tinychain view` and the node's tinychain_view run here. Nothing it does is kept.
 */
export declare function callView(state: State, target: string, fn: string, args: Value[], block: BlockContext, gas: number): RunResult;
