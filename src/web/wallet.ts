// The injected wallet over EIP-1193 (MetaMask, Rabby, Coinbase Wallet…): the provider the browser injects
// as window.ethereum, for the library's wallet calls (src/client/wallet.ts, signWithWallet of compose.ts).

import { type Eip1193Provider, requestAccount, WalletError } from "../client/wallet.ts";

/** Whether a wallet was injected into the page (when none is, the page is read-only). */
export const hasWallet = () => (globalThis as { ethereum?: Eip1193Provider }).ethereum !== undefined;

export function provider(): Eip1193Provider {
  const eth = (globalThis as { ethereum?: Eip1193Provider }).ethereum;
  if (!eth)
    throw new WalletError(
      "No browser wallet was found. Install one (MetaMask, Rabby, Coinbase Wallet…) to sign; everything else on this page works without it.",
    );
  return eth;
}

// async, so that "no wallet" is a rejection like every other refusal
export const connect = async (): Promise<string> => requestAccount(provider());
