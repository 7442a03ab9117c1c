// Signing with a wallet over EIP-1193 (MetaMask, Rabby, Coinbase Wallet, or any object with request():
// an ethers Wallet or a viem account behind a shim): the account, the network, and one EIP-712
// signature; no key ever leaves the wallet. Every way it can go wrong is a WalletError of one sentence.
// The web page's wallet (src/web/wallet.ts) is these functions on the provider the browser injects.

/** An EIP-1193 provider: all this library asks of a wallet. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export class WalletError extends Error {
  readonly code = "E_WALLET";
}

/**
 * A request to the wallet for `what`; its refusal (an EIP-1193 error) in one sentence: 4001 is the user
 * saying no.
 */
async function ask(provider: Eip1193Provider, what: string, args: { method: string; params?: unknown[] }) {
  try {
    return await provider.request(args);
  } catch (e) {
    const err = e as { code?: number; message?: string };
    if (err?.code === 4001)
      throw new WalletError(
        `You declined the ${what} in your wallet: ${what === "connection" ? "the page is not connected" : "nothing was signed"}.`,
      );
    const said = typeof err?.message === "string" ? `: ${err.message}` : "";
    throw new WalletError(`The wallet could not give the ${what}${said}.`);
  }
}

/** The wallet's first account, lowercase (eth_requestAccounts: the wallet may ask its user). */
export async function requestAccount(provider: Eip1193Provider): Promise<string> {
  const accounts = await ask(provider, "connection", { method: "eth_requestAccounts" });
  const first = Array.isArray(accounts) ? accounts[0] : undefined;
  if (typeof first !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(first))
    throw new WalletError("The wallet gave no account: unlock it and connect again.");
  return first.toLowerCase();
}

/**
 * Wallets refuse (or warn about) typed data for another chain id than the network they are on: this
 * checks first, asks the wallet to switch, and says what to do when it cannot.
 */
export async function checkNetwork(provider: Eip1193Provider, chainId: number): Promise<void> {
  const current = await ask(provider, "network", { method: "eth_chainId" });
  const on = typeof current === "string" && /^0x[0-9a-fA-F]+$/.test(current) ? BigInt(current) : current;
  if (on === BigInt(chainId)) return;
  const hex = `0x${chainId.toString(16)}`;
  try {
    await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hex }] });
  } catch {
    throw new WalletError(
      `Your wallet is on network ${String(on)}, and this chain's transactions are signed for chain id ${chainId}. Add a network with chain id ${chainId} (${hex}) to your wallet, switch to it, and sign again.`,
    );
  }
}

/** The signature (65 bytes as 0x hex) by `from` of EIP-712 typed data given as JSON text. */
export async function signTypedData(
  provider: Eip1193Provider,
  from: string,
  typedJson: string,
): Promise<string> {
  const sig = await ask(provider, "signature", { method: "eth_signTypedData_v4", params: [from, typedJson] });
  if (typeof sig !== "string") throw new WalletError("The wallet answered without a signature.");
  return sig;
}
