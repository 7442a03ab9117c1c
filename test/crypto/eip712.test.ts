// EIP-712 conformance: the specification's own "Mail" example, and interoperability with viem (what
// MetaMask-style wallets and libraries produce) in both directions.

import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { hashTypedData, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  chainDomainSeparator,
  signTransaction,
  TRANSACTION_TYPES,
  type Transaction,
  transactionDigest,
  transactionFileBytes,
  transactionFileName,
} from "../../src/chain/transaction.ts";
import { prepareTransaction } from "../../src/chain/transition.ts";
import { bytesToHex, utf8 } from "../../src/crypto/hex.ts";
import { addressOfPrivateKey } from "../../src/crypto/keys.ts";
import { recoverSigner, signDigest } from "../../src/crypto/signature.ts";
import { domainSeparator, encodeType, type Types, typedDataDigest } from "./eip712.ts";

const MAIL_TYPES: Types = {
  Person: [
    { name: "name", type: "string" },
    { name: "wallet", type: "address" },
  ],
  Mail: [
    { name: "from", type: "Person" },
    { name: "to", type: "Person" },
    { name: "contents", type: "string" },
  ],
};
const MAIL_DOMAIN = {
  name: "Ether Mail",
  version: "1",
  chainId: 1n,
  verifyingContract: "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
};
const MAIL = {
  from: { name: "Cow", wallet: "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
  to: { name: "Bob", wallet: "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
  contents: "Hello, Bob!",
};

describe("EIP-712", () => {
  it("reproduces the specification's Mail example", () => {
    expect(encodeType("Mail", MAIL_TYPES)).toBe(
      "Mail(Person from,Person to,string contents)Person(string name,address wallet)",
    );
    expect(bytesToHex(domainSeparator(MAIL_DOMAIN))).toBe(
      "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f",
    );
    const digest = typedDataDigest(domainSeparator(MAIL_DOMAIN), "Mail", MAIL, MAIL_TYPES);
    expect(bytesToHex(digest)).toBe("be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
    // the example's key is keccak256("cow"); its published signature is deterministic (RFC 6979)
    const cow = keccak_256(utf8("cow"));
    expect(addressOfPrivateKey(cow)).toBe("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826");
    expect(signDigest(digest, cow)).toBe(
      "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c",
    );
  });

  const key = `0x${"59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"}` as const;
  const account = privateKeyToAccount(key);
  const base = {
    chainId: 7357,
    from: account.address.toLowerCase(),
    nonce: 3,
    gasLimit: 50000,
    maxFeePerGas: 10n,
    maxPriorityFeePerGas: 1n,
    data: '(transfer 0x00000000000000000000000000000000000000aa 250) ; "quoted" ✓',
  };
  const typed = {
    domain: { name: "tinychain", version: "1", chainId: 7357 },
    types: TRANSACTION_TYPES,
    primaryType: "Transaction" as const,
    message: { ...base, nonce: BigInt(base.nonce), gasLimit: BigInt(base.gasLimit) },
  };

  it("hashes a Transaction exactly as viem does, and as the generic encoder does", () => {
    expect(`0x${bytesToHex(transactionDigest(base))}`).toBe(hashTypedData(typed));
    fc.assert(
      fc.property(
        fc.record({
          nonce: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          gasLimit: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          maxFeePerGas: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
          maxPriorityFeePerGas: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
          data: fc.string({ unit: "grapheme", maxLength: 50 }),
          chainId: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        }),
        (t) => {
          const tx = { ...base, ...t };
          expect(bytesToHex(chainDomainSeparator(t.chainId))).toBe(
            bytesToHex(domainSeparator({ name: "tinychain", version: "1", chainId: BigInt(t.chainId) })),
          );
          expect(bytesToHex(transactionDigest(tx))).toBe(bytesToHex(transactionDigestGeneric(tx)));
          expect(`0x${bytesToHex(transactionDigest(tx))}`).toBe(
            hashTypedData({
              ...typed,
              domain: { ...typed.domain, chainId: t.chainId },
              message: { ...tx, nonce: BigInt(t.nonce), gasLimit: BigInt(t.gasLimit) },
            }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("accepts a transaction signed by viem's signTypedData", async () => {
    const signature = await account.signTypedData(typed);
    const tx = { ...base, signature };
    const p = prepareTransaction(transactionFileName(tx), transactionFileBytes(tx), "file", 7357);
    expect("error" in p ? p.error : null).toBeNull();
  });

  it("signs so that viem's recoverTypedDataAddress finds our address", async () => {
    const tx = signTransaction(base, Buffer.from(key.slice(2), "hex"));
    const recovered = await recoverTypedDataAddress({ ...typed, signature: tx.signature as `0x${string}` });
    expect(recovered.toLowerCase()).toBe(base.from);
    expect(recoverSigner(transactionDigest(base), tx.signature)).toEqual({ address: base.from });
  });
});

/** The transaction digest through the generic EIP-712 encoder, to cross-check the specialised one. */
function transactionDigestGeneric(tx: Omit<Transaction, "signature">): Uint8Array {
  return typedDataDigest(
    domainSeparator({ name: "tinychain", version: "1", chainId: BigInt(tx.chainId) }),
    "Transaction",
    {
      from: tx.from,
      nonce: BigInt(tx.nonce),
      gasLimit: BigInt(tx.gasLimit),
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
      data: tx.data,
    },
    TRANSACTION_TYPES,
  );
}
