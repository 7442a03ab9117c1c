// Key files as a user handles them, the CLI run as a process: passphrases typed on a terminal (a pseudo-
// terminal from `script`), piped in or set in the environment; Web3 Secret Storage (v3) keystores moving
// between tinychain and ethers (an independent implementation) both ways.

import { spawn, spawnSync } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scrypt } from "@noble/hashes/scrypt.js";
import { Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { alice } from "../chain/fixtures.ts";
import { scratchChain } from "../chain-helpers.ts";
import { PBKDF2_VECTOR, SCRYPT_VECTOR } from "../crypto/keystore-vectors.ts";
import { CLI, cli } from "../helpers.ts";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const PASS = "pässwörd🔑";
// an empty TINYCHAIN_PASSPHRASE counts as unset, whatever the environment running the tests holds
const NO_ENV = { TINYCHAIN_PASSPHRASE: "" };
const TX = ["tx", "--data", "1", "--gas-limit", "30000", "--force", "--json"];
const alicePrivateKey = `0x${Buffer.from(alice.privateKey).toString("hex")}`;

/**
 * Runs the CLI on a pseudo-terminal and types each answer once its prompt has shown (and the terminal
 * no longer echoes). DEL (\x7f) is the backspace key.
 */
async function onTerminal(args: string[], cwd: string, answers: [string, string][]) {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd, env: { ...process.env, ...NO_ENV } });
  const guard = setTimeout(() => child.kill(), 50_000);
  let out = "";
  let from = 0;
  let next = 0;
  child.stdout.on("data", (d) => {
    out += d;
    const answer = answers[next];
    if (!answer) return;
    const at = out.indexOf(answer[0], from);
    if (at < 0) return;
    from = at + answer[0].length;
    next++;
    child.stdin.write(answer[1]);
  });
  const code = await new Promise((r) => child.on("close", r));
  clearTimeout(guard);
  return { code, out };
}

function writeSecret(path: string, doc: unknown): void {
  writeFileSync(path, typeof doc === "string" ? doc : JSON.stringify(doc), { mode: 0o600 });
}

