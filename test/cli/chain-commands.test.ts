// The chain commands as processes, with docs/spec.md §7's JSON shapes and exit codes.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contractAddress } from "../../src/chain/state.ts";
import { accountPath } from "../../src/store/snapshot.ts";
import { alice, bob, carol, SNEED } from "../chain/fixtures.ts";
import { commitAll, scratchChain, writeTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe("init and keygen", () => {
  it("init writes a .gitattributes that keeps state/ and txs/ byte-exact: a core.autocrlf=true clone verifies", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinychain-crlf-"));
    execFileSync("git", ["init", "-q", "-b", "main", dir]);
    expect(cli(["init", "--chain-id", "99"], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toContain("state/** -text");
    const g = (cwd: string, ...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, encoding: "utf8" });
    g(dir, "add", "-A");
    g(dir, "commit", "-q", "-m", "genesis");
    // Git for Windows' default: text files are checked out with CRLF unless an attribute says otherwise
    const copy = mkdtempSync(join(tmpdir(), "tinychain-crlf-clone-"));
    g(copy, "-c", "core.autocrlf=true", "clone", "-q", "--config", "core.autocrlf=true", dir, ".");
    expect(readFileSync(join(copy, "state/head.json"), "utf8")).not.toContain("\r");
    const v = cli(["verify", "--json"], { cwd: copy });
    expect(v.code, v.stdout).toBe(0);
  });

  it("keygen writes a 0600 key file and prints the address; init starts a chain", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinychain-cli-"));
    const k = cli(["keygen", "--out", "k.json"], { cwd: dir });
    expect(k.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, "k.json"), "utf8"));
    expect(k.stdout.trim()).toBe(doc.address);
    expect(statSync(join(dir, "k.json")).mode & 0o777).toBe(0o600);
    expect(cli(["keygen", "--out", "k.json"], { cwd: dir }).code).toBe(2); // never overwrites a key
    const i = cli(
      ["init", "--chain-id", "99", "--minter", doc.address, "--alloc", `${doc.address}=5000`, "--json"],
      { cwd: dir },
    );
    expect(i.code).toBe(0);
    expect(json(i)).toMatchObject({ chainId: 99, block: 0 });
    expect(JSON.parse(readFileSync(join(dir, "state/genesis.json"), "utf8"))).toMatchObject({
      chainId: 99,
      minter: doc.address,
      alloc: { [doc.address]: "5000" },
    });
    expect(json(cli(["balance", doc.address, "--json"], { cwd: dir }))).toEqual({
      address: doc.address,
      balance: "5000",
    });
    expect(cli(["init", "--chain-id", "99"], { cwd: dir }).code).toBe(1); // already a chain
  });

  it("encrypted key files need their passphrase", () => {
    const dir = scratchChain();
    const env = { TINYCHAIN_PASSPHRASE: "correct horse" };
    const k = cli(["keygen", "--out", "enc.json", "--encrypt"], { cwd: dir, env });
    expect(k.code).toBe(0);
    expect(readFileSync(join(dir, "enc.json"), "utf8")).not.toContain("privateKey");
    const addr = k.stdout.trim();
    expect(
      cli(["tx", "--key", "enc.json", "--data", "1", "--gas-limit", "30000"], {
        cwd: dir,
        env: { TINYCHAIN_PASSPHRASE: "wrong" },
      }).stderr,
    ).toContain("passphrase does not open");
    // a new key has no sneed: --force writes the transaction all the same
    const ok = cli(["tx", "--key", "enc.json", "--data", "1", "--gas-limit", "30000", "--json", "--force"], {
      cwd: dir,
      env,
    });
    expect(json(ok).from).toBe(addr);
  });
});

