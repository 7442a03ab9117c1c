// The chain on disk through the CLI, as users run it: apply, verify (and what it catches), proofs,
// refusing hand-edited state, and surviving a kill at any moment of apply.

import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/chain/canonical-json.ts";
import { contractAddress } from "../../src/chain/state.ts";
import { accountPath, blockPath, storagePath } from "../../src/store/snapshot.ts";
import { alice, bob, carol, SNEED } from "../chain/fixtures.ts";
import { commitAll, scratchChain, writeTx } from "../chain-helpers.ts";
import { CLI, cli } from "../helpers.ts";

const json = (r: { stdout: string }) => JSON.parse(r.stdout);

/** A chain with three blocks of transfers, mints and a contract. */
function threeBlocks(): string {
  const dir = scratchChain();
  writeTx(dir, alice, `(transfer ${bob.address} 1000)`);
  writeTx(dir, bob, `(call ${SNEED} 'transfer ${carol.address} 7)`);
  commitAll(dir);
  expect(cli(["apply", "--json"], { cwd: dir }).code).toBe(0);
  writeTx(dir, alice, "(deploy (contract Counter (defvar n 0) (defn inc () (set! n (+ n 1)))))", {
    nonce: 1,
    gasLimit: 2_000_000,
  });
  writeTx(dir, alice, `(call ${SNEED} 'mint ${carol.address} 500)`, { nonce: 2 });
  commitAll(dir);
  expect(cli(["apply"], { cwd: dir }).code).toBe(0);
  writeTx(dir, bob, '(abort "changed my mind")', { nonce: 1 });
  commitAll(dir);
  expect(cli(["apply"], { cwd: dir }).code).toBe(0);
  commitAll(dir, "state");
  return dir;
}

// `script` (util-linux) runs a command on a pseudo-terminal, as a person at a terminal would
const hasScript = spawnSync("script", ["--version"]).status === 0;

