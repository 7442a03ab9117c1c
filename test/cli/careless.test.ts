// The command line a careless user meets (issue: a newcomer's first hour): pipes closed early, options
// in any place, mistakes named with their range, transactions that would fail refused before they are
// written, addresses in any accepted case, key files that leak.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toChecksumAddress } from "../../src/crypto/address-case.ts";
import { alice, bob, carol } from "../chain/fixtures.ts";
import { commitAll, scratchChain } from "../chain-helpers.ts";
import { CLI, cli } from "../helpers.ts";

const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const hasScript = spawnSync("script", ["--version"]).status === 0;

describe("output and options", () => {
  it("a pipe closed early ends quietly with status 0", () => {
    const dir = scratchChain();
    for (let i = 0; i < 3; i++)
      expect(
        cli(["send", "--key", "alice.json", "--to", carol.address, "--amount", "1"], { cwd: dir }).code,
      ).toBe(0);
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" validate --markdown | head -1`], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    // and the command itself exits 0 when its reader goes away
    const own = spawnSync(
      "sh",
      [
        "-c",
        `"${process.execPath}" "${CLI}" validate --markdown | head -c1 >/dev/null; echo "\${PIPESTATUS:-}"`,
      ],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(own.stderr).not.toMatch(/EPIPE|Unhandled/);
  });

  it("global options before or after the command; help COMMAND", () => {
    const dir = scratchChain();
    const before = cli(["--chain", dir, "--json", "balance", alice.address], { cwd: tmpdir() });
    expect(before.code).toBe(0);
    expect(json(before)).toMatchObject({ address: alice.address });
    expect(json(cli(["--json", "balance", alice.address, "--chain", dir], { cwd: tmpdir() })).address).toBe(
      alice.address,
    );
    const help = cli(["help", "send"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: tinychain send --key FILE --to ADDR --amount X");
  });

  it("mistakes are named with the option and its range, never the parser's words", () => {
    const dir = scratchChain();
    const typo = cli(["send", "--key", "alice.json", "--to", carol.address, "--amout", "5"], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option --amout");
    expect(typo.stderr).toContain("did you mean --amount?");
    const negative = cli(["send", "--key", "alice.json", "--to", carol.address, "--amount", "-5"], {
      cwd: dir,
    });
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain(
      '--amount must be a decimal amount of sneed from 0 to 2^256−1, got "-5"',
    );
    const block = cli(["block", "-1"], { cwd: dir });
    expect(block.code).toBe(2);
    expect(block.stderr).toContain("block takes no negative numbers, got -1");
    const word = cli(["send", "--key", "alice.json", "--to", carol.address, "--amount", "five"], {
      cwd: dir,
    });
    expect(word.stderr).toContain('--amount must be a decimal amount of sneed (digits only), got "five"');
    const huge = cli(
      ["send", "--key", "alice.json", "--to", carol.address, "--amount", (1n << 256n).toString()],
      {
        cwd: dir,
      },
    );
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain("is above the largest amount, 2^256−1");
    const missing = cli(["send", "--key", "alice.json", "--to", carol.address, "--amount"], { cwd: dir });
    expect(missing.stderr).toContain("--amount needs a value");
    for (const r of [typo, negative, block, word, huge, missing])
      expect(r.stderr).not.toMatch(/ambiguous|To specify a positional|at .*\.js:\d+/);
  });

  it("errors keep their hint in --json", () => {
    const r = cli(["send", "--amout", "5", "--json"], { cwd: scratchChain() });
    expect(json(r).error).toEqual({
      code: "E_USAGE",
      message: "send: unknown option --amout",
      hint: "did you mean --amount?",
    });
  });
});

describe("reading the chain", () => {
  it("receipt prints a readable receipt, JSON with --json", () => {
    const dir = scratchChain();
    const sent = json(
      cli(["send", "--key", "alice.json", "--to", carol.address, "--amount", "7", "--json"], { cwd: dir }),
    );
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    const human = cli(["receipt", sent.id], { cwd: dir });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`receipt ${sent.id}, block 1`);
    expect(human.stdout).toMatch(/txs\/0x[0-9a-f]{40}-0\.json {2}ok {2}gas \d+\/\d+ {2}fee \d+ {2}→ true/);
    expect(human.stdout).toContain(`${toChecksumAddress(carol.address)} balance: 0 → 7`);
    expect(human.stdout).not.toContain('"status"');
    expect(json(cli(["receipt", sent.id, "--json"], { cwd: dir }))).toMatchObject({
      id: sent.id,
      block: 1,
      status: 0,
    });
    // the id in any case, its prefix too, as a block explorer may print it
    const upper = cli(["receipt", sent.id.toUpperCase()], { cwd: dir });
    expect(upper.code, upper.stderr).toBe(0);
    expect(upper.stdout).toContain(`receipt ${sent.id}, block 1`);
    // a block number past 2^53−1 is a usage mistake, not a block that does not exist
    for (const n of ["9007199254740992", "9999999999999999"]) {
      const huge = cli(["block", n], { cwd: dir });
      expect(huge.code, n).toBe(2);
      expect(huge.stderr).toContain(`block takes a block number (or head), got "${n}"`);
    }
    expect(cli(["block", "9007199254740991"], { cwd: dir }).stderr).toContain("does not exist");
  });
});

describe("addresses", () => {
  it("all-uppercase hex is accepted like lowercase; a missing 0x is an error, never a silent 0", () => {
    const dir = scratchChain();
    const upper = `0x${alice.address.slice(2).toUpperCase()}`;
    expect(json(cli(["balance", upper, "--json"], { cwd: dir })).address).toBe(alice.address);
    expect(cli(["eval", `(= ${upper} ${alice.address})`]).stdout.trim()).toMatch(/^true/);
    const bare = cli(["balance", alice.address.slice(2)], { cwd: dir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("needs the prefix 0x");
    const arg = cli(
      ["view", "0x0000000000000000000000000000000000005eed", "balance-of", alice.address.slice(2)],
      {
        cwd: dir,
      },
    );
    expect(arg.code).toBe(2);
    expect(arg.stderr).toContain("looks like an address without its 0x");
  });
});

describe("transactions the head state says would fail are not written", () => {
  it("amount above the balance, no code, no such function, out of gas, abort, fee above the balance", () => {
    const dir = scratchChain();
    writeFileSync(join(dir, "c.lisp"), "(contract C (defvar n 0) (defn add (k) (set! n (+ n k)) n))");
    const deployed = json(cli(["deploy", "--key", "alice.json", "c.lisp", "--json"], { cwd: dir }));
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    commitAll(dir);
    const balance = BigInt(json(cli(["balance", alice.address, "--json"], { cwd: dir })).balance);
    const cases: [string[], RegExp][] = [
      [["send", "--to", carol.address, "--amount", String(balance * 2n)], /status [13]/],
      [["call", carol.address, "add", "1"], /status [13]/],
      [["call", deployed.contract, "subtract", "1"], /status [13].*subtract/],
      [["tx", "--data", "(loop ((i 0)) (recur (+ i 1)))", "--gas-limit", "50000"], /status 2, out of gas/],
      [["tx", "--data", '(abort "no")'], /status 1, aborted: no/],
      [
        ["tx", "--data", "1", "--gas-limit", "30000000", "--max-fee", String(balance)],
        /E_FUNDS|fee reservation/,
      ],
    ];
    for (const [args, why] of cases) {
      const r = cli([...args, "--key", "alice.json"], { cwd: dir });
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toMatch(why);
      expect(r.stderr).toContain("--force");
    }
    expect(readFileSync(join(dir, ".git/HEAD"), "utf8")).toBeTruthy();
    expect(cli(["validate", "--json"], { cwd: dir }).stdout).toContain('"results": []');
    // --force writes it all the same, with the warning
    const forced = cli(["tx", "--key", "alice.json", "--data", '(abort "no")', "--force"], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("warning (written because of --force)");
  });

  it("a transaction after a pending one it depends on is judged after it, not refused", () => {
    const dir = scratchChain();
    // bob has nothing; alice's pending transfer funds him
    writeFileSync(join(dir, "empty.json"), "");
    expect(
      cli(["send", "--key", "alice.json", "--to", bob.address, "--amount", "5000000"], { cwd: dir }).code,
    ).toBe(0);
    const r = cli(["send", "--key", "bob.json", "--to", carol.address, "--amount", "100", "--json"], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).estimate).toMatchObject({ status: 0 });
  });

  it("the estimated gas limit is capped so the fee reservation fits the balance", () => {
    const dir = scratchChain();
    // what a one-sneed transfer uses (the same for any sender)
    const probe = json(
      cli(["send", "--key", "alice.json", "--to", bob.address, "--amount", "1", "--json"], { cwd: dir }),
    );
    rmSync(join(dir, probe.file));
    const used = BigInt(probe.estimate.gasUsed);
    // carol gets enough to reserve what the transfer uses at 10/gas, not the usual 25% margin
    const budget = used * 10n + 50n;
    expect(
      cli(["send", "--key", "alice.json", "--to", carol.address, "--amount", String(budget)], { cwd: dir })
        .code,
    ).toBe(0);
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    commitAll(dir);
    writeFileSync(
      join(dir, "carol.json"),
      JSON.stringify({
        address: carol.address,
        privateKey: `0x${Buffer.from(carol.privateKey).toString("hex")}`,
      }),
      { mode: 0o600 },
    );
    const r = cli(
      ["send", "--key", "carol.json", "--to", bob.address, "--amount", "1", "--max-fee", "10", "--json"],
      {
        cwd: dir,
      },
    );
    expect(r.code, r.stdout).toBe(0);
    const doc = json(r);
    expect(BigInt(doc.gasLimit) * 10n).toBeLessThanOrEqual(budget);
    expect(BigInt(doc.gasLimit)).toBeGreaterThanOrEqual(used);
    expect(doc.estimate.status).toBe(0);
    rmSync(join(dir, doc.file));
    // a program that needs more gas than the balance can reserve says so, with the numbers
    const big = cli(["tx", "--key", "carol.json", "--data", "(len (range 100000))", "--max-fee", "10"], {
      cwd: dir,
    });
    expect(big.code).toBe(1);
    expect(big.stderr).toContain(`(the most a balance of ${budget} can reserve at 10/gas)`);
    expect(big.stderr).toMatch(/out of gas after \d+ of its gas limit \d+/);
  });
});

describe("key files", () => {
  it("a key file others can read is refused with the chmod fix; new key folders are 0700", () => {
    const dir = scratchChain();
    chmodSync(join(dir, "alice.json"), 0o644);
    const r = cli(["send", "--key", "alice.json", "--to", carol.address, "--amount", "1"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is readable by everyone (mode 0644)");
    expect(r.stderr).toContain("hint: chmod 600 alice.json");
    const home = mkdtempSync(join(tmpdir(), "tinychain-home-"));
    const k = cli(["keygen", "--out", join(home, ".tinychain/me.json")]);
    expect(k.code).toBe(0);
    expect(statSync(join(home, ".tinychain")).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, ".tinychain/me.json")).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!hasScript)("an encrypted key asks for its passphrase on a terminal", async () => {
    const dir = scratchChain();
    const env = { TINYCHAIN_PASSPHRASE: "correct horse" };
    expect(cli(["keygen", "--out", "enc.json", "--encrypt"], { cwd: dir, env }).code).toBe(0);
    const termEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete termEnv.TINYCHAIN_PASSPHRASE;
    const cmd = `${process.execPath} ${CLI} tx --key enc.json --data 1 --gas-limit 30000 --force`;
    const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd: dir, env: termEnv });
    let out = "";
    let typed = false;
    child.stdout.on("data", (d) => {
      out += d;
      // type the passphrase once the prompt is there (and the terminal no longer echoes)
      if (!typed && out.includes("passphrase for enc.json:")) {
        typed = true;
        child.stdin.write("correct horse\r");
      }
    });
    const code = await new Promise((r) => child.on("close", r));
    expect(code).toBe(0);
    expect(out).toContain("passphrase for enc.json:");
    expect(out).not.toContain("correct horse"); // not echoed
    expect(out).toContain("wrote txs/");
  });
});
