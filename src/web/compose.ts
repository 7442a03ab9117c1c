// A transaction from the page, as the CLI would write it (docs/web.md): the same program text, fees from
// the head state, the gas limit of the same estimate, and the nonce after the sender's pending
// transactions (as `tinychain send` counts its pending files); once the wallet has signed, the same file
// bytes, checked as `validate` checks them (walletSignedFile, which `tinychain attach` uses too).

import { nextBlockContext } from "../chain/block-transition.ts";
import { State } from "../chain/state.ts";
import { transactionTypedData } from "../chain/transaction.ts";
import type { BlockContext, UnsignedTransaction } from "../chain/transition.ts";
import { defaultFees, type Estimate, estimateTransaction } from "../client/estimate.ts";
import { branchPath } from "./config.ts";
import type { RemoteChain } from "./remote.ts";
import type { PendingTx } from "./track.ts";

export interface Preview {
  unsigned: UnsignedTransaction;
  estimate: Estimate;
  ctx: BlockContext;
  /** the sender's pending transactions this one comes after */
  before: PendingTx[];
  /** the pending transaction this one replaces (the same nonce), if any */
  replaces?: PendingTx;
}

/**
 * The transaction `from` would sign for this program now: fees and gas from the head state; the nonce
 * given, or the one after the account's and its pending transactions'. A nonce after the head's is
 * judged as if the transactions before it had run (as the CLI judges a gap), on the head state.
 */
export function previewTransaction(
  chain: RemoteChain,
  from: string,
  data: string,
  pending: PendingTx[],
  nonce?: number,
): Preview {
  const genesis = chain.genesis();
  const head = chain.head();
  const ctx = nextBlockContext(genesis, head, head.timestamp);
  const headNonce = chain.account(from)?.nonce ?? 0;
  const mine = pending.filter((p) => p.from === from && p.nonce >= headNonce);
  const n = nonce ?? Math.max(headNonce, ...mine.map((p) => p.nonce + 1));
  const fields = { chainId: genesis.chainId, from, nonce: n, ...defaultFees(ctx.baseFee), data };
  const headState = () => {
    const s = new State(chain);
    if (n > headNonce) s.setNonce(from, n);
    return s;
  };
  const estimate = estimateTransaction(headState, fields, ctx);
  return {
    unsigned: { ...fields, gasLimit: estimate.gasLimit },
    estimate,
    ctx,
    before: mine.filter((p) => p.nonce < n),
    replaces: mine.find((p) => p.nonce === n),
  };
}

/** What the wallet is asked to sign (eth_signTypedData_v4 takes it as JSON text). */
export const typedDataJson = (tx: UnsignedTransaction) => JSON.stringify(transactionTypedData(tx));

/** GitHub answers 414 to a longer URL: the page then copies the file and sends the name only. */
export const MAX_URL = 8000;

/**
 * GitHub's create-file page with the file filled in: for someone without write access GitHub forks the
 * repository and opens the pull request itself. `pasted`: the file is too long for the URL.
 */
export function createFileUrl(
  repo: string,
  branch: string,
  name: string,
  text: string,
): { url: string; pasted: boolean } {
  const page = `https://github.com/${repo}/new/${branchPath(branch)}`;
  const full = `${page}?filename=${encodeURIComponent(name)}&value=${encodeURIComponent(text)}`;
  if (full.length <= MAX_URL) return { url: full, pasted: false };
  return { url: `${page}?filename=${encodeURIComponent(name)}`, pasted: true };
}
