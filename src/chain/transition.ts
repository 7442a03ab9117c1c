// The state transition (docs/spec.md §1): transition(state, tx, block) → (state', receipt).
//
// Read top to bottom: `prepareTransaction` does the checks that need no state (docs/spec.md §3.1 E_PARSE to
// E_SIGNATURE, and compiling the data), `applyTransaction` the ones that do (E_NONCE_LOW to E_FUNDS),
// then executes: bump the nonce, reserve gasLimit × maxFeePerGas, run the program with the gas left
// after the intrinsic gas, refund the unused gas, burn the base fee and pay the tip to the coinbase.

import { bytesToHex } from "../crypto/hex.ts";
import { type Recovered, recoverSigner } from "../crypto/signature.ts";
import { DataError, type Status } from "../lang/errors.ts";
import type { Log } from "../lang/host.ts";
import type { Tracer } from "../lang/runtime.ts";
import { Address, utf8Length, type Value } from "../lang/values.ts";
import { callFunction, type Program, type RunResult, run, tryCompileProgram } from "../lang/vm.ts";
import { effectiveGasPrice, intrinsicGas } from "./fees.ts";
import type { Change, State } from "./state.ts";
import {
  checkFile,
  type FileKind,
  notRegularFile,
  parseTransaction,
  type Transaction,
  transactionDigest,
  transactionFileBytes,
  transactionFileName,
} from "./transaction.ts";
import { type Invalid, invalid } from "./validity.ts";

/** docs/spec.md §3.1: data is at most 32 KiB. */
export const MAX_DATA_BYTES = 32 * 1024;

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

// ---- checks without state (docs/spec.md §3.1, E_PARSE … E_SIGNATURE) ----------------------------------------

/** A file parsed and hashed, before its signature is checked (so signatures can be checked in bulk). */
export interface ParsedFile {
  file: string;
  tx: Transaction;
  digest: Uint8Array;
}

export function parseFile(file: string, bytes: Uint8Array, kind: FileKind): ParsedFile | RejectedFile {
  // a symlink or submodule has no bytes of its own to parse: what is wrong with it is E_FILE
  const irregular = notRegularFile(file, kind);
  if (irregular) return { file, id: null, error: irregular };
  const tx = parseTransaction(bytes);
  if ("code" in tx) return { file, id: null, error: tx };
  return { file, tx, digest: transactionDigest(tx) };
}

export function prepareTransaction(
  file: string,
  bytes: Uint8Array,
  kind: FileKind,
  chainId: number,
  signer?: Recovered,
): PreparedTx | RejectedFile {
  const parsed = parseFile(file, bytes, kind);
  if ("error" in parsed) return parsed;
  return prepareParsed(parsed, chainId, signer);
}

/**
 * A transaction a wallet signed, as the file the CLI writes, checked as validate checks it (`tinychain
 * attach`, the web page). A wallet that gives v as 0/1 (a hardware one) gets the 27/28 files use.
 */
export function walletSignedFile(tx: UnsignedTransaction, signature: string, chainId: number) {
  const v01 = /^(0x[0-9a-fA-F]{128})(0[01])$/.exec(signature);
  const sig = v01 ? `${v01[1]}${(27 + Number(v01[2])).toString(16)}` : signature;
  const signed = { ...tx, signature: sig.toLowerCase() };
  const path = transactionFileName(signed);
  const bytes = transactionFileBytes(signed);
  return { path, bytes, checked: prepareTransaction(path, bytes, "file", chainId) };
}

/** The rest of the stateless checks, given a parsed file and optionally its already recovered signer. */
export function prepareParsed(
  parsed: ParsedFile,
  chainId: number,
  signer?: Recovered,
): PreparedTx | RejectedFile {
  const { file, tx, digest } = parsed;
  const id = `0x${bytesToHex(digest)}`;
  const error = checkFile(tx, file) ?? checkChainAndSignature(parsed, chainId, signer);
  return error ? { file, id, error } : withProgram(file, id, tx);
}

function checkChainAndSignature(
  { tx, digest }: ParsedFile,
  chainId: number,
  recovered?: Recovered,
): Invalid | undefined {
  if (tx.chainId !== chainId)
    return invalid("E_CHAIN", `chainId is ${tx.chainId}, but this chain's id is ${chainId}`);
  // recovered only now: a file of another chain costs no recovery
  const signer = recovered ?? recoverSigner(digest, tx.signature);
  if ("error" in signer) return invalid("E_SIGNATURE", signer.error);
  if (signer.address !== tx.from)
    return invalid("E_SIGNATURE", `the signature recovers to ${signer.address}, not to from ${tx.from}`);
  return undefined;
}

/** A transaction with its intrinsic gas and its data compiled (or why the data is not a program). */
function withProgram(file: string, id: string, tx: Transaction): PreparedTx {
  const bytes = utf8Length(tx.data);
  const program =
    bytes > MAX_DATA_BYTES
      ? new DataError(`data is ${bytes} bytes, over the limit of ${MAX_DATA_BYTES} (32 KiB)`)
      : tryCompileProgram(tx.data);
  return { file, id, tx, intrinsicGas: intrinsicGas(tx.data), program };
}

// ---- checks with state (docs/spec.md §3.1, E_NONCE_LOW … E_FUNDS) --------------------------------------------

