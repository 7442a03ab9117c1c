// `tinychain test` as a process: the examples' own tests pass through it (so `npm test` runs them), and a
// failing test says what was expected, what came, and where in the author's contract file.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bob } from "../chain/fixtures.ts";
import { scratchChain } from "../chain-helpers.ts";
import { CLI, cli } from "../helpers.ts";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-tests-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const BROKEN = `; a contract with a mistake on line 5
(contract Broken
  (defvar n 0)
  (defn bump (k)
    (set! n (+ n (check-limit k)))
    n)
  (defview value () n))
`;

describe("tinychain test", () => {
  it("runs the examples' tests: every one passes, with its gas", () => {
    const r = cli(["test", "examples", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.failed).toBe(0);
    expect(doc.passed).toBeGreaterThanOrEqual(17);
    expect(new Set(doc.tests.map((t: { file: string }) => t.file.replace(/^examples\//, "")))).toEqual(
      new Set([
        "counter.test.lisp",
        "escrow.test.lisp",
        "multisig.test.lisp",
        "registry.test.lisp",
        "token.test.lisp",
        "vault.test.lisp",
      ]),
    );
    for (const t of doc.tests) expect(t.gas).toBeGreaterThan(21_000);
    expect(r.code).toBe(0);
  });

  it("a failure shows expected against actual, and a contract's error at its line in the author's file", () => {
    const dir = project({
      "broken.lisp": BROKEN,
      "broken.test.lisp": `(deftest counts
  (let ((c (deploy-file "broken.lisp")))
    (assert-eq 0 (call c 'value))
    (assert-eq 1 (call c 'value))))

(deftest bumps
  (let ((c (deploy-file "broken.lisp")))
    (call c 'bump 2)))

(deftest aborts
  (let ((c (deploy-file "broken.lisp")))
    (expect-abort (call c 'value))))
`,
    });
    const r = cli(["test"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "[FAIL] counts\n         assert-eq at 4:5: expected 1, got 0 ((call c (quote value)))",
    );
    expect(r.stdout).toContain("unknown name check-limit (in Broken.bump, at broken.lisp:5:19)");
    // and what its failing transaction did, call by call
    expect(r.stdout).toMatch(
      /^ +Broken\.bump\(2\) {2}\[gas \d+\] ✗ runtime error: unknown name check-limit/m,
    );
    expect(r.stdout).toContain(
      "[FAIL] aborts\n         expected an abort, but every statement succeeded (at 12:5)",
    );
    expect(r.stdout).toContain("0 passed, 3 failed (1 file,");
    // --match runs only the tests whose name contains it
    const one = cli(["test", "--match", "bump", "--json"], { cwd: dir });
    expect(JSON.parse(one.stdout).tests.map((t: { name: string }) => t.name)).toEqual(["bumps"]);
  });

  it("acts as other accounts, advances blocks, and reports gas per function", () => {
    const dir = project({
      "clock.lisp": `(contract Clock
  (defvar last 0)
  (defvar who nil)
  (defn tick () (assert (> block-number last) "one tick a block") (set! last block-number) (set! who sender))
  (defview ticked-by () who))
`,
      "clock.test.lisp": `(deftest one-tick-a-block
  (let ((c (deploy-file "clock.lisp")))
    (call c 'tick)
    (expect-abort "one tick a block" (as bob (call c 'tick)))
    (next-block)
    (as bob (call c 'tick))
    (assert-eq bob (call c 'ticked-by))
    (call c 'nope)))
`,
    });
    const r = cli(["test", "--gas-report"], { cwd: dir });
    // the last statement fails: a test's own line, in the test file
    expect(r.stdout).toContain("has no function nope (at clock.test.lisp:8:5)");
    // every statement that is one call counts, the aborted one too
    expect(r.stdout).toMatch(/Clock\.tick\s+3\s+\d+\s+\d+\s+\d+/);
    expect(r.stdout).toMatch(/Clock\.nope\s+1\s/);
  });

  it("property tests: seeded cases, a failure shrunk and its seed printed to re-run", () => {
    const dir = project({
      "p.test.lisp": `(defprop under-a-thousand ((x nat))
  (assert (< x 1000) "too big"))

(defprop commutes ((a int) (b int))
  (assert-eq (+ a b) (+ b a)))
`,
    });
    const r = cli(["test", "--seed", "7", "--cases", "20", "--json"], { cwd: dir });
    const [under, commutes] = JSON.parse(r.stdout).tests;
    expect(commutes).toMatchObject({ ok: true, cases: 20 });
    const x = Number(/with x = (\d+)/.exec(under.error)?.[1]);
    // shrunk by halving: the smallest failing value on its way to zero
    expect(x).toBeGreaterThanOrEqual(1000);
    expect(x).toBeLessThan(2000);
    expect(under.error).toContain("re-run with --seed 7");
    // the same seed, the same cases
    expect(
      JSON.parse(cli(["test", "--seed", "7", "--cases", "20", "--json"], { cwd: dir }).stdout).tests[0].error,
    ).toBe(under.error);
    expect(r.code).toBe(1);
  });

  it("new scaffolds a contract whose checks are clean and whose tests pass", () => {
    const dir = project({});
    const made = cli(["new", "guest-book"], { cwd: dir });
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("wrote guest-book/guest-book.test.lisp");
    const here = join(dir, "guest-book");
    expect(cli(["check", "guest-book.lisp"], { cwd: here }).stdout).toContain(
      "1 file: 0 errors, 0 warnings\n",
    );
    const ran = cli(["test", "--json"], { cwd: here });
    expect(JSON.parse(ran.stdout)).toMatchObject({ ok: true, failed: 0, passed: 3 });
    expect(cli(["new", "guest-book"], { cwd: dir }).stderr).toContain("guest-book already exists");
    expect(cli(["new", "Bad Name"], { cwd: dir }).code).toBe(2);
  });

  it("a misused test form is a failing test with one sentence, not a crash", () => {
    const dir = project({
      "m.test.lisp": `(deftest a (def x))
(deftest b (expect-status 9 (abort "x")))
(deftest c (next-block "soon"))
(deftest d (as 42 1))
`,
    });
    const r = cli(["test", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).tests.map((t: { error: string }) => t.error)).toEqual([
      'def takes a name and a value: (def t (deploy-file "token.lisp")) (at 1:12)',
      "expect-status takes a status from 1 to 3, then statements (at 2:12)",
      "next-block takes nothing or a count of blocks ≥ 1 (at 3:12)",
      "as takes an address, got 42 (at 4:12)",
    ]);
  });

  it("deploy-file reads only regular files under the test's folder, up to 64 KiB: anything else fails the test", () => {
    const outside = project({ "secret.lisp": "(contract Secret (defvar key 42))" });
    const dir = project({
      "big.lisp": `(contract Big (defvar s "${"x".repeat(64 * 1024)}"))`,
      "ok.lisp": "(contract Ok (defview v () 1))",
    });
    symlinkSync(join(outside, "secret.lisp"), join(dir, "link.lisp"));
    symlinkSync("/dev/zero", join(dir, "zero.lisp"));
    mkdirSync(join(dir, "sub"));
    spawnSync("mkfifo", [join(dir, "fifo.lisp")]);
    const cases: [string, string][] = [
      ["dev-zero", "/dev/zero"],
      ["absolute", join(dir, "ok.lisp")],
      ["escape", `../${outside.split("/").pop()}/secret.lisp`],
      ["link-out", "link.lisp"],
      ["link-zero", "zero.lisp"],
      ["fifo", "fifo.lisp"],
      ["folder", "sub"],
      ["big", "big.lisp"],
      ["missing", "nope.lisp"],
      ["inside", "sub/../ok.lisp"],
    ];
    writeFileSync(
      join(dir, "files.test.lisp"),
      cases
        .map(
          ([name, path]) => `(deftest ${name} (let ((c (deploy-file "${path}"))) (assert-eq 1 (call c 'v))))`,
        )
        .join("\n"),
    );
    // a hang would block spawnSync: the timeout turns it into a failure of this test
    const r = spawnSync(process.execPath, [CLI, "test", "--json"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    const errors = Object.fromEntries(
      JSON.parse(r.stdout).tests.map((t: { name: string; error?: string }) => [t.name, t.error ?? "ok"]),
    );
    const outsideOf = (path: string) =>
      `E_FILE: deploy-file "${path}": resolves to ${path.endsWith("zero.lisp") ? "/dev/zero" : ""}`;
    expect(errors).toMatchObject({
      "dev-zero":
        'E_FILE: deploy-file "/dev/zero": a path relative to the test\'s folder is expected, not an absolute one',
      absolute: expect.stringContaining("not an absolute one"),
      escape: expect.stringMatching(
        /^E_FILE: deploy-file "\.\.\/.*": resolves to .*secret\.lisp, outside the test's folder/,
      ),
      "link-out": expect.stringMatching(
        /resolves to .*secret\.lisp, outside the test's folder .*; only files under it are read$/,
      ),
      "link-zero": expect.stringContaining(`${outsideOf("zero.lisp")}, outside the test's folder`),
      fifo: 'E_FILE: deploy-file "fifo.lisp": not a regular file (a device, a FIFO or a folder is never read)',
      folder: 'E_FILE: deploy-file "sub": not a regular file (a device, a FIFO or a folder is never read)',
      big: 'E_FILE: deploy-file "big.lisp": over the limit of 65536 bytes (64 KiB)',
      missing: 'E_FILE: deploy-file "nope.lisp": no such file',
      inside: "ok",
    });
    // nothing of the outside file reaches the output
    expect(r.stdout).not.toContain("Secret");
  });

  it("a test file that is not a regular file is a failing test, not a hang", () => {
    const dir = project({});
    symlinkSync("/dev/zero", join(dir, "zero.test.lisp"));
    const r = spawnSync(process.execPath, [CLI, "test", "--json"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).tests).toEqual([
      expect.objectContaining({
        name: "(reading the file)",
        ok: false,
        error: expect.stringContaining("not a regular file"),
      }),
    ]);
  });

  it("says when there is nothing to run", () => {
    const r = cli(["test"], { cwd: project({ "a.lisp": "(+ 1 2)" }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no *.test.lisp files under .");
  });
});

describe("tinychain console", () => {
  const consoleRun = (input: string, args: string[] = [], cwd?: string) =>
    cli(["console", ...args], { input, ...(cwd ? { cwd } : {}) });

  it("keeps its state between inputs: deploy, call, act as another account, next block, trace", () => {
    const dir = project({
      "clock.lisp": `(contract Clock
  (defvar last 0)
  (defn tick () (assert (> block-number last) "one tick a block") (set! last block-number) sender))
`,
    });
    const r = consoleRun(
      [
        '(def c (deploy-file "clock.lisp"))',
        "(call c",
        "  'tick)",
        ":as bob",
        "(call c 'tick)",
        "(next-block)",
        ":trace on",
        "(call c 'tick)",
        ":trace off",
        ":storage c",
        ":quit",
      ].join("\n"),
      [],
      dir,
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^tinychain console on a scratch chain; acting as 0x0+a11ce\./);
    expect(lines).toContain("0x00000000000000000000000000000000000a11ce");
    expect(lines).toContain(
      "error: status 1: Clock.tick: one tick a block (in Clock.tick, at clock.lisp:3:17)",
    );
    expect(lines).toContain("0x0000000000000000000000000000000000000b0b");
    expect(r.stdout).toMatch(/^ {2}Clock\.tick\(\) {2}\[gas \d+\] → 0x0+b0b$/m);
    expect(lines).toContain("last = 2"); // :storage, after the second block's tick
    // --json: a line per answer, for programs that drive it
    const json = consoleRun('(+ 1 2)\n(abort "no")\n', ["--json"])
      .stdout.trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(json.slice(1)).toEqual([{ value: "3" }, { error: expect.stringContaining("status 1: no") }]);
  });

  it("on a chain's head: --chain reads it (changes dropped), --fork keeps changes in memory, nothing written", () => {
    const dir = scratchChain();
    const before = readFileSync(join(dir, "state/head.json"), "utf8");
    const input = `(transfer ${bob.address} 5)\n(balance ${bob.address})\n`;
    const read = consoleRun(input, ["--chain", dir]).stdout.split("\n");
    const fork = consoleRun(input, ["--fork", "--chain", dir]).stdout.split("\n");
    expect(read[0]).toContain("at block 0 (read-only");
    expect(fork[0]).toContain("a fork of");
    expect(Number(fork[2]) - Number(read[2])).toBe(5);
    expect(readFileSync(join(dir, "state/head.json"), "utf8")).toBe(before);
    expect(readdirSync(join(dir, "txs")).filter((f) => f.endsWith(".json"))).toEqual([]);
  });
});
