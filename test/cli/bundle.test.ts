// `tinychain bundle` as a user runs it: signed files of several senders, made anywhere, become one
// branch of a clone of the chain, each under its canonical name; bad files and duplicates refuse the
// whole bundle with their E_ codes, and nothing is written.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Transaction, transactionFileBytes, transactionId } from "../../src/chain/transaction.ts";
import { chainRepo, git } from "../action/harness.ts";
import { alice, bob, carol } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

const pay = (to: string, amount: number) => `(transfer ${to} ${amount})`;

/** Writes transactions as files in a folder of their own, with names of the senders' choosing. */
function files(txs: Transaction[], names = txs.map((_, i) => `sent-${i}.json`)): string[] {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-inbox-"));
  return txs.map((tx, i) => {
    const path = join(dir, names[i]!);
    writeFileSync(path, transactionFileBytes(tx));
    return path;
  });
}

describe("tinychain bundle", () => {
  it("puts several senders' files on one new branch under txs/, which validate passes", () => {
    const { work } = chainRepo();
    const txs = [
      signedTx(alice, pay(carol.address, 100)),
      signedTx(bob, pay(carol.address, 5)),
      signedTx(alice, pay(bob.address, 7), { nonce: 1 }),
    ];
    const head = git(work, "rev-parse", "HEAD");
    const r = cli(["bundle", ...files(txs), "--branch", "pay-day", "--json"], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.branch).toBe("pay-day");
    expect(doc.transactions.map((t: { id: string }) => t.id).sort()).toEqual(txs.map(transactionId).sort());
    // one commit on HEAD, the files under their canonical names; the user's checkout untouched
    expect(git(work, "rev-parse", "pay-day^")).toBe(head);
    expect(git(work, "rev-parse", "HEAD")).toBe(head);
    expect(git(work, "ls-tree", "--name-only", "pay-day", "txs/").split("\n").sort()).toEqual(
      [
        `txs/${alice.address}-0.json`,
        `txs/${alice.address}-1.json`,
        `txs/${bob.address}-0.json`,
        "txs/.gitkeep",
      ].sort(),
    );
    expect(git(work, "show", `pay-day:txs/${bob.address}-0.json`)).toBe(
      Buffer.from(transactionFileBytes(txs[1]!)).toString("utf8").trim(),
    );
    // what the pull request's check will say
    git(work, "switch", "-q", "pay-day");
    const v = cli(["validate", "--json"], { cwd: work });
    expect(v.code, v.stdout).toBe(0);
    expect(JSON.parse(v.stdout).results).toHaveLength(3);
  });

  it("refuses bad files and duplicates with their codes, and writes nothing", () => {
    const { work } = chainRepo();
    const good = signedTx(alice, pay(carol.address, 1));
    const forged = { ...signedTx(bob, pay(carol.address, 1)), data: pay(alice.address, 999) };
    const otherChain = signedTx(bob, pay(carol.address, 1), { chainId: 1, nonce: 3 });
    const poor = signedTx(carol, pay(alice.address, 1));
    const sameNonce = signedTx(alice, pay(bob.address, 2));
    const paths = files([good, good, forged, otherChain, poor, sameNonce]);
    const r = cli(["bundle", ...paths, "--json"], { cwd: work });
    expect(r.code).toBe(1);
    const codes = JSON.parse(r.stdout).problems.map((p: { file: string; code: string }) => [
      paths.indexOf(p.file),
      p.code,
    ]);
    expect(codes.sort()).toEqual(
      [
        [1, "E_DUPLICATE"],
        [2, "E_SIGNATURE"],
        [3, "E_CHAIN"],
        [4, "E_FUNDS"],
        [5, "E_DUPLICATE"],
      ].sort(),
    );
    expect(git(work, "branch", "--list")).toBe("* main");
    // in words, for a person
    const text = cli(["bundle", ...paths], { cwd: work });
    expect(text.stdout).toContain("E_SIGNATURE");
    expect(text.stdout).toContain("nothing written");
  });

  it("refuses a file the chain's head already holds, and an existing branch", () => {
    const { work } = chainRepo();
    const tx = signedTx(alice, pay(carol.address, 1));
    const [path] = files([tx]);
    expect(cli(["bundle", path!, "--branch", "one"], { cwd: work }).code).toBe(0);
    const again = cli(["bundle", path!, "--branch", "one", "--json"], { cwd: work });
    expect(again.code).toBe(2);
    expect(again.stdout + again.stderr).toContain("E_BRANCH");
    git(work, "switch", "-q", "one");
    const held = cli(["bundle", path!, "--json"], { cwd: work });
    expect(held.code).toBe(1);
    expect(JSON.parse(held.stdout).problems[0].code).toBe("E_DUPLICATE");
  });
});
