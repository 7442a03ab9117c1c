// The injected wallet over EIP-1193 (MetaMask, Rabby, Coinbase Wallet…): the library's wallet calls
// (src/client/wallet.ts) on the provider the browser injects as window.ethereum.

import * as wallet from "../client/wallet.ts";
import { type Eip1193Provider, WalletError } from "../client/wallet.ts";

export { WalletError };

/** Whether a wallet was injected into the page (when none is, the page is read-only). */
export const hasWallet = () => (globalThis as { ethereum?: Eip1193Provider }).ethereum !== undefined;

function provider(): Eip1193Provider {
  const eth = (globalThis as { ethereum?: Eip1193Provider }).ethereum;
  if (!eth)
    throw new WalletError(
      "No browser wallet was found. Install one (MetaMask, Rabby, Coinbase Wallet…) to sign; everything else on this page works without it.",
    );
  return eth;
}

// async, so that "no wallet" is a rejection like every other refusal
export const connect = async (): Promise<string> => wallet.requestAccount(provider());

export const checkNetwork = async (chainId: number): Promise<void> =>
  wallet.checkNetwork(provider(), chainId);

export const signTypedData = async (from: string, typedJson: string): Promise<string> =>
  wallet.signTypedData(provider(), from, typedJson);
