// What a newcomer met on the command line (issue 29): `call` of a misspelt function names the nearest
// one, a bare word argument is refused with how to write a string or a symbol, and `send` on a dev chain
// says what happens next there (the dev chain mines txs/ itself: no pull request).

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initChain } from "../../src/sequencer/ledger.ts";
import { alice, bob, genesis } from "../chain/fixtures.ts";
import { commitAll, scratchChain } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

function votingChain(): { dir: string; contract: string } {
  const dir = scratchChain();
  writeFileSync(
    join(dir, "poll.lisp"),
    "(contract Poll\n  (defmap votes)\n  (defn vote (choice) (put! votes sender choice) choice)\n  (defview tally () 0))\n",
  );
  const d = JSON.parse(cli(["deploy", "--key", "alice.json", "poll.lisp", "--json"], { cwd: dir }).stdout);
  commitAll(dir);
  expect(cli(["apply"], { cwd: dir }).code).toBe(0);
  return { dir, contract: d.contract };
}

describe("the newcomer's findings", () => {
  const { dir, contract } = votingChain();

  it("call of a function the contract lacks: did you mean, and its functions", () => {
    const r = cli(["call", "--key", "alice.json", contract, "vot", '"yes"'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `runtime error: contract Poll at ${contract} has no function vot (did you mean vote?)`,
    );
    expect(r.stderr).toContain("its functions: tally, vote; or pass --force to write it anyway");
  });

  it("a bare word argument is refused, with how to write the string or the symbol", () => {
    const r = cli(["call", "--key", "alice.json", contract, "vote", "yes"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument yes is a bare word: a string needs quotes, a symbol a leading '");
    expect(r.stderr).toContain(`write '"yes"' for the string, or "'yes" for the symbol`);
    // either written explicitly goes through
    expect(
      cli(["call", "--key", "alice.json", contract, "vote", '"yes"', "--dry-run"], { cwd: dir }).code,
    ).toBe(0);
    const symbol = cli(["call", "--key", "alice.json", contract, "vote", "'yes", "--dry-run"], { cwd: dir });
    expect(symbol.stdout).toContain("returns yes");
  });

  it("send on a dev chain says the dev chain mines it, not to open a pull request", () => {
    const dev = mkdtempSync(join(tmpdir(), "tinychain-devsend-"));
    execFileSync("git", ["init", "-q", "-b", "main", dev]);
    initChain(dev, genesis({ chainId: 31337, name: "dev" }));
    writeFileSync(
      join(dev, "alice.json"),
      JSON.stringify({
        address: alice.address,
        privateKey: `0x${Buffer.from(alice.privateKey).toString("hex")}`,
      }),
      { mode: 0o600 },
    );
    const r = cli(["send", "--key", "alice.json", "--to", bob.address, "--amount", "5"], { cwd: dev });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("next: a running 'tinychain dev' puts it in the next block");
    expect(r.stdout).not.toContain("pull request;");
    // and on any other chain, the pull request it is
    const gh = cli(["send", "--key", "alice.json", "--to", bob.address, "--amount", "5"], { cwd: dir });
    expect(gh.stdout).toContain("next: commit it on a branch and open a pull request");
  });
});