describe.skipIf(!hasScript)("passphrases on a terminal", () => {
  it("a backspace removes a whole character, never a byte of it, when a key file is opened", async () => {
    const dir = scratchChain();
    const made = cli(["keygen", "--out", "k.json", "--encrypt"], {
      cwd: dir,
      env: { TINYCHAIN_PASSPHRASE: PASS },
    });
    expect(made.code).toBe(0);
    // ä (2 bytes) and 🔑 (4 bytes, 2 UTF-16 units) typed, then erased with one backspace each
    const typed = "pä\x7fäss🔑\x7fwörd🔑\r";
    const r = await onTerminal([...TX, "--key", "k.json"], dir, [["passphrase for k.json:", typed]]);
    expect(r.out).not.toContain("wörd"); // not echoed
    expect(r.code).toBe(0);
    expect(r.out).toContain(`"from": "${made.stdout.trim()}"`);
  });

  it("keygen --encrypt asks twice, and what ethers opens is the passphrase as typed and edited", async () => {
    const dir = scratchChain();
    const r = await onTerminal(["keygen", "--encrypt", "--out", "k.json"], dir, [
      ["new passphrase for k.json:", "pä\x7fäss🔑\x7fwörd🔑\r"],
      ["new passphrase for k.json (again):", `${PASS}\r`],
    ]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("wörd");
    const wallet = await Wallet.fromEncryptedJson(readFileSync(join(dir, "k.json"), "utf8"), PASS);
    expect(r.out).toContain(wallet.address.toLowerCase());
  });

  it("two passphrases that differ are refused, and no key file is written", async () => {
    const dir = scratchChain();
    const r = await onTerminal(["keygen", "--encrypt", "--out", "k.json"], dir, [
      ["new passphrase for k.json:", `${PASS}\r`],
      ["(again):", "pässwörd\r"],
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("the two passphrases differ; nothing was written");
    expect(existsSync(join(dir, "k.json"))).toBe(false);
  });
});

describe("passphrases without a terminal", () => {
  it("are read from stdin, one line per question", () => {
    const dir = scratchChain();
    const made = cli(["keygen", "--encrypt", "--out", "k.json"], {
      cwd: dir,
      env: NO_ENV,
      input: `${PASS}\n`,
    });
    expect(made.code).toBe(0);
    const ok = cli([...TX, "--key", "k.json"], { cwd: dir, env: NO_ENV, input: PASS });
    expect(json(ok).from).toBe(made.stdout.trim());
    const wrong = cli([...TX, "--key", "k.json"], { cwd: dir, env: NO_ENV, input: "pässwörd\n" });
    expect(wrong.code).toBe(2);
    expect(json(wrong).error).toMatchObject({
      code: "E_KEY",
      message: "the passphrase does not open k.json",
    });
    const none = cli([...TX, "--key", "k.json"], { cwd: dir, env: NO_ENV, input: "" });
    expect(none.code).toBe(2);
    expect(json(none).error).toMatchObject({
      code: "E_KEY",
      hint: expect.stringContaining("TINYCHAIN_PASSPHRASE"),
    });
  });

  it("an empty new passphrase is refused", () => {
    const dir = scratchChain();
    const r = cli(["keygen", "--encrypt", "--out", "k.json"], { cwd: dir, env: NO_ENV, input: "\n" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the new passphrase is empty");
    expect(existsSync(join(dir, "k.json"))).toBe(false);
  });
});

describe("v3 keystores move between tinychain and other wallets", () => {
  it("every --key reads a keystore ethers wrote (its defaults, as geth and wallets write them)", async () => {
    const dir = scratchChain();
    const wallet = Wallet.createRandom();
    writeSecret(join(dir, "eth.json"), await wallet.encrypt(PASS));
    const r = cli([...TX, "--key", "eth.json"], { cwd: dir, env: { TINYCHAIN_PASSPHRASE: PASS } });
    expect(r.stderr).toBe("");
    expect(json(r).from).toBe(wallet.address.toLowerCase());
  });

  it("keygen --import exports a key file to a keystore ethers opens, and imports it back", async () => {
    const dir = scratchChain();
    const env = { TINYCHAIN_PASSPHRASE: PASS };
    const out = cli(["keygen", "--import", "alice.json", "--encrypt", "--out", "alice.keystore.json"], {
      cwd: dir,
      env,
    });
    expect(out.stdout.trim()).toBe(alice.address);
    const keystore = readFileSync(join(dir, "alice.keystore.json"), "utf8");
    expect(keystore).not.toContain(alicePrivateKey.slice(2));
    expect((await Wallet.fromEncryptedJson(keystore, PASS)).privateKey).toBe(alicePrivateKey);
    const back = cli(["keygen", "--import", "alice.keystore.json", "--json"], { cwd: dir, env });
    expect(json(back)).toEqual({ address: alice.address, privateKey: alicePrivateKey });
    // a new passphrase for it, piped: the first line opens the keystore, the second encrypts the copy
    const again = ["keygen", "--import", "alice.keystore.json", "--encrypt", "--out", "re.json"];
    expect(cli(again, { cwd: dir, env: NO_ENV, input: `${PASS}\nnew 🔑\n` }).code).toBe(0);
    const re = readFileSync(join(dir, "re.json"), "utf8");
    expect((await Wallet.fromEncryptedJson(re, "new 🔑")).privateKey).toBe(alicePrivateKey);
  });

  it("keygen --import opens the definition's test vectors (pbkdf2 and scrypt, password testpassword)", () => {
    const dir = scratchChain();
    const vectors = { pbkdf2: PBKDF2_VECTOR, scrypt: SCRYPT_VECTOR };
    for (const [name, doc] of Object.entries(vectors)) {
      writeSecret(join(dir, `${name}.json`), doc);
      const r = cli(["keygen", "--import", `${name}.json`, "--json"], {
        cwd: dir,
        env: NO_ENV,
        input: "testpassword\n",
      });
      expect(json(r).privateKey).toBe("0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");
    }
  });

  it("a keystore it cannot read is refused with the field named, before its passphrase is asked", () => {
    const dir = scratchChain();
    writeSecret(join(dir, "cbc.json"), {
      version: 3,
      crypto: { cipher: "aes-128-cbc", kdf: "scrypt", kdfparams: { dklen: 32 } },
    });
    // said before any passphrase is asked: there is none to give here
    const r = cli([...TX, "--key", "cbc.json"], { cwd: dir, env: NO_ENV, input: "" });
    expect(r.code).toBe(2);
    expect(json(r).error).toEqual({
      code: "E_KEY",
      message:
        'key file cbc.json is not a keystore tinychain can read: crypto.cipher is "aes-128-cbc"; v3 keystores use "aes-128-ctr"',
      hint: "see 'tinychain tx --help'",
    });
  });

  it("tinychain's earlier encrypted key files (scrypt + AES-256-GCM) still open", () => {
    const dir = scratchChain();
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const key = scrypt(PASS, salt, { N: 1 << 15, r: 8, p: 1, dkLen: 32 });
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const ciphertext = Buffer.concat([cipher.update(alice.privateKey), cipher.final()]);
    writeSecret(join(dir, "old.json"), {
      address: alice.address,
      crypto: {
        kdf: "scrypt",
        kdfparams: { n: 1 << 15, r: 8, p: 1, salt: salt.toString("hex") },
        cipher: "aes-256-gcm",
        iv: iv.toString("hex"),
        tag: cipher.getAuthTag().toString("hex"),
        ciphertext: ciphertext.toString("hex"),
      },
    });
    const r = cli([...TX, "--key", "old.json"], { cwd: dir, env: { TINYCHAIN_PASSPHRASE: PASS } });
    expect(json(r).from).toBe(alice.address);
  });
});
