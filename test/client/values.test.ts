// The library's own checks, as functions: JavaScript values into the language and back, programs from
// them, signing with a key and a wallet, and the node's errors as NodeError with their stable codes.

import { describe, expect, it } from "vitest";
import {
  Address,
  address,
  callData,
  Dict,
  dict,
  NodeClient,
  NodeError,
  printData,
  readValue,
  Sym,
  signedFile,
  signWithKey,
  signWithWallet,
  symbol,
  TransactionError,
  toValue,
  ValueError,
  WalletError,
} from "../../src/client/index.ts";

const A = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
// anvil's second account: public, for tests
const KEY_A = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const tx = {
  chainId: 31337,
  from: A,
  nonce: 0,
  gasLimit: 100_000,
  maxFeePerGas: 3n,
  maxPriorityFeePerGas: 1n,
  data: "(+ 1 2)",
};

describe("values", () => {
  it("takes JavaScript values and prints them as the language reads them back", () => {
    const v = toValue([
      1,
      2n,
      "x",
      true,
      null,
      address(A),
      symbol("ok"),
      { b: 1n, a: [3n] },
      new Map([[2n, "two"]]),
    ]);
    expect(printData(v as never)).toBe(`(1 2 "x" true nil ${A} ok (dict "a" (3) "b" 1) (dict 2 "two"))`);
    const back = readValue(printData(v as never)) as unknown[];
    expect(back[5]).toBeInstanceOf(Address);
    expect(back[6]).toBe(Sym.of("ok"));
    expect(back[7]).toBeInstanceOf(Dict);
  });

  it("refuses what has no value in the language, naming it, with E_VALUE", () => {
    expect(() => toValue(1.5)).toThrow(
      "1.5 is not a whole number the language can hold exactly: pass a bigint",
    );
    expect(() => toValue(new Date(0) as never)).toThrow(ValueError);
    expect(() => toValue(2n ** 256n)).toThrow("is outside the ints");
    expect(() =>
      dict([
        ["a", 1n],
        ["a", 2n],
      ]),
    ).toThrow('the dict key "a" is given twice');
    expect(() => dict([[[1n], 1n]])).toThrow("a dict key must be an int, string, address, symbol or bool");
    expect(() => address("0x123")).toThrow("is not an address");
    expect(() => callData(A, "not a name")).toThrow('"not a name" is not a function name');
    try {
      toValue(Number.NaN);
    } catch (e) {
      expect((e as ValueError).code).toBe("E_VALUE");
    }
  });

  it("writes a call's program from values, as tinychain call does", () => {
    expect(callData(A, "greet", ["hi", 3n, ["a"], symbol("s")])).toBe(
      `(call ${A} 'greet "hi" 3 (list "a") 's)`,
    );
    // a payable call, as tinychain call --value does; a value of 0 is a plain call, a negative one refused
    expect(callData(A, "deposit", ["rent"], 250n)).toBe(`(call-value ${A} 250 'deposit "rent")`);
    expect(callData(A, "deposit", [], 0n)).toBe(`(call ${A} 'deposit)`);
    expect(() => callData(A, "deposit", [], -1n)).toThrow("the value must not be negative, got -1");
  });
});

describe("signing", () => {
  it("signs with a key into the file the CLI writes, and refuses another sender's key", () => {
    const file = signWithKey(tx, KEY_A);
    expect(file.path).toBe(`txs/${A}-0.json`);
    expect(JSON.parse(file.text)).toMatchObject({ chainId: 31337, from: A, data: "(+ 1 2)" });
    expect(file.id).toMatch(/^0x[0-9a-f]{64}$/);
    expect(() => signWithKey({ ...tx, from: "0x0000000000000000000000000000000000000001" }, KEY_A)).toThrow(
      TransactionError,
    );
    expect(() => signWithKey(tx, "0x12")).toThrow("the private key must be 0x followed by 64 hex digits");
    expect(() => signedFile(tx, "0x00")).toThrow(/^E_SIGNATURE: /);
  });

  it("signs through an EIP-1193 wallet, which must hold the sender's account", async () => {
    const signature = signWithKey(tx, KEY_A).transaction.signature;
    const wallet = (account: string) => ({
      request: async ({ method }: { method: string }) =>
        method === "eth_requestAccounts" ? [account] : method === "eth_chainId" ? "0x7a69" : signature,
    });
    expect((await signWithWallet(wallet(A.toUpperCase().replace("0X", "0x")), tx)).text).toBe(
      signWithKey(tx, KEY_A).text,
    );
    await expect(signWithWallet(wallet("0x0000000000000000000000000000000000000001"), tx)).rejects.toThrow(
      WalletError,
    );
  });
});

describe("the node client", () => {
  const answering = (status: number, body: unknown) => {
    const seen: { headers: unknown; body: unknown }[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push({ headers: init.headers, body: JSON.parse(init.body as string) });
      return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
    }) as typeof globalThis.fetch;
    return { node: new NodeClient("http://127.0.0.1:8555", { fetch }), seen };
  };

  it("posts JSON with its content type, arguments printed as the language's data", async () => {
    const { node, seen } = answering(200, { jsonrpc: "2.0", id: 1, result: { balance: "12" } });
    expect(await node.balance(A)).toBe(12n);
    expect(seen[0]!.headers).toEqual({ "content-type": "application/json" });
    await node.view(A, "count-of", [address(A), "x", 3n]);
    expect((seen[1]!.body as { params: unknown[] }).params).toEqual([A, "count-of", [A, '"x"', "3"]]);
  });

  it("throws the node's error as a NodeError with its stable code", async () => {
    const error = { code: -32002, message: "E_NONCE_LOW: nonce 0 was used", data: { code: "E_NONCE_LOW" } };
    const { node } = answering(200, { jsonrpc: "2.0", id: 1, error });
    const e = (await node.sendTransaction("{}").catch((x) => x)) as NodeError;
    expect(e).toBeInstanceOf(NodeError);
    expect([e.code, e.reason, e.message]).toEqual([
      -32002,
      "E_NONCE_LOW",
      "tinychain_sendTransaction: E_NONCE_LOW: nonce 0 was used",
    ]);
    const html = answering(502, "<html>bad gateway</html>");
    await expect(html.node.head()).rejects.toThrow(
      "tinychain_head: the node answered HTTP 502 without a result",
    );
  });
});
