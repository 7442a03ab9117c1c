// The fan-out layout of state/ (docs/state.md): accounts by the first two bytes of their address,
// blocks a thousand to a folder, so no folder holds more than 1,000 entries at any scale a year
// reaches; paths and numbers go both ways.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bytesToHex, utf8 } from "../../src/crypto/hex.ts";
import { keccak256 } from "../../src/crypto/keccak.ts";
import {
  accountPath,
  blockNumberOfPath,
  blockPath,
  Snapshot,
  storagePath,
} from "../../src/store/snapshot.ts";
import { alice, bob, SNEED } from "../chain/fixtures.ts";
import { commitAll, scratchChain, writeTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

describe("the state/ layout", () => {
  it("accounts fan out by the first four hex digits of the address, one a folder", () => {
    const a = "0xabcdef0000000000000000000000000000000001";
    expect(accountPath(a)).toBe(`state/accounts/a/b/c/d/${a}.json`);
  });

  it("blocks go a thousand to a folder, and back from their path", () => {
    expect(blockPath(0)).toBe("state/blocks/000/000/00000000.json");
    expect(blockPath(1234)).toBe("state/blocks/000/001/00001234.json");
    expect(blockPath(105_000)).toBe("state/blocks/000/105/00105000.json");
    expect(blockPath(12_345_678)).toBe("state/blocks/012/345/12345678.json");
    for (const n of [0, 999, 1000, 1234, 999_999, 1_000_000, 12_345_678])
      expect(blockNumberOfPath(blockPath(n))).toBe(n);
    expect(blockNumberOfPath("state/blocks/000/002/00001234.json")).toBeUndefined(); // wrong folder
    expect(blockNumberOfPath("state/blocks/00001234.json")).toBeUndefined();
  });

  it("a folder of blocks closes at 1,000 entries, a folder of folders at 1,000 folders", () => {
    const folder = (n: number) => blockPath(n).split("/").slice(0, -1).join("/");
    expect(folder(999)).toBe(folder(0));
    expect(folder(1000)).not.toBe(folder(999));
    expect(folder(999_999).split("/")[2]).toBe("000");
    expect(folder(1_000_000).split("/")[2]).toBe("001");
  });

  it("only files at their own path are accounts", () => {
    const dir = scratchChain();
    const before = new Snapshot(dir).allAddresses();
    expect(before).toContain(alice.address);
    // a copy of an account file in another folder is not an account
    mkdirSync(join(dir, "state/accounts/0/0/0/0"), { recursive: true });
    writeFileSync(join(dir, `state/accounts/0/0/0/0/${alice.address}.json`), "{}");
    expect(new Snapshot(dir).allAddresses()).toEqual(before);
  });

  it("a storage entry is its own file, named by the hash of its key, under its contract", () => {
    const key = `(balances ${alice.address})`;
    const h = bytesToHex(keccak256(utf8(key)));
    expect(storagePath(SNEED, key)).toBe(
      `state/storage/0/0/0/0/${SNEED}/${h[0]}/${h[1]}/${h[2]}/${h[3]}/${h}.json`,
    );
  });

  it("a block writes the slots it changed and the account's storageRoot, nothing else of the contract", () => {
    const dir = scratchChain();
    const before = new Snapshot(dir);
    const root0 = before.accountFile(SNEED)!.storageRoot;
    expect(root0).toMatch(/^0x[0-9a-f]{64}$/);
    expect(before.storage(SNEED, "minter")).toBe(alice.address);
    writeTx(dir, alice, `(call ${SNEED} 'transfer ${bob.address} 5)`);
    commitAll(dir);
    const r = cli(["apply", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    const diff = spawnSync(
      "git",
      ["status", "--porcelain", "-uall", "--", "state/storage", "state/accounts/0/0/0/0"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    ).stdout;
    const paths = diff
      .trimEnd()
      .split("\n")
      .map((l) => l.slice(3))
      .sort();
    // the fee's burn wrote `burned` and `supply`; `minter` is untouched; the account holds the new root
    expect(paths).toEqual(
      [accountPath(SNEED), storagePath(SNEED, "burned"), storagePath(SNEED, "supply")].sort(),
    );
    const after = new Snapshot(dir);
    expect(after.accountFile(SNEED)!.storageRoot).not.toBe(root0);
    expect(BigInt(after.storage(SNEED, "burned")!)).toBeGreaterThan(0n);
    expect(after.storageEntries(SNEED).map((e) => e[0])).toEqual(["burned", "minter", "supply"]);
    expect(after.storageOwners()).toEqual([SNEED]);
  });
});
