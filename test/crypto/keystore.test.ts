// Web3 Secret Storage (v3) keystores against the definition's own test vectors and against an
// independent implementation (ethers' Wallet.encrypt / Wallet.fromEncryptedJson), both ways.

import { encryptKeystoreJson, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { decryptKeystore, encryptKeystore, type Kdf, KeystoreError } from "../../src/cli/keyfile.ts";
import { bytesToHex, hexToBytes } from "../../src/crypto/hex.ts";
import { addressOfPrivateKey } from "../../src/crypto/keys.ts";
import { PBKDF2_VECTOR, PRIVATE_KEY, SCRYPT_VECTOR } from "./keystore-vectors.ts";

// The two examples of the Web3 Secret Storage Definition (ethereum.org, "Test vectors"), password
// "testpassword"; the scrypt one really has r = 1 and p = 8.
const FAST: Kdf = { kdf: "scrypt", n: 1 << 10, r: 8, p: 1 };
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const randomInputs = () => ({ salt: random(32), iv: random(16) });

describe("v3 keystore: the definition's test vectors", () => {
  for (const [name, vector] of [
    ["pbkdf2", PBKDF2_VECTOR],
    ["scrypt", SCRYPT_VECTOR],
  ] as const) {
    it(`opens the ${name} example with "testpassword", and refuses another passphrase`, () => {
      expect(bytesToHex(decryptKeystore(vector, "testpassword"))).toBe(PRIVATE_KEY);
      const wrong = (() => {
        try {
          decryptKeystore(vector, "testpassword2");
        } catch (e) {
          return e;
        }
      })();
      expect(wrong).toBeInstanceOf(KeystoreError);
      expect((wrong as KeystoreError).reason).toBe("passphrase");
    });

    it(`writes the ${name} example byte for byte from its salt and iv`, () => {
      const { kdfparams, cipherparams } = vector.crypto;
      const kdf: Kdf =
        "c" in kdfparams
          ? { kdf: "pbkdf2", c: kdfparams.c }
          : { kdf: "scrypt", n: kdfparams.n, r: kdfparams.r, p: kdfparams.p };
      const doc = encryptKeystore(
        hexToBytes(PRIVATE_KEY),
        "testpassword",
        {
          salt: hexToBytes(kdfparams.salt),
          iv: hexToBytes(cipherparams.iv),
        },
        kdf,
      );
      expect(doc.crypto).toEqual(vector.crypto);
      expect(doc.version).toBe(3);
      expect(doc.address).toBe(addressOfPrivateKey(hexToBytes(PRIVATE_KEY)).slice(2));
      expect(doc.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  }
});

describe("v3 keystore: round trips with ethers", () => {
  it("ethers opens what tinychain writes, with a non-ASCII passphrase", async () => {
    const key = random(32);
    const pass = "pässwörd 🔑 密码";
    const doc = encryptKeystore(key, pass, randomInputs(), FAST);
    const wallet = await Wallet.fromEncryptedJson(JSON.stringify(doc), pass);
    expect(wallet.privateKey).toBe(`0x${bytesToHex(key)}`);
    expect(wallet.address.toLowerCase()).toBe(addressOfPrivateKey(key));
  });

  it("tinychain opens what ethers writes (scrypt and pbkdf2)", async () => {
    const wallet = Wallet.createRandom();
    const pass = "pässwörd 🔑 密码";
    const json = await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, pass, {
      scrypt: { N: 1 << 10 },
    });
    expect(`0x${bytesToHex(decryptKeystore(JSON.parse(json), pass))}`).toBe(wallet.privateKey);
    // ethers writes scrypt only, and reads pbkdf2 too
    const pbkdf2 = encryptKeystore(hexToBytes(wallet.privateKey.slice(2)), pass, randomInputs(), {
      kdf: "pbkdf2",
      c: 1000,
    });
    expect((await Wallet.fromEncryptedJson(JSON.stringify(pbkdf2), pass)).privateKey).toBe(wallet.privateKey);
  });

  it("a passphrase typed decomposed (a + ◌̈) opens a file made with the composed ä, as in ethers", () => {
    const key = random(32);
    const doc = encryptKeystore(key, "p\u00e4ss", randomInputs(), FAST);
    expect(decryptKeystore(doc, "pa\u0308ss")).toEqual(key);
  });
});

describe("v3 keystore: a file it cannot read names the field", () => {
  const base = () => structuredClone(SCRYPT_VECTOR) as unknown as { crypto: Record<string, unknown> };
  const cases: [string, (d: { crypto: Record<string, unknown> }) => void, RegExp][] = [
    ["cipher", (d) => (d.crypto.cipher = "aes-128-cbc"), /crypto\.cipher is "aes-128-cbc"/],
    ["kdf", (d) => (d.crypto.kdf = "argon2"), /crypto\.kdf is "argon2"/],
    [
      "iv",
      (d) => ((d.crypto.cipherparams as { iv: string }).iv = "abcd"),
      /crypto\.cipherparams\.iv .*16 bytes/,
    ],
    ["mac", (d) => (d.crypto.mac = "zz"), /crypto\.mac is "zz"/],
    ["n", (d) => ((d.crypto.kdfparams as { n: number }).n = 1000), /power of two/],
    // 2^30 · 8 · 128 bytes: refused before scrypt would try to allocate a terabyte
    ["memory", (d) => ((d.crypto.kdfparams as { n: number; r: number }).r = 8 * 1024), /MiB; at most 1024/],
    ["dklen", (d) => ((d.crypto.kdfparams as { dklen: number }).dklen = 16), /dklen is 16/],
  ];
  for (const [name, spoil, message] of cases)
    it(name, () => {
      const d = base();
      spoil(d);
      expect(() => decryptKeystore(d, "testpassword")).toThrow(message);
    });
});
