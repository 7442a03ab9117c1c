// The fan-out layout of state/ (docs/state.md): accounts by the first two bytes of their address,
// blocks a thousand to a folder, so no folder holds more than 1,000 entries at any scale a year
// reaches; paths and numbers go both ways.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accountPath, blockNumberOfPath, blockPath, Snapshot } from "../../src/store/snapshot.ts";
import { alice } from "../chain/fixtures.ts";
import { scratchChain } from "../chain-helpers.ts";

describe("the state/ layout", () => {
  it("accounts fan out by the first two bytes of the address", () => {
    const a = "0xabcdef0000000000000000000000000000000001";
    expect(accountPath(a)).toBe(`state/accounts/ab/cd/${a}.json`);
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
    mkdirSync(join(dir, "state/accounts/00/00"), { recursive: true });
    writeFileSync(join(dir, `state/accounts/00/00/${alice.address}.json`), "{}");
    expect(new Snapshot(dir).allAddresses()).toEqual(before);
  });
});