describe("apply and verify", () => {
  it.skipIf(!hasScript)("verify draws a progress bar on a terminal, and none when piped", () => {
    const dir = threeBlocks();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env.CI;
    const onTty = spawnSync("script", ["-qec", `${process.execPath} ${CLI} verify`, "/dev/null"], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
    expect(onTty.stdout).toContain("block 3/3");
    expect(onTty.stdout).toContain("ok: 3 blocks");
    const piped = cli(["verify"], { cwd: dir, env });
    expect(piped.stdout + piped.stderr).not.toContain("block 3/3");
  });

  it("applies blocks, moves files, records everything, and verifies", () => {
    const dir = threeBlocks();
    expect(readdirSync(join(dir, "txs"))).toEqual([".gitkeep"]);
    const v = cli(["verify", "--json"], { cwd: dir });
    expect(json(v)).toMatchObject({ ok: true, blocks: 3, transactions: expect.any(Number) });
    const b2 = json(cli(["block", "2", "--json"], { cwd: dir }));
    expect(b2.transactions).toHaveLength(2);
    expect(b2.receipts.map((r: { status: number }) => r.status)).toEqual([0, 0]);
    const id = b2.receipts[0].id;
    expect(json(cli(["receipt", id, "--json"], { cwd: dir }))).toMatchObject({ id, block: 2, status: 0 });
    expect(json(cli(["balance", carol.address, "--json"], { cwd: dir }))).toEqual({
      address: carol.address,
      balance: "507",
    });
    expect(json(cli(["account", SNEED, "--json"], { cwd: dir })).code).toContain("(contract SneedToken");
    // the commit and time of a block are git HEAD's
    const head = json(cli(["block", "head", "--json"], { cwd: dir })).header;
    expect(head.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("no pending transaction means no block", () => {
    const dir = scratchChain();
    commitAll(dir);
    expect(json(cli(["apply", "--json"], { cwd: dir }))).toEqual({ blocks: [] });
  });

  it("rejects invalid files into the block record and keeps nonce gaps pending", () => {
    const dir = scratchChain();
    writeTx(dir, alice, "(+ 1");
    writeTx(dir, bob, "1", { nonce: 3 });
    writeFileSync(join(dir, "txs/junk.json"), "not json");
    commitAll(dir);
    const out = json(cli(["apply", "--json"], { cwd: dir }));
    expect(out.blocks).toHaveLength(1);
    expect(out.blocks[0].included).toEqual([]);
    expect(out.blocks[0].rejected.map((r: { code: string }) => r.code).sort()).toEqual(["E_DATA", "E_PARSE"]);
    expect(readdirSync(join(dir, "txs")).sort()).toEqual([".gitkeep", `${bob.address}-3.json`]);
    expect(cli(["verify"], { cwd: dir }).code).toBe(0);
  });

  const tampers: [string, (dir: string) => void, number, RegExp][] = [
    [
      "a balance",
      (d) => edit(d, accountPath(bob.address), (f) => (f.balance = "1")),
      3,
      /accounts.*differs from the replay in field balance/,
    ],
    [
      "a receipt",
      (d) => edit(d, blockPath(2), (f) => (f.receipts[1].gasUsed += 1)),
      2,
      /receipt of .* differs .* field gasUsed/,
    ],
    [
      "a transaction",
      (d) =>
        edit(
          d,
          blockPath(1),
          (f) => (f.transactions[0].content = f.transactions[0].content.replace("1000", "2000")),
        ),
      1,
      /invalid: E_SIGNATURE|has id/,
    ],
    [
      "a parent hash",
      (d) => edit(d, blockPath(2), (f) => (f.header.parentHash = `0x${"11".repeat(32)}`)),
      2,
      /hash does not match|parentHash/,
    ],
    ["a deleted block", (d) => rmSync(join(d, blockPath(2))), 2, /00000002.json is missing/],
    [
      "a storage entry",
      (d) => edit(d, storagePath(SNEED, "supply"), (f) => (f.value = "1")),
      3,
      /storage.*holds "supply" = 1, the replay/,
    ],
    [
      "a storage entry added",
      (d) => {
        const path = join(d, storagePath(SNEED, "(balances 0x00)"));
        mkdirSync(join(path, ".."), { recursive: true });
        writeFileSync(path, canonicalJson({ key: "(balances 0x00)", value: "5" }));
      },
      3,
      /holds "\(balances 0x00\)", which the replay does not store/,
    ],
    [
      "two reordered blocks",
      (d) => {
        renameSync(join(d, blockPath(2)), join(d, "state/blocks/tmp.json"));
        renameSync(join(d, blockPath(3)), join(d, blockPath(2)));
        renameSync(join(d, "state/blocks/tmp.json"), join(d, blockPath(3)));
      },
      2,
      /holds block number 3/,
    ],
  ];

  it.each(tampers)("verify finds and locates %s", (_name, tamper, block, reason) => {
    const dir = threeBlocks();
    tamper(dir);
    const r = cli(["verify", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = json(r);
    expect(doc.ok).toBe(false);
    expect(doc.block).toBe(block);
    expect(doc.reason).toMatch(reason);
  });

  it("apply refuses state edited by hand, with the fix", () => {
    const dir = threeBlocks();
    edit(dir, accountPath(alice.address), (f) => (f.balance = "999999999999999"));
    writeTx(dir, alice, "1", { nonce: 3 });
    const r = cli(["apply"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("was edited by hand");
    expect(r.stderr).toContain("git checkout -- state");
    // without the cache (a fresh clone) the whole state is checked
    rmSync(join(dir, ".tinychain-cache"), { recursive: true });
    edit(dir, accountPath(carol.address), (f) => (f.balance = "5"));
    const r2 = cli(["apply"], { cwd: dir });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/does not match its head|edited by hand/);
  });

  it("apply refuses a storage entry edited by hand, with or without the tree cache", () => {
    for (const cached of [true, false]) {
      const dir = threeBlocks();
      if (!cached) rmSync(join(dir, ".tinychain-cache"), { recursive: true });
      edit(dir, storagePath(SNEED, "burned"), (f) => (f.value = "0"));
      writeTx(dir, alice, `(transfer ${bob.address} 1)`, { nonce: 3 });
      const r = cli(["apply"], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/does not match the storageRoot of 0x0+5eed.*edited by hand/);
    }
  });
});

function edit(dir: string, file: string, f: (doc: any) => void): void {
  const path = join(dir, file);
  const doc = JSON.parse(readFileSync(path, "utf8"));
  f(doc);
  writeFileSync(path, canonicalJson(doc));
}

describe("proofs", () => {
  it("prove and check-proof an account and a storage entry; a forged value fails", () => {
    const dir = threeBlocks();
    expect(cli(["prove", bob.address, "--out", "bob.proof"], { cwd: dir }).code).toBe(0);
    expect(json(cli(["check-proof", "bob.proof", "--json"], { cwd: dir }))).toMatchObject({
      ok: true,
      block: 3,
    });
    expect(cli(["prove", SNEED, "minter", "--out", "m.proof"], { cwd: dir }).code).toBe(0);
    expect(json(cli(["check-proof", "m.proof", "--json"], { cwd: dir }))).toMatchObject({
      ok: true,
      key: `${SNEED} minter`,
      value: alice.address,
    });
    // a slot proof has two levels: the entry in the contract's storage tree, whose root is the
    // storageRoot of the account's leaf in the state tree
    const slot = JSON.parse(readFileSync(join(dir, "m.proof"), "utf8"));
    expect(JSON.parse(slot.proof.account.value).storageRoot).toMatch(/^0x[0-9a-f]{64}$/);
    expect(slot.proof.storage.siblings).toHaveLength(16);
    const forged = structuredClone(slot);
    forged.proof.storage.value = bob.address;
    writeFileSync(join(dir, "forged.proof"), JSON.stringify(forged));
    const r = cli(["check-proof", "forged.proof", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(json(r).reason).toContain("but the account's storageRoot is");
    // a forged storageRoot that matches the forged entry no longer leads to the block's root
    const root = cli(["check-proof", "forged.proof", "--json"], { cwd: dir });
    const account = JSON.parse(forged.proof.account.value);
    account.storageRoot = /leads to (0x[0-9a-f]{64})/.exec(json(root).reason)![1];
    forged.proof.account.value = JSON.stringify(account);
    writeFileSync(join(dir, "forged2.proof"), JSON.stringify(forged));
    const r2 = cli(["check-proof", "forged2.proof", "--json"], { cwd: dir });
    expect(r2.code).toBe(1);
    expect(json(r2).reason).toContain("leads to root");
    // offline: the proof checks outside any chain folder too
    expect(cli(["check-proof", join(dir, "bob.proof"), "--json"], { cwd: "/" }).code).toBe(0);
  });
});

describe("a kill at any moment of apply", () => {
  it("leaves the old state or the new one, and the next run completes the block once", {
    timeout: 180_000,
  }, async () => {
    const base = scratchChain();
    for (let i = 0; i < 40; i++)
      writeTx(base, i % 2 ? alice : bob, `(transfer ${carol.address} ${i + 1})`, { nonce: i >> 1 });
    commitAll(base);
    const reference = `${base}-reference`;
    cpSync(base, reference, { recursive: true });
    expect(
      cli(["apply", "--timestamp", "1700000500", "--commit", "c".repeat(40)], { cwd: reference }).code,
    ).toBe(0);
    const want = readFileSync(join(reference, "state/head.json"), "utf8");
    const killedAt: string[] = [];
    for (let round = 0; round < 12; round++) {
      const dir = `${base}-${round}`;
      cpSync(base, dir, { recursive: true });
      const child = spawn(
        process.execPath,
        [CLI, "apply", "--timestamp", "1700000500", "--commit", "c".repeat(40)],
        { cwd: dir, stdio: "ignore" },
      );
      const exited = new Promise((r) => child.on("exit", r));
      const delay = 60 + Math.floor(Math.random() * 400);
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGKILL");
      await exited;
      const head = readFileSync(join(dir, "state/head.json"), "utf8");
      killedAt.push(
        `${delay}ms:${existsSync(join(dir, "state/.apply-journal.json")) ? "journal" : head === want ? "new" : "old"}`,
      );
      // whatever happened, the next apply finishes the block exactly once
      expect(cli(["apply", "--timestamp", "1700000500", "--commit", "c".repeat(40)], { cwd: dir }).code).toBe(
        0,
      );
      expect(readFileSync(join(dir, "state/head.json"), "utf8")).toBe(want);
      expect(json(cli(["verify", "--json"], { cwd: dir }))).toMatchObject({
        ok: true,
        blocks: 1,
        transactions: 40,
      });
      rmSync(dir, { recursive: true, force: true });
    }
    expect(killedAt).toHaveLength(12);
  });
});

describe("a journal apply did not write", () => {
  it("is dropped, never replayed: no write outside state/ and txs/, no crash on a journal of another shape", () => {
    for (const journal of [
      JSON.stringify([["state/../../outside.txt", "planted"]]),
      JSON.stringify([
        ["state/accounts/x.json", "{}"],
        ["/tmp/outside.txt", "planted"],
      ]),
      JSON.stringify({}),
      "null",
    ]) {
      const dir = scratchChain();
      const before = readFileSync(join(dir, "state/head.json"), "utf8");
      writeFileSync(join(dir, "state/.apply-journal.json"), journal);
      const r = cli(["apply", "--timestamp", "1700000500", "--commit", "c".repeat(40)], { cwd: dir });
      expect(r.stderr).not.toContain("TypeError");
      expect(existsSync(join(dir, "../outside.txt"))).toBe(false);
      expect(existsSync(join(dir, "state/accounts/x.json"))).toBe(false);
      expect(existsSync(join(dir, "state/.apply-journal.json"))).toBe(false);
      expect(readFileSync(join(dir, "state/head.json"), "utf8")).toBe(before);
    }
  });
});

describe("receipts do not depend on which process compiled a contract", () => {
  it("an error position is the same when the deploying process and a later one run the contract", () => {
    const dir = scratchChain();
    // written over several lines: its positions differ from the canonical one-line source
    writeTx(
      dir,
      alice,
      '(deploy (contract Gate\n  (defn enter (x)\n    (assert (> x 10) "too small")\n    x)))',
      { gasLimit: 2_000_000 },
    );
    // same block: runs with the contract this process just deployed
    writeTx(
      dir,
      alice,
      `(call ${"0x"}${""}PLACEHOLDER 'enter 1)`.replace(
        "0xPLACEHOLDER",
        contractAddress(alice.address, 0, 0),
      ),
      { nonce: 1 },
    );
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    // next block: a new process compiles it from the stored source
    writeTx(dir, alice, `(call ${contractAddress(alice.address, 0, 0)} 'enter 2)`, { nonce: 2 });
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    const e1 = json(cli(["block", "1", "--json"], { cwd: dir })).receipts[1].error;
    const e2 = json(cli(["block", "2", "--json"], { cwd: dir })).receipts[0].error;
    // the stored code has one definition a line: the error's line is the function's
    expect(e1).toMatch(/too small \(in Gate\.enter, at 2:\d+\)/);
    expect(e2).toBe(e1);
    const code = cli(["account", contractAddress(alice.address, 0, 0), "--code"], { cwd: dir }).stdout;
    expect(code).toContain('   1  (contract Gate\n   2    (defn enter (x) (assert (> x 10) "too small") x))');
    expect(json(cli(["verify", "--json"], { cwd: dir }))).toMatchObject({ ok: true, blocks: 2 });
  });
});
