// The page's wallet calls (EIP-1193) with a provider on globalThis, as a browser extension injects it:
// every refusal is one sentence. (A signature with v as 0/1 is mended by walletSignedFile, for
// `attach` too: test/chain/txfile.test.ts.)
import { afterEach, describe, expect, it } from "vitest";
import { checkNetwork, signTypedData } from "../../src/client/wallet.ts";
import { connect, provider } from "../../src/web/wallet.ts";

type Answer = (method: string, params?: unknown[]) => unknown;
const inject = (answer: Answer) => {
  (globalThis as { ethereum?: unknown }).ethereum = {
    request: async ({ method, params }: { method: string; params?: unknown[] }) => answer(method, params),
  };
};
const refuse = (code: number, message: string) => () => {
  throw Object.assign(new Error(message), { code });
};
afterEach(() => {
  delete (globalThis as { ethereum?: unknown }).ethereum;
});

describe("the wallet", () => {
  it("says there is none, or that the user declined, in one sentence", async () => {
    await expect(connect()).rejects.toThrow("No browser wallet was found");
    inject(refuse(4001, "User rejected the request."));
    await expect(connect()).rejects.toThrow(
      "You declined the connection in your wallet: the page is not connected.",
    );
    await expect(signTypedData(provider(), "0x01", "{}")).rejects.toThrow("You declined the signature");
  });

  it("gives the account in lowercase, and refuses an answer that is not one", async () => {
    inject(() => ["0xAbCdEf0123456789aBcDeF0123456789AbCdEf01"]);
    expect(await connect()).toBe("0xabcdef0123456789abcdef0123456789abcdef01");
    inject(() => []);
    await expect(connect()).rejects.toThrow("The wallet gave no account");
  });

  it("asks to switch networks, and says which chain id to add when it cannot", async () => {
    let switched = "";
    inject((method, params) => {
      if (method === "eth_chainId") return "0x1";
      switched = (params![0] as { chainId: string }).chainId;
      return null;
    });
    await checkNetwork(provider(), 7357);
    expect(switched).toBe("0x1cbd");
    inject((method) => (method === "eth_chainId" ? "0x1" : refuse(4902, "Unrecognized chain ID")()));
    await expect(checkNetwork(provider(), 7357)).rejects.toThrow(
      "Your wallet is on network 1, and this chain's transactions are signed for chain id 7357",
    );
    inject(() => "0x1cbd");
    await expect(checkNetwork(provider(), 7357)).resolves.toBeUndefined();
  });
});
