// A transaction from the page, as the CLI would write it (docs/web.md): the same program text, nonce and
// fees from the head state, the gas limit of the same estimate; once the wallet has signed, the same file
// bytes, checked as `validate` checks them (walletSignedFile, which `tinychain attach` uses too).

import { nextBlockContext } from "../chain/block-transition.ts";
import { defaultFees, type Estimate, estimateTransaction } from "../chain/estimate.ts";
import { State } from "../chain/state.ts";
import { transactionTypedData } from "../chain/transaction.ts";
import type { BlockContext, UnsignedTransaction } from "../chain/transition.ts";
import type { RemoteChain } from "./remote.ts";

export interface Preview {
  unsigned: UnsignedTransaction;
  estimate: Estimate;
  ctx: BlockContext;
}

/** The transaction `from` would sign for this program now: nonce, fees and gas from the head state. */
export function previewTransaction(chain: RemoteChain, from: string, data: string): Preview {
  const genesis = chain.genesis();
  const head = chain.head();
  const ctx = nextBlockContext(genesis, head, head.timestamp);
  const fields = {
    chainId: genesis.chainId,
    from,
    nonce: chain.account(from)?.nonce ?? 0,
    ...defaultFees(ctx.baseFee),
    data,
  };
  const estimate = estimateTransaction(() => new State(chain), fields, ctx);
  return { unsigned: { ...fields, gasLimit: estimate.gasLimit }, estimate, ctx };
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
  const page = `https://github.com/${repo}/new/${encodeURIComponent(branch)}`;
  const full = `${page}?filename=${encodeURIComponent(name)}&value=${encodeURIComponent(text)}`;
  if (full.length <= MAX_URL) return { url: full, pasted: false };
  return { url: `${page}?filename=${encodeURIComponent(name)}`, pasted: true };
}