describe("writing transactions", () => {
  it("send estimates nonce and gas, writes the file, and validate shows the receipt", () => {
    const dir = scratchChain();
    const s = cli(["send", "--key", "alice.json", "--to", carol.address, "--amount", "250", "--json"], {
      cwd: dir,
    });
    expect(s.code).toBe(0);
    const doc = json(s);
    expect(doc).toMatchObject({ file: `txs/${alice.address}-0.json`, from: alice.address, nonce: 0 });
    const s2 = json(
      cli(["send", "--key", "alice.json", "--to", carol.address, "--amount", "1", "--json"], { cwd: dir }),
    );
    expect(s2.nonce).toBe(1); // after the pending one
    const v = cli(["validate", "--json"], { cwd: dir });
    expect(v.code).toBe(0);
    const results = json(v).results;
    expect(results.map((r: { file: string; valid: boolean }) => [r.file, r.valid])).toEqual([
      [`txs/${alice.address}-0.json`, true],
      [`txs/${alice.address}-1.json`, true],
    ]);
    expect(results[0].receipt).toMatchObject({
      id: doc.id,
      from: alice.address,
      nonce: 0,
      status: 0,
      return: "true",
      error: null,
      logs: [],
      created: [],
    });
    expect(results[0].receipt.gasUsed).toBeLessThanOrEqual(doc.gasLimit);
  });

  it("deploy predicts the contract address; call and view use it", () => {
    const dir = scratchChain();
    writeFileSync(
      join(dir, "counter.lisp"),
      "; a counter\n(contract Counter\n  (defvar n 0)\n  (defn add (k) (set! n (+ n k)) n)\n  (defview get () n))\n",
    );
    const d = json(cli(["deploy", "--key", "alice.json", "counter.lisp", "--json"], { cwd: dir }));
    expect(d.contract).toBe(contractAddress(alice.address, 0, 0));
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    const c = cli(["call", "--key", "bob.json", d.contract, "add", "5", "--json"], { cwd: dir });
    expect(c.code).toBe(0);
    commitAll(dir);
    cli(["apply"], { cwd: dir });
    expect(json(cli(["view", d.contract, "get", "--json"], { cwd: dir }))).toEqual({
      status: 0,
      value: "5",
      gasUsed: expect.any(Number),
      error: null,
    });
    const w = cli(["view", d.contract, "add", "1", "--json"], { cwd: dir });
    expect(w.code).toBe(1);
    expect(json(w).error).toContain("not a view");
    expect(json(cli(["account", d.contract, "--json"], { cwd: dir }))).toMatchObject({
      code: expect.stringContaining("(contract Counter"),
      storage: { n: "5" },
    });
  });

  it("call passes Lisp literals: strings, symbols, lists", () => {
    const dir = scratchChain();
    writeFileSync(
      join(dir, "echo.lisp"),
      "(contract Echo (defvar last nil) (defn keep (x) (set! last x)) (defview get () last))",
    );
    const d = json(cli(["deploy", "--key", "alice.json", "echo.lisp", "--json"], { cwd: dir }));
    commitAll(dir);
    cli(["apply"], { cwd: dir });
    expect(
      cli(["call", "--key", "alice.json", d.contract, "keep", '(1 "two" three)'], { cwd: dir }).code,
    ).toBe(0);
    commitAll(dir);
    cli(["apply"], { cwd: dir });
    expect(json(cli(["view", d.contract, "get", "--json"], { cwd: dir })).value).toBe('(1 "two" three)');
  });

  it("validate --json lists receipts in execution order, then the invalid files, and exits 1", () => {
    const dir = scratchChain();
    writeTx(dir, alice, '(abort "nope")');
    writeTx(dir, bob, "(+ 1", {});
    writeTx(dir, bob, "1", { nonce: 7 });
    const r = cli(["validate", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const results = json(r).results;
    expect(
      results.map((x: { valid: boolean; error: { code: string } | null }) => [
        x.valid,
        x.error?.code ?? null,
      ]),
    ).toEqual([
      [true, null],
      [false, "E_DATA"],
      [false, "E_NONCE_GAP"],
    ]);
    expect(results[0].receipt.status).toBe(1);
    expect(results[1].receipt).toBeNull();
    // named files only
    const named = json(cli(["validate", "--json", `txs/${alice.address}-0.json`], { cwd: dir }));
    expect(named.results).toHaveLength(1);
  });

  it("validate --markdown prints the pull-request comment", () => {
    const dir = scratchChain();
    writeTx(dir, alice, `(call ${SNEED} 'mint ${bob.address} 77)`);
    const r = cli(["validate", "--markdown"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("<!-- tinychain-receipts -->");
    expect(r.stdout).toContain("| status | **0** success |");
    expect(r.stdout).toContain("`Mint`");
    expect(r.stdout).toContain("```lisp");
    expect(r.stdout).toMatch(/^ {2}SneedToken\.mint\(0x[0-9a-f]{40}, 77\) {2}\[gas \d+\] → /m);
    // --trace in the terminal too, and a trace cut to its size in the comment
    expect(cli(["validate", "--trace"], { cwd: dir }).stdout).toMatch(/^ {6}SneedToken\.mint\(/m);
  });

  it("user mistakes get one sentence and an exit code, never a stack trace", () => {
    const dir = scratchChain();
    const cases: [string[], number, RegExp][] = [
      [["send", "--key", "alice.json", "--to", "0x12", "--amount", "1"], 2, /--to: "0x12" is not an address/],
      [
        ["send", "--key", "nope.json", "--to", bob.address, "--amount", "1"],
        2,
        /key file nope.json does not exist/,
      ],
      [["send", "--key", "alice.json", "--to", bob.address, "--amount", "-5"], 2, /--amount/],
      [["tx", "--key", "alice.json", "--data", "(+ 1"], 1, /E_DATA|1:5/],
      [["balance", "0xABC"], 2, /is not an address/],
      [["block", "99"], 1, /block 99 does not exist/],
      [["view", SNEED, "nope"], 1, /no function nope/],
      [["tx", "--bogus"], 2, /unknown option/],
    ];
    for (const [args, code, message] of cases) {
      const r = cli(args, { cwd: dir });
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stdout + r.stderr, args.join(" ")).toMatch(message);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    }
    const outside = cli(["balance", bob.address], { cwd: tmpdir() });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("no chain here");
    expect(readdirSync(join(dir, "txs"))).toEqual([".gitkeep"]);
  });

  it("every command has --help", () => {
    const help = cli(["--help"]);
    expect(help.code).toBe(0);
    for (const c of [
      "init",
      "keygen",
      "tx",
      "send",
      "deploy",
      "call",
      "eval",
      "view",
      "balance",
      "account",
      "block",
      "receipt",
      "validate",
      "apply",
      "verify",
      "prove",
      "check-proof",
    ]) {
      expect(help.stdout).toContain(`  ${c} `);
      const r = cli([c, "--help"]);
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain(`usage: tinychain ${c}`);
    }
  });
});

describe("damaged inputs get a code and a sentence", () => {
  it("a state file that is not JSON, a malformed proof, bad genesis flags", () => {
    const dir = scratchChain();
    writeFileSync(join(dir, accountPath(alice.address)), "{ not json");
    const r = cli(["balance", alice.address, "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r).error).toEqual({
      code: "E_STATE_EDITED",
      hint: "restore it with 'git checkout -- state'",
      message: expect.stringContaining(`${alice.address}.json is not valid JSON`),
    });
    const v = json(cli(["verify", "--json"], { cwd: dir }));
    expect(v).toMatchObject({ ok: false, reason: expect.stringContaining("is not valid JSON") });

    writeFileSync(
      join(dir, "bad.proof"),
      JSON.stringify({
        block: 0,
        stateRoot: "0x00",
        proof: { key: "account:x", value: "1", index: 0, bucketSize: 1, bucketProof: [], siblings: ["0xzz"] },
      }),
    );
    const p = cli(["check-proof", "bad.proof"], { cwd: dir });
    expect(p.code).toBe(1);
    expect(p.stderr).toContain("is not a well-formed proof");

    const fresh = mkdtempSync(join(tmpdir(), "tinychain-cli-"));
    const g = cli(["init", "--chain-id", "5", "--block-gas-limit", "5"], { cwd: fresh });
    expect(g.code).toBe(2);
    expect(g.stderr).toContain("--block-gas-limit must be an integer from 100000");
    const m = cli(["init", "--chain-id", "5", "--min-base-fee", "0"], { cwd: fresh });
    expect(m.stderr).toContain("--min-base-fee must be at least 1");
    expect(readdirSync(fresh)).toEqual([]);
  });
});

describe("signing with a wallet", () => {
  it("tx --typed-data prints what the wallet signs; attach writes a file the chain accepts", async () => {
    const { privateKeyToAccount } = await import("viem/accounts");
    const dir = scratchChain();
    const t = cli(["send", "--from", bob.address, "--to", carol.address, "--amount", "42", "--typed-data"], {
      cwd: dir,
    });
    expect(t.code, t.stderr).toBe(0);
    const typed = JSON.parse(t.stdout);
    expect(typed).toMatchObject({ primaryType: "Transaction", domain: { name: "tinychain", version: "1" } });
    writeFileSync(join(dir, "typed.json"), t.stdout);
    expect(readdirSync(join(dir, "txs"))).toEqual([".gitkeep"]); // nothing written yet
    // a wallet signs it (viem's account stands in for MetaMask's eth_signTypedData_v4)
    const m = typed.message;
    const sign = (pk: Uint8Array) =>
      privateKeyToAccount(`0x${Buffer.from(pk).toString("hex")}`).signTypedData({
        ...typed,
        message: {
          ...m,
          maxFeePerGas: BigInt(m.maxFeePerGas),
          maxPriorityFeePerGas: BigInt(m.maxPriorityFeePerGas),
        },
      });
    const wrong = cli(["attach", "typed.json", await sign(alice.privateKey), "--json"], { cwd: dir });
    expect(wrong.code).toBe(1);
    expect(json(wrong).error.code).toBe("E_SIGNATURE");
    const a = cli(["attach", "typed.json", await sign(bob.privateKey), "--json"], { cwd: dir });
    expect(a.code, a.stderr).toBe(0);
    expect(json(a).file).toBe(`txs/${bob.address}-0.json`);
    const v = json(cli(["validate", "--json"], { cwd: dir }));
    expect(v.results[0]).toMatchObject({ valid: true, receipt: { status: 0, from: bob.address } });
    expect(
      cli(["send", "--from", bob.address, "--to", carol.address, "--amount", "1"], { cwd: dir }).code,
    ).toBe(2);
  });

  it("attach and check-proof read a regular file of bounded size only: a device is refused, never read", () => {
    const dir = scratchChain();
    for (const args of [
      ["attach", "/dev/zero", `0x${"1".repeat(130)}`],
      ["check-proof", "/dev/zero"],
    ]) {
      const r = cli([...args, "--json"], { cwd: dir });
      expect(r.code, args[0]).toBe(1);
      expect(json(r).error).toMatchObject({
        code: "E_FILE",
        message: expect.stringContaining("not a regular file"),
      });
    }
  });

  it("deploy takes --from too: a wallet signs the deploy, and --dry-run needs no key", () => {
    const dir = scratchChain();
    writeFileSync(join(dir, "c.lisp"), "(contract C\n  (defvar n 0)\n  (defview get () n))\n");
    const t = cli(["deploy", "--from", bob.address, "c.lisp", "--typed-data"], { cwd: dir });
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({
      primaryType: "Transaction",
      message: { from: bob.address },
    });
    const d = cli(["deploy", "--from", bob.address, "c.lisp", "--dry-run", "--json"], { cwd: dir });
    expect(d.code, d.stderr).toBe(0);
    expect(json(d)).toMatchObject({ ok: true, status: 0 });
    expect(readdirSync(join(dir, "txs"))).toEqual([".gitkeep"]); // nothing written
  });
});
