// The test's wallet for Node: an ethers Wallet behind the EIP-1193 request() a browser wallet answers.
import { Wallet } from "ethers";

/** @param {string} privateKey @param {number} chainId */
export function injectedWallet(privateKey, chainId) {
  const wallet = new Wallet(privateKey);
  return {
    /** @param {{ method: string, params?: unknown[] }} args */
    async request({ method, params = [] }) {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return [wallet.address];
      if (method === "eth_chainId") return `0x${chainId.toString(16)}`;
      if (method === "eth_signTypedData_v4") {
        const { domain, types, message } = JSON.parse(/** @type {string} */ (params[1]));
        delete types.EIP712Domain; // ethers derives it from the domain
        return wallet.signTypedData(domain, types, message);
      }
      throw Object.assign(new Error(`${method} is not supported`), { code: 4200 });
    },
  };
}
