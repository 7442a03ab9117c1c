// The injected wallet over EIP-1193 (MetaMask, Rabby, Coinbase Wallet…): the page asks for the account
// and for one EIP-712 signature; no key ever leaves the wallet. Every way it can go wrong is a sentence
// on the page, not an exception.

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export class WalletError extends Error {}

/** Whether a wallet was injected into the page (when none is, the page is read-only). */
export const hasWallet = () => (globalThis as { ethereum?: Eip1193 }).ethereum !== undefined;

function provider(): Eip1193 {
  const eth = (globalThis as { ethereum?: Eip1193 }).ethereum;
  if (!eth)
    throw new WalletError(
      "No browser wallet was found. Install one (MetaMask, Rabby, Coinbase Wallet…) to sign; everything else on this page works without it.",
    );
  return eth;
}

/** An EIP-1193 error in one sentence: 4001 is the user saying no. */
function explain(e: unknown, what: string): WalletError {
  const err = e as { code?: number; message?: string };
  if (err?.code === 4001)
    return new WalletError(
      `You declined the ${what} in your wallet: ${what === "connection" ? "the page is not connected" : "nothing was signed"}.`,
    );
  const said = typeof err?.message === "string" ? `: ${err.message}` : "";
  return new WalletError(`The wallet could not give the ${what}${said}.`);
}

export async function connect(): Promise<string> {
  let accounts: unknown;
  try {
    accounts = await provider().request({ method: "eth_requestAccounts" });
  } catch (e) {
    throw explain(e, "connection");
  }
  const first = Array.isArray(accounts) ? accounts[0] : undefined;
  if (typeof first !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(first))
    throw new WalletError("The wallet gave no account: unlock it and connect again.");
  return first.toLowerCase();
}

/**
 * Wallets refuse (or warn about) typed data for another chain id than the network they are on, so the
 * page checks first and says what to do.
 */
export async function checkNetwork(chainId: number): Promise<void> {
  const eth = provider();
  const current = await eth.request({ method: "eth_chainId" }).catch((e) => {
    throw explain(e, "network");
  });
  if (typeof current === "string" && /^0x[0-9a-fA-F]+$/.test(current) && BigInt(current) === BigInt(chainId))
    return;
  const hex = `0x${chainId.toString(16)}`;
  try {
    await eth.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hex }] });
  } catch {
    throw new WalletError(
      `Your wallet is on network ${typeof current === "string" && /^0x[0-9a-fA-F]+$/.test(current) ? BigInt(current).toString() : "(unknown)"}, and this chain's transactions are signed for chain id ${chainId}. Add a network with chain id ${chainId} (${hex}) to your wallet, switch to it, and sign again.`,
    );
  }
}

/** The signature of the typed data (65 bytes as 0x hex), by `from`. */
export async function signTypedData(from: string, typedJson: string): Promise<string> {
  let sig: unknown;
  try {
    sig = await provider().request({ method: "eth_signTypedData_v4", params: [from, typedJson] });
  } catch (e) {
    throw explain(e, "signature");
  }
  if (typeof sig !== "string") throw new WalletError("The wallet answered without a signature.");
  return sig;
}
