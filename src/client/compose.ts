// A transaction, as the CLI and the web page write it (docs/web.md, docs/client.md): the program from
// JavaScript values, the nonce and fees from the head state, the gas limit of the chain's own estimate;
// the EIP-712 typed data; once signed (with a key, or by any EIP-1193 wallet) the same file bytes,
// checked as `validate` checks them (walletSignedFile, which `tinychain attach` uses too).

import { nextBlockContext } from "../chain/block-transition.ts";
import { contractAddress, State } from "../chain/state.ts";
import { signTransaction, type Transaction, transactionTypedData } from "../chain/transaction.ts";
import { type UnsignedTransaction, walletSignedFile } from "../chain/transition.ts";
import { parsePrivateKey } from "../crypto/keys.ts";
import { shownAddress } from "./display.ts";
import { defaultFees, estimateTransaction } from "./estimate.ts";
import { callProgram, deployProgram, isFunctionName, transferProgram } from "./programs.ts";
import type { ChainView } from "./query.ts";
import { address, type JsValue, toValue, ValueError } from "./values.ts";
import { checkNetwork, type Eip1193Provider, requestAccount, signTypedData, WalletError } from "./wallet.ts";

export type { Transaction, UnsignedTransaction };
export { transactionTypedData };

/**
 * The program of `(call to 'fn args…)`, the arguments given as JavaScript values; with a `value` above 0,
 * `(call-value to value 'fn args…)`, which sends that much sneed with the call.
 */
export function callData(to: string, fn: string, args: readonly JsValue[] = [], value = 0n): string {
  if (!isFunctionName(fn)) throw new ValueError(`${JSON.stringify(fn.slice(0, 60))} is not a function name`);
  if (value < 0n) throw new ValueError(`the value must not be negative, got ${value}`);
  return callProgram(address(to).hex, fn, args.map(toValue), value);
}

/** The program that deploys a contract's source (one `(contract Name …)` form). */
export const deployData = (source: string): string => deployProgram(source);

/** The program that sends `amount` sneed to `to`. */
export function transferData(to: string, amount: bigint): string {
  if (amount < 0n) throw new ValueError(`the amount must not be negative, got ${amount}`);
  return transferProgram(address(to).hex, amount);
}

/** The address the contract deployed by `from`'s transaction of nonce `nonce` gets. */
export const deployedAddress = (from: string, nonce: number): string =>
  contractAddress(address(from).hex, nonce, 0);

/** A transaction of the sender's still waiting: a file in txs/ of the head, or an open pull request. */
export interface PendingTx {
  from: string;
  nonce: number;
  /** where it waits: "txs/…" of the head, or "pull request #N" */
  where: string;
  url?: string;
}

/**
 * The transaction `from` would sign for this program now: fees and gas from the head state (a tip of 1
 * and room for the base fee to double; the gas used plus a margin) unless given; the nonce given, or the
 * one after the account's and its `pending` transactions'. A nonce after the head's is judged as if the
 * transactions before it had run (as the CLI judges a gap), on the head state, or on `state` (the CLI's:
 * the head state after the files pending in txs/).
 */
export function previewTransaction(
  chain: ChainView,
  from: string,
  data: string,
  given: {
    gasLimit?: number;
    tip?: bigint;
    maxFee?: bigint;
    nonce?: number;
    pending?: readonly PendingTx[];
    state?: () => State;
  } = {},
) {
  const genesis = chain.genesis();
  const head = chain.head();
  const ctx = nextBlockContext(genesis, head, head.timestamp);
  const headNonce = chain.account(from)?.nonce ?? 0;
  const mine = (given.pending ?? []).filter((p) => p.from === from && p.nonce >= headNonce);
  const n = given.nonce ?? Math.max(headNonce, ...mine.map((p) => p.nonce + 1));
  const fees = defaultFees(ctx.baseFee, given.tip);
  const maxFeePerGas = given.maxFee ?? fees.maxFeePerGas;
  const fields = { chainId: genesis.chainId, from, nonce: n, ...fees, maxFeePerGas, data };
  const headState = () => {
    const s = given.state?.() ?? new State(chain);
    if (n > s.account(from).nonce) s.setNonce(from, n);
    return s;
  };
  const estimate = estimateTransaction(headState, fields, ctx, given.gasLimit);
  return {
    unsigned: { ...fields, gasLimit: estimate.gasLimit },
    estimate,
    ctx,
    /** the sender's pending transactions this one comes after */
    before: mine.filter((p) => p.nonce < n),
    /** the pending transaction this one replaces (the same nonce), if any */
    replaces: mine.find((p) => p.nonce === n),
  };
}

/** A transaction ready to sign, its estimate and the block context it was made for. */
// `replaces` stays optional, as the library has always typed it (a caller may build a Preview itself)
export type Preview = Omit<ReturnType<typeof previewTransaction>, "replaces"> & { replaces?: PendingTx };

/** What a wallet is asked to sign (eth_signTypedData_v4 takes it as JSON text). */
export const typedDataJson = (tx: UnsignedTransaction) => JSON.stringify(transactionTypedData(tx));

/** A transaction that does not validate: its stable code (E_SIGNATURE, E_CHAIN, …) and why. */
export class TransactionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * The file of `tx` with a signature, checked as the pull-request check reads it: where it goes
 * (txs/<from>-<nonce>.json), its text and its id.
 */
export function signedFile(tx: UnsignedTransaction, signature: string) {
  const file = walletSignedFile(tx, signature, tx.chainId);
  if ("error" in file.checked)
    throw new TransactionError(file.checked.error.code, file.checked.error.message);
  return {
    path: file.path,
    text: new TextDecoder().decode(file.bytes),
    id: file.checked.id,
    transaction: file.checked.tx,
  };
}

/** A signed transaction file. */
export type SignedFile = ReturnType<typeof signedFile>;

/** Signs with a private key (0x and 64 hex digits); it must be the key of `tx.from`. */
export function signWithKey(tx: UnsignedTransaction, privateKey: string) {
  const key = parsePrivateKey(privateKey);
  if (!key)
    throw new ValueError("the private key must be 0x followed by 64 hex digits, a valid secp256k1 key");
  return signedFile(tx, signTransaction(tx, key).signature);
}

/**
 * Signs through an EIP-1193 wallet, as the page does: its account must be `tx.from`, its network is
 * switched to the chain's id (or a sentence says how), and it signs the EIP-712 typed data.
 */
export async function signWithWallet(provider: Eip1193Provider, tx: UnsignedTransaction) {
  const account = await requestAccount(provider);
  if (account !== tx.from)
    throw new WalletError(
      `The wallet's account is ${shownAddress(account)}, but this transaction is from ${shownAddress(tx.from)}: preview it again from the wallet's account.`,
    );
  await checkNetwork(provider, tx.chainId);
  return signedFile(tx, await signTypedData(provider, account, typedDataJson(tx)));
}
