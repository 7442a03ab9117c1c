// Transaction files (docs/spec.md §3, 3.1): strict reading and every stateless validity code, in table order.

import { describe, expect, it } from "vitest";
import { transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { prepareTransaction, walletSignedFile } from "../../src/chain/transition.ts";
import { toChecksumAddress } from "../../src/crypto/address-case.ts";
import { utf8 } from "../../src/crypto/hex.ts";
import { alice, bob, CHAIN_ID, signed } from "./fixtures.ts";

const tx = signed(alice, "(+ 1 2)");
const good = new TextDecoder().decode(transactionFileBytes(tx));
const file = transactionFileName(tx);

function codeOf(
  bytes: Uint8Array | string,
  path = file,
  kind: "file" | "symlink" | "submodule" | "other" = "file",
  chainId = CHAIN_ID,
) {
  const p = prepareTransaction(path, typeof bytes === "string" ? utf8(bytes) : bytes, kind, chainId);
  return "error" in p ? `${p.error.code}: ${p.error.message}` : "ok";
}

const edit = (f: (doc: Record<string, unknown>) => void) => {
  const doc = JSON.parse(good);
  f(doc);
  return JSON.stringify(doc);
};

describe("transaction files", () => {
  it("a well-formed signed file is accepted", () => {
    expect(codeOf(good)).toBe("ok");
  });

  it.each([
    ["not JSON", "{", "E_PARSE"],
    ["an array", "[]", "E_PARSE"],
    ["trailing garbage", `${good}x`, "E_PARSE"],
    [
      "a duplicate key",
      good.replace('"nonce": 0', '"nonce": 0, "nonce": 1'),
      'E_PARSE: the file is not valid JSON: duplicate key "nonce"',
    ],
    ["a byte order mark", `\ufeff${good}`, "E_PARSE"],
    [
      "a lone surrogate escape",
      good.replace('"(+ 1 2)"', '"(+ 1 2)\\ud800"'),
      "E_PARSE: the file is not valid JSON: lone surrogate",
    ],
    ["deep nesting", `${"[".repeat(100)}${"]".repeat(100)}`, "E_PARSE"],
    ["a missing field", edit((d) => delete d.gasLimit), "E_SCHEMA: field gasLimit is missing"],
    ["an extra field", edit((d) => (d.value = "1")), 'E_SCHEMA: field "value" is not allowed'],
    [
      "a fractional nonce",
      good.replace('"nonce": 0', '"nonce": 1.0'),
      "E_SCHEMA: nonce must be a JSON integer",
    ],
    ["an exponent", good.replace('"nonce": 0', '"nonce": 1e0'), "E_SCHEMA"],
    ["minus zero", good.replace('"nonce": 0', '"nonce": -0'), "E_SCHEMA"],
    [
      "an integer above 2^53",
      good.replace('"nonce": 0', '"nonce": 9007199254740993'),
      "E_SCHEMA: nonce must be at most 2^53−1, got 9007199254740993",
    ],
    ["a numeric fee", edit((d) => (d.maxFeePerGas = 10)), "E_SCHEMA: maxFeePerGas must be a decimal string"],
    [
      "a fee of 2^256",
      edit((d) => (d.maxFeePerGas = (1n << 256n).toString())),
      "E_SCHEMA: maxFeePerGas must be below 2^256",
    ],
    [
      "a bad checksum in from",
      // mixed case with one letter's case flipped from its EIP-55 spelling (all-uppercase is no checksum)
      edit((d) => {
        const good = toChecksumAddress(d.from as string);
        const i = good.search(/[a-fA-F]/);
        const c = good[i]!;
        d.from =
          good.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + good.slice(i + 1);
      }),
      "E_SCHEMA: from:",
    ],
    ["data not a string", edit((d) => (d.data = 5)), "E_SCHEMA: data must be a string"],
    ["another chain", edit((d) => (d.chainId = 1)), "E_CHAIN: chainId is 1, but this chain's id is 7357"],
    [
      "a malformed signature",
      edit((d) => (d.signature = "0x1234")),
      "E_SIGNATURE: signature must be 0x followed by 130 hex digits",
    ],
    [
      "v = 0",
      edit((d) => (d.signature = `${(d.signature as string).slice(0, -2)}00`)),
      "E_SIGNATURE: signature v must be 27 or 28, got 0",
    ],
    [
      "another signer",
      edit((d) => (d.signature = signed(bob, "(+ 1 2)").signature)),
      "E_SIGNATURE: the signature recovers to",
    ],
    ["a changed program", edit((d) => (d.data = "(+ 1 3)")), "E_SIGNATURE"],
  ])("%s → %s", (_name, text, code) => {
    expect(codeOf(text)).toContain(code);
  });

  it("refuses files over 64 KiB before reading them", () => {
    expect(codeOf(new Uint8Array(64 * 1024 + 1))).toContain("E_PARSE: the file is 65537 bytes");
  });

  it("refuses invalid UTF-8 rather than replacing it", () => {
    const bytes = utf8(good);
    const bad = new Uint8Array([...bytes.slice(0, 20), 0xff, ...bytes.slice(20)]);
    expect(codeOf(bad)).toBe("E_PARSE: the file is not valid UTF-8");
    // an encoded surrogate (CESU-8) is invalid UTF-8 too
    expect(codeOf(new Uint8Array([...utf8('{"a":"'), 0xed, 0xa0, 0x80, ...utf8('"}')]))).toContain("E_PARSE");
  });

  it("E_FILE: the name must match, directly under txs/, and a regular file", () => {
    expect(codeOf(good, "txs/other.json")).toContain(`E_FILE: txs/other.json must be named ${file}`);
    expect(codeOf(good, `txs/sub/${file.slice(4)}`)).toContain("not directly in txs/");
    expect(codeOf(good, file, "symlink")).toContain("is a symlink, not a regular file");
    expect(codeOf(good, file, "other")).toContain("is a folder or special file, not a regular file");
  });

  it("reports the first failing condition in the table's order", () => {
    // wrong chain and wrong signature and wrong name: E_FILE comes first
    const doc = edit((d) => {
      d.chainId = 1;
      d.signature = "0x00";
    });
    expect(codeOf(doc, "txs/x.json")).toMatch(/^E_FILE/);
    expect(codeOf(doc)).toMatch(/^E_CHAIN/);
  });

  it("a wallet's signature becomes the CLI's file, with v as 27/28 whatever the wallet gives", () => {
    const tx = signed(alice, "(transfer 0x0000000000000000000000000000000000000001 5)");
    const { signature, ...unsigned } = tx;
    const v01 = `${signature.slice(0, 130)}${signature.endsWith("1b") ? "00" : "01"}`;
    for (const given of [signature, signature.toUpperCase().replace("0X", "0x"), v01]) {
      const file = walletSignedFile(unsigned, given, CHAIN_ID);
      expect(file.path).toBe(transactionFileName(tx));
      expect(file.bytes).toEqual(transactionFileBytes(tx));
      expect(file.checked).not.toHaveProperty("error");
    }
    const other = walletSignedFile(unsigned, signed(bob, "1").signature, CHAIN_ID);
    expect(other.checked).toMatchObject({ error: { code: "E_SIGNATURE" } });
  });
});
