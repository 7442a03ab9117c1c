// `tinychain call ADDR FN ARGS… --value N` as a user runs it (issue 26): one payable call, its program
// `(call-value ADDR N 'FN ARGS…)`, the value shown in what is written and in the dry run, the sneed in the
// receipt's balance changes once applied; a bad or unaffordable value refused before anything is written.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toChecksumAddress } from "../../src/crypto/address-case.ts";
import { commitAll, scratchChain } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

const VAULT = `(contract Vault
  (defvar last 0)
  (defn deposit (note) (assert (> value 0) "send some sneed") (set! last value) (list note value))
  (defview balance-now () (balance self)))
`;

describe("call --value", () => {
  it("writes one payable call, shows the value, and the receipt shows the sneed moved", () => {
    const dir = scratchChain();
    writeFileSync(join(dir, "vault.lisp"), VAULT);
    const vault = JSON.parse(
      cli(["deploy", "--key", "alice.json", "vault.lisp", "--json"], { cwd: dir }).stdout,
    ).contract as string;
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    commitAll(dir, "block 1");

    const dry = cli(
      ["call", "--key", "alice.json", vault, "deposit", '"rent"', "--value", "250", "--dry-run"],
      {
        cwd: dir,
      },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('  returns ("rent" 250)');
    expect(dry.stdout).toContain("  value 250");
    const traced = cli(
      ["call", "--key", "alice.json", vault, "deposit", '"rent"', "--value", "250", "--dry-run", "--trace"],
      { cwd: dir },
    );
    expect(traced.stdout).toMatch(/^ {2}Vault\.deposit\("rent"\) sending 250 sneed {2}\[gas \d+\]/m);

    const r = cli(["call", "--key", "alice.json", vault, "deposit", '"rent"', "--value", "250", "--json"], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    const written = JSON.parse(r.stdout);
    expect(written).toMatchObject({ value: "250", estimate: { status: 0 } });
    const file = JSON.parse(readFileSync(join(dir, written.file), "utf8"));
    expect(file.data).toBe(`(call-value ${vault} 250 'deposit "rent")`);
    const human = cli(["call", "--key", "alice.json", vault, "deposit", '"again"', "--value", "1"], {
      cwd: dir,
    });
    expect(human.stdout).toContain("  value 1\n");
    commitAll(dir, "two payable calls");
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    expect(cli(["view", vault, "balance-now"], { cwd: dir }).stdout.trim()).toBe("251");
    const receipt = cli(["receipt", written.id], { cwd: dir });
    expect(receipt.stdout).toContain('→ ("rent" 250)');
    expect(receipt.stdout).toContain(`${toChecksumAddress(vault)} balance: 0 → 250`);
  });

  it("refuses a value that is not an amount, and one the sender cannot pay, writing nothing", () => {
    const dir = scratchChain();
    writeFileSync(join(dir, "vault.lisp"), VAULT);
    const vault = JSON.parse(
      cli(["deploy", "--key", "alice.json", "vault.lisp", "--json"], { cwd: dir }).stdout,
    ).contract as string;
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    commitAll(dir, "block 1");
    const before = readdirSync(join(dir, "txs"));
    const call = (value: string) =>
      cli(["call", "--key", "alice.json", vault, "deposit", '"x"', "--value", value], { cwd: dir });
    const negative = call("-5");
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain("--value must be a decimal amount of sneed from 0 to 2^256−1");
    expect(call("1.5").stderr).toContain("--value must be a decimal amount of sneed (digits only)");
    const tooMuch = call(`1${"0".repeat(40)}`);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain("ends with status 1, aborted: Vault.deposit: insufficient balance");
    // no value: a plain call, which this contract refuses
    expect(call("0").stderr).toContain("send some sneed");
    expect(readdirSync(join(dir, "txs"))).toEqual(before);
  });
});