export function checkNonce(state: State, tx: Transaction): Invalid | undefined {
  const expected = state.account(tx.from).nonce;
  if (tx.nonce < expected)
    return invalid(
      "E_NONCE_LOW",
      `nonce ${tx.nonce} of ${tx.from} is already used; the next nonce is ${expected}`,
    );
  if (tx.nonce > expected)
    return invalid(
      "E_NONCE_GAP",
      `nonce ${tx.nonce} of ${tx.from} leaves a gap: the next nonce is ${expected}, so this transaction waits`,
    );
  return undefined;
}

/** Every check of docs/spec.md §3.1 that needs state, in the table's order. */
export function validateAgainstState(state: State, p: PreparedTx, block: BlockContext): Invalid | undefined {
  const { tx } = p;
  const nonce = checkNonce(state, tx);
  if (nonce) return nonce;
  if (p.program instanceof DataError) return invalid("E_DATA", `data: ${p.program.message}`);
  if (tx.gasLimit < p.intrinsicGas)
    return invalid(
      "E_GAS",
      `gasLimit ${tx.gasLimit} is below the intrinsic gas ${p.intrinsicGas} of this transaction (21000 + 16 per data byte)`,
    );
  if (tx.gasLimit > block.gasLimit)
    return invalid("E_GAS", `gasLimit ${tx.gasLimit} is above the block gas limit ${block.gasLimit}`);
  if (tx.maxFeePerGas < block.baseFee)
    return invalid("E_FEE", `maxFeePerGas ${tx.maxFeePerGas} is below the block's base fee ${block.baseFee}`);
  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas)
    return invalid(
      "E_FEE",
      `maxPriorityFeePerGas ${tx.maxPriorityFeePerGas} is above maxFeePerGas ${tx.maxFeePerGas}`,
    );
  const upfront = BigInt(tx.gasLimit) * tx.maxFeePerGas;
  const balance = state.account(tx.from).balance;
  if (balance < upfront)
    return invalid(
      "E_FUNDS",
      `balance ${balance} of ${tx.from} is below gasLimit × maxFeePerGas = ${upfront}`,
    );
  return undefined;
}

// ---- execution (docs/spec.md §3.2) -------------------------------------------------------------------------

/** The state transition of one transaction: a receipt, or why the transaction is invalid. */
export function applyTransaction(
  state: State,
  p: PreparedTx,
  block: BlockContext,
  tracer?: Tracer,
): Receipt | Invalid {
  const problem = validateAgainstState(state, p, block);
  if (problem) return problem;
  const { tx } = p;
  const program = p.program as Program;
  state.beginTransaction(tx.from, tx.nonce, block);

  // the nonce and the upfront reservation are charged whatever the program does
  state.setNonce(tx.from, tx.nonce + 1);
  const upfront = BigInt(tx.gasLimit) * tx.maxFeePerGas;
  state.setBalance(tx.from, state.account(tx.from).balance - upfront);

  const result = run(program, {
    gas: tx.gasLimit - p.intrinsicGas,
    host: state,
    from: new Address(tx.from),
    ...(tracer ? { tracer } : {}),
  });
  const gasUsed = p.intrinsicGas + result.gasUsed;

  // refund what was reserved beyond the fee; burn the base fee; pay the tip to the coinbase
  const price = effectiveGasPrice(tx.maxFeePerGas, tx.maxPriorityFeePerGas, block.baseFee);
  const fee = BigInt(gasUsed) * price;
  state.setBalance(tx.from, state.account(tx.from).balance + (upfront - fee));
  state.burn(BigInt(gasUsed) * block.baseFee);
  const tip = fee - BigInt(gasUsed) * block.baseFee;
  if (tip > 0n) state.setBalance(block.coinbase, state.account(block.coinbase).balance + tip);

  const { logs, changes } = state.endTransaction();
  const created = changes.filter((c) => c.field === "code" && c.before === null).map((c) => c.address);
  return {
    id: p.id,
    file: p.file,
    from: tx.from,
    nonce: tx.nonce,
    status: result.status,
    gasUsed,
    gasLimit: tx.gasLimit,
    effectiveGasPrice: price,
    fee,
    /** the printed return value */
    return: result.printed,
    error: result.error,
    logs: result.status === 0 ? logs : [],
    created,
    changes,
  };
}

// ---- simulation (before signing) -------------------------------------------------------------------

/** A transaction's fields before it is signed. */
export type UnsignedTransaction = Omit<Transaction, "signature">;

/**
 * What a transaction would do on `state` (which the caller then throws away): the same checks with
 * state and the same execution as applyTransaction, before it is signed. The CLI's gas estimate and
 * its refusal to write a transaction that would fail run on this.
 */
export function simulateTransaction(
  state: State,
  tx: UnsignedTransaction,
  block: BlockContext,
  tracer?: Tracer,
): Receipt | Invalid {
  return applyTransaction(state, withProgram("", "", { ...tx, signature: "" }), block, tracer);
}

/**
 * A view (a read-only function) of `target`, called from outside as a transaction of `target` would
 * see the state: `tinychain view` and the node's tinychain_view run here. Nothing it does is kept.
 */
export function callView(
  state: State,
  target: string,
  fn: string,
  args: Value[],
  block: BlockContext,
  gas: number,
): RunResult {
  state.beginTransaction(target, 0, block);
  return callFunction(new Address(target), fn, args, { gas, host: state, readOnly: true });
}
