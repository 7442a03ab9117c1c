// `tinychain check` as a process, and `deploy` refusing what it finds: the mistakes a new author makes
// (a misspelt form, a map that is not declared, a view that writes) found before anything runs, each
// at its line and column in the author's file.

import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchChain } from "../chain-helpers.ts";
import { cli, ROOT } from "../helpers.ts";

const BAD = `; a counter with mistakes
(contract Bad
  (defvar count 0)
  (defvar unused 1)
  (defmap owners)
  (defn- helper (x) (+ x 1))
  (defn- writer () (set! count 2))
  (defn increment ()
    (sett! count (+ count 1))
    (put! ownrs sender true)
    (increment 5)
    (get owners sender))
  (defview peek () (writer) count)
  (defview loud () (emit Peeked count) (let ((y 2)) count)))
`;

describe("tinychain check", () => {
  it("names each mistake at its line and column in the author's file, with did-you-mean", () => {
    const dir = scratchChain();
    writeFileSync(join(dir, "bad.lisp"), BAD);
    const r = cli(["check", "bad.lisp"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      "bad.lisp:4:11: warning W_UNUSED: variable unused is never read or set",
      "bad.lisp:6:10: warning W_UNUSED: private function helper is never called",
      "bad.lisp:9:6: error E_UNKNOWN_NAME: unknown name sett! (did you mean set!?)",
      "bad.lisp:10:11: error E_UNDECLARED: ownrs is not a declared map: declare it with (defmap ownrs), or did you mean owners?",
      "bad.lisp:11:5: error E_ARITY: increment takes 0 arguments, got 1",
      "bad.lisp:13:20: error E_VIEW_WRITES: view peek calls writer, which writes: a view only reads (use defn)",
      "bad.lisp:14:20: error E_VIEW_WRITES: view loud emits an event: a view only reads (use defn)",
      "bad.lisp:14:47: warning W_UNUSED: y is bound and never used (name it _y if that is meant)",
      "1 file: 5 errors, 3 warnings",
      "",
    ]);
  });

  it("reports the compiler's own refusals and syntax errors at the author's position, in --json", () => {
    const dir = scratchChain();
    writeFileSync(
      join(dir, "loop.lisp"),
      "(contract L\n  (defn f (n)\n    (loop ((i 0)) (+ 1 (recur (+ i 1))))))\n",
    );
    writeFileSync(join(dir, "open.lisp"), "(contract O\n  (defn f () 1)\n");
    writeFileSync(
      join(dir, "spin.lisp"),
      "(contract S\n  (defn f (n)\n    (loop ((i 0)) (if (< i n) (recur (+ i 1)) i))))\n",
    );
    const r = cli(["check", "--json", "loop.lisp", "open.lisp", "spin.lisp"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: false, errors: 2, warnings: 0 });
    expect(doc.files[0]).toMatchObject({
      file: "loop.lisp",
      findings: [
        {
          line: 3,
          col: 24,
          severity: "error",
          code: "E_COMPILE",
          message: "recur must be in tail position of its loop",
        },
      ],
    });
    // the gas bound names the loop that has none
    expect(doc.files[0].bounds).toEqual([]);
    expect(doc.files[2].bounds).toEqual([
      { contract: "S", fn: "f", pos: { line: 2, col: 9 }, unbounded: "loop", at: { line: 3, col: 5 } },
    ]);
    expect(doc.files[1].findings[0]).toMatchObject({ line: 3, code: "E_SYNTAX" });
    expect(doc.files[1].findings[0].message).toContain('expected ")"');
  });

  it("finds nothing in the examples, and prints each function's gas bound", () => {
    const examples = readdirSync(join(ROOT, "examples")).filter(
      (f) => f.endsWith(".lisp") && !f.endsWith(".test.lisp"),
    );
    const r = cli(["check", ...examples.map((f) => join("examples", f))]);
    expect(r.stdout.endsWith(`${examples.length} files: 0 errors, 0 warnings\n`)).toBe(true);
    expect(r.stdout).toContain("examples/token.lisp: gas of one call");
    expect(r.stdout).toMatch(
      // call 15 + 1 argument + storageRead 400 (issue 29's prices)
      / {2}Token\.balance-of +≤ 416 gas \+ 2\/byte read \+ 1\/byte of a string \+ 2\/node of data\n/,
    );
    expect(r.stdout).toContain(
      "Multisig.owner?          unbounded: fold over a list of unknown length at examples/multisig.lisp:12:23",
    );
    expect(r.code).toBe(0);
  });

  it("checks programs too, and says so of a missing file", () => {
    const dir = scratchChain();
    writeFileSync(join(dir, "p.lisp"), "(let ((x 1))\n  (+ x y))\n");
    expect(cli(["check", "p.lisp"], { cwd: dir }).stdout).toContain(
      "p.lisp:2:8: error E_UNKNOWN_NAME: unknown name y",
    );
    const missing = cli(["check", "nope.lisp"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("file nope.lisp does not exist");
  });

  it("deploy refuses a contract with errors, prints its warnings, and --force deploys anyway", () => {
    const dir = scratchChain();
    writeFileSync(join(dir, "bad.lisp"), BAD);
    const refused = cli(["deploy", "--key", "alice.json", "bad.lisp"], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("bad.lisp:9:6: error E_UNKNOWN_NAME");
    expect(refused.stderr).toContain("bad.lisp has 5 errors (above); fix them, or pass --force");
    expect(readdirSync(join(dir, "txs")).filter((f) => f.endsWith(".json"))).toEqual([]);
    // what compiles but cannot work (an unknown name fails only when called) is deployed when forced
    writeFileSync(join(dir, "typo.lisp"), "(contract T\n  (defn f () (lenn 1)))\n");
    expect(cli(["deploy", "--key", "alice.json", "typo.lisp"], { cwd: dir }).code).toBe(1);
    const forced = cli(["deploy", "--key", "alice.json", "typo.lisp", "--force"], { cwd: dir });
    expect(forced.stderr).toContain(
      "typo.lisp:2:15: error E_UNKNOWN_NAME: unknown name lenn (did you mean len?)",
    );
    expect(forced.code).toBe(0);
    writeFileSync(join(dir, "warn.lisp"), "(contract W\n  (defvar spare 0)\n  (defn f () 1))\n");
    const warned = cli(["deploy", "--key", "alice.json", "warn.lisp", "--nonce", "1"], { cwd: dir });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain("warn.lisp:2:11: warning W_UNUSED: variable spare is never read or set");
  });

  it("a contract the chain must refuse for its size: check names it, deploy refuses it even with --force", () => {
    const dir = scratchChain();
    // data over 32 KiB (a comment counts: the data is the file as written), and data under it whose
    // transaction file is over 64 KiB (each backslash is two bytes in JSON)
    writeFileSync(join(dir, "long.lisp"), `(contract Long ;${"x".repeat(33_000)}\n  (defn f () 1))\n`);
    writeFileSync(join(dir, "escaped.lisp"), `(contract Esc ;${"\\".repeat(32_726)}\n  (defn f () 1))\n`);
    const r = cli(["check", "long.lisp", "escaped.lisp"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "long.lisp:1:1: error E_TX_SIZE: its deploy transaction would carry 33042 bytes of data (its text as written, comments too), over the chain's limit of 32768 (32 KiB)\n",
    );
    expect(r.stdout).toMatch(
      /^escaped\.lisp:1:1: error E_TX_SIZE: its deploy transaction would be a file of 6\d{4} bytes, over the chain's limit of 65536 \(64 KiB\)/m,
    );
    expect(JSON.parse(cli(["check", "long.lisp", "--json"], { cwd: dir }).stdout).files[0].findings).toEqual([
      expect.objectContaining({ line: 1, col: 1, severity: "error", code: "E_TX_SIZE" }),
    ]);
    for (const file of ["long.lisp", "escaped.lisp"])
      for (const force of [[], ["--force"]]) {
        const d = cli(["deploy", "--key", "alice.json", file, ...force], { cwd: dir });
        expect(d.code).toBe(1);
        expect(d.stderr).toMatch(
          new RegExp(
            `^tinychain: ${file}: its deploy transaction would .* over the chain's limit of \\d+`,
            "m",
          ),
        );
        expect(d.stderr).toContain("the chain refuses it: --force cannot write it");
        expect(d.stderr.match(/over the chain's limit/g)).toHaveLength(1); // said once
      }
    // any transaction command: tx --data as well
    const tx = cli(
      ["tx", "--key", "alice.json", "--data", `(do ${"1 ".repeat(17_000)})`, "--force", "--json"],
      { cwd: dir },
    );
    expect(tx.code).toBe(1);
    expect(JSON.parse(tx.stdout).error).toMatchObject({
      code: "E_TX_SIZE",
      message: expect.stringMatching(
        /^the transaction would carry 34005 bytes of data .*limit of 32768 \(32 KiB\)$/,
      ),
    });
    expect(readdirSync(join(dir, "txs")).filter((f) => f.endsWith(".json"))).toEqual([]);
  });

  it("did you mean a name ending in ?: one question mark; (get m) on a map: E_ARITY, and no gas bound", () => {
    const dir = scratchChain();
    writeFileSync(
      join(dir, "maps.lisp"),
      "(contract M\n  (defmap m)\n  (defn f (k) (hass? k))\n  (defn g () (get m)))\n",
    );
    const r = cli(["check", "maps.lisp"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([
      "maps.lisp:3:16: error E_UNKNOWN_NAME: unknown name hass? (did you mean has?)",
      "maps.lisp:4:14: error E_ARITY: get takes 2 to 3 arguments, got 1",
    ]);
    expect(r.stdout).not.toContain("gas of one call");
  });
});
