/** An EIP-1193 provider: all this library asks of a wallet. */
export interface Eip1193Provider {
    request(args: {
        method: string;
        params?: unknown[];
    }): Promise<unknown>;
}
export declare class WalletError extends Error {
    readonly code = "E_WALLET";
}
/** The wallet's first account, lowercase (eth_requestAccounts: the wallet may ask its user). */
export declare function requestAccount(provider: Eip1193Provider): Promise<string>;
/**
 * Wallets refuse (or warn about) typed data for another chain id than the network they are on: this
 * checks first, asks the wallet to switch, and says what to do when it cannot.
 */
export declare function checkNetwork(provider: Eip1193Provider, chainId: number): Promise<void>;
/** The signature (65 bytes as 0x hex) by `from` of EIP-712 typed data given as JSON text. */
export declare function signTypedData(provider: Eip1193Provider, from: string, typedJson: string): Promise<string>;
