// `tinychain validate` shows what transactions wrote without letting it act: `--markdown` (the pull
// request's comment) renders it inert, and the terminal text carries no escape sequence or bidi
// control of theirs (ESC would recolour or retitle the terminal, U+202E reverse what follows).

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contractAddress } from "../../src/chain/state.ts";
import { visibleText } from "../../src/client/display.ts";
import { toChecksumAddress } from "../../src/crypto/address-case.ts";
import { printString } from "../../src/lang/printer.ts";
import { alice } from "../chain/fixtures.ts";
import { scratchChain, writeTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { COMMENT_TAGS, HOSTILE, HOSTILE_SYMBOLS, hostilePrograms, inertProblems } from "../report/hostile.ts";

/** A few of the hostile strings (the comment keeps to GitHub's size limit), controls among them. */
const SOME = HOSTILE.filter((h) => /Claim|<img|@everyone$|\| a|---|``|\u202E|\u001b|\u0000/u.test(h));

/** A chain whose pending transactions write SOME everywhere, and files named with them. */
function hostileChain(): string {
  const dir = scratchChain();
  SOME.forEach((h, i) => {
    const p = hostilePrograms(h, HOSTILE_SYMBOLS[i]!, HOSTILE_SYMBOLS[i + 1]!);
    writeTx(dir, alice, p.call, { nonce: 2 * i, gasLimit: 1_000_000 });
    writeTx(dir, alice, p.abort, { nonce: 2 * i + 1 });
    // a file name can hold anything but "/" and NUL
    if (!/[/\u0000]/.test(h)) writeFileSync(join(dir, "txs", `${h}.json`), h);
  });
  return dir;
}

const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe("tinychain validate", () => {
  const dir = hostileChain();

  it("--markdown: the comment shows every text of the transactions inert and readable", () => {
    const r = cli(["validate", "--markdown"], { cwd: dir });
    expect(r.code).toBe(1); // the aborts
    expect(r.stdout).not.toContain("left out");
    const readable = SOME.flatMap((h) => [
      [...printString(h)].slice(0, 40).join(""),
      [...h].slice(0, 40).join(""),
    ]);
    expect(inertProblems(r.stdout, { tags: COMMENT_TAGS, readable })).toEqual([]);
  });

  it("prints text for a terminal: no control character of theirs, their text escaped and readable", () => {
    const r = cli(["validate"], { cwd: dir });
    expect(r.code).toBe(1);
    const controls = [...r.stdout].filter((c) => c !== "\n" && CONTROL.test(c));
    expect(controls.map(visibleText)).toEqual([]);
    for (const h of SOME) {
      expect(r.stdout).toContain(visibleText(h)); // the abort message
      expect(r.stdout).toContain(visibleText(printString(h))); // returned, stored, emitted
    }
    // the contract that emitted, as EIP-55 spells its address
    expect(r.stdout).toContain(`) from ${toChecksumAddress(contractAddress(alice.address, 0, 0))}\n`);
  });

  it("--json: the same data, with JSON's own escapes for what a terminal would act on", () => {
    const r = cli(["validate", "--json"], { cwd: dir });
    expect([...r.stdout].filter((c) => c !== "\n" && CONTROL.test(c)).map(visibleText)).toEqual([]);
    const doc = JSON.parse(r.stdout) as { results: { receipt: { error: string | null } | null }[] };
    const errors = doc.results.map((x) => x.receipt?.error);
    for (const h of SOME) expect(errors).toContain(`${h} (in script, at 1:1)`);
  });
});
