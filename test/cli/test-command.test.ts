// `tinychain test` as a process: the examples' own tests pass through it (so `npm test` runs them), and a
// failing test says what was expected, what came, and where in the author's contract file.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TEST_BALANCE } from "../../src/testing/chain.ts";
import type { TraceFrame } from "../../src/tools/trace.ts";
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

  it("runs a helper whose name is a statement form's, called as that form never is (let without bindings)", () => {
    const dir = project({ "kw.test.lisp": "(defn let (x) (assert-eq x 1))\n(deftest t (let 1))\n" });
    const r = cli(["test", "kw.test.lisp"], { cwd: dir });
    expect(r.stdout).toContain("[PASS] t");
    expect(r.code).toBe(0);
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
    // every call counts, the aborted one and the one inside assert-eq too; the figure is named
    expect(r.stdout).toContain("gas of each call of a function, however deep (its body and its callees");
    expect(r.stdout).toMatch(/^function +min +avg +median +max +calls$/m);
    expect(r.stdout).toMatch(/^Clock\.tick( +\d+){4} +3$/m);
    expect(r.stdout).toMatch(/^Clock\.ticked-by( +\d+){4} +1$/m);
  });

  it("--gas-report lists every function called, however deep: in and, do, assert-eq, views, property cases", () => {
    const dir = project({
      "pair.lisp": `(contract Pair
  (defvar n 0)
  (defn- bump () (set! n (+ n 1)))
  (defn add (k) (set! n (+ n k)) n)
  (defview get-n () n))
`,
      "caller.lisp": `(contract Caller
  (defn twice (p) (call p 'add 1) (call p 'add 2)))
`,
      "pair.test.lisp": `(deftest nested
  (let ((p (deploy-file "pair.lisp"))
        (c (deploy-file "caller.lisp")))
    (and (call p 'add 1) (call p 'add 1))
    (do (call p 'add 5) (call p 'get-n))
    (call c 'twice p)
    (assert-eq 10 (call p 'get-n))))

(defprop adds ((k (int 0 9)))
  (let ((p (deploy-file "pair.lisp")))
    (assert-eq k (call p 'add k))))
`,
    });
    const r = cli(["test", "--gas-report", "--cases", "5", "--json"], { cwd: dir });
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(true);
    const calls = Object.fromEntries(
      doc.gasReport.map((g: { fn: string; calls: number }) => [g.fn, g.calls]),
    );
    // 2 in and + 1 in do + 2 from Caller.twice + 5 property cases; get-n in do and in assert-eq
    expect(calls).toEqual({ "Caller.twice": 1, "Pair.add": 10, "Pair.get-n": 2 });
    const add = doc.gasReport.find((g: { fn: string }) => g.fn === "Pair.add");
    expect(add.min).toBeLessThanOrEqual(add.median);
    expect(add.median).toBeLessThanOrEqual(add.max);
    expect(add.max).toBeLessThan(21_000); // the call's own gas, not its transaction's
    expect(doc.gasReportFigure).toContain("the transaction around a call adds 21,000");
  });

  it("one statement is one transaction: an aborting call in a do takes back the sneed sent with it", () => {
    const dir = project({
      "box.lisp": `(contract Box
  (defvar armed false)
  (defn arm () (set! armed true) (emit Armed) true)
  (defn take () (assert armed "not armed") (balance self)))
`,
      "box.test.lisp": `(deftest atomic
  (let ((b (deploy-file "box.lisp")))
    (expect-abort "not armed" (do (transfer b 5000) (call b 'take)))
    (assert-eq 0 (balance b))
    (do (call b 'arm) (transfer b 7))
    (assert-eq 7 (balance b))))
`,
    });
    const r = cli(["test", "--json", "--trace"], { cwd: dir });
    const [t] = JSON.parse(r.stdout).tests;
    expect(t.ok).toBe(true);
    // deploy, the aborted do, assert-eq, the do, assert-eq: five transactions, not seven
    expect(t.traces).toHaveLength(5);
    // and the console, where one input is one transaction
    const c = cli(["console"], {
      cwd: dir,
      input: '(def b (deploy-file "box.lisp"))\n(do (transfer b 5000) (call b \'take))\n(balance b)\n',
    });
    expect(c.stdout.split("\n").slice(1, 3)).toEqual([
      expect.stringContaining("error: status 1: Box.take: not armed"),
      "0",
    ]);
  });

  it("a payable call is one statement: the callee sees the value and the acting account, an abort returns the sneed", () => {
    const dir = project({
      "jar.lisp": `(contract Jar
  (defmap given)
  (defn give () (assert (> value 0) "empty-handed") (put! given sender (+ value (get given sender 0))) value)
  (defview given-by (who) (get given who 0)))
`,
      "jar.test.lisp": `(deftest payable
  (let ((j (deploy-file "jar.lisp")))
    (assert-eq 40 (call-value j 40 'give))
    (as bob (call-value j 2 'give))
    (expect-abort "empty-handed" (call-value j 0 'give))
    (as carol (expect-abort "insufficient balance" (call-value j (+ 1 (balance carol)) 'give)))
    (assert-eq (list 40 2 0 42)
               (list (call j 'given-by alice) (call j 'given-by bob) (call j 'given-by carol) (balance j)))))
`,
    });
    const r = cli(["test", "--json", "--trace"], { cwd: dir });
    const [t] = JSON.parse(r.stdout).tests;
    expect(t.ok, t.error).toBe(true);
    const gives = t.traces.flatMap((s: TraceFrame) =>
      s.steps.flatMap((x) => (x.op === "call" && x.frame.fn === "give" ? [x.frame] : [])),
    );
    // the value each call was sent; carol's overdraft aborted before her call ran
    expect(gives.map((f: TraceFrame) => [f.value, f.status])).toEqual([
      ["40", 0],
      ["2", 0],
      [undefined, 1],
      [(TEST_BALANCE + 1n).toString(), 1],
    ]);
    expect(gives[3].result).toMatch(/^insufficient balance: 0x[0-9a-f]{40} has 10{24} sneed, the call needs/);
  });

  it("events is the last transaction's: () when it emitted none", () => {
    const dir = project({
      "box.lisp": "(contract Box (defn arm () (emit Armed 1) true) (defn quiet () true))\n",
      "box.test.lisp": `(deftest events
  (let ((b (deploy-file "box.lisp")))
    (call b 'arm)
    (assert-eq '((Armed 1)) events)
    (call b 'quiet)
    (assert-eq () events)))
`,
    });
    expect(JSON.parse(cli(["test", "--json"], { cwd: dir }).stdout)).toMatchObject({ ok: true, passed: 1 });
  });

  it("a test file may hold helpers: programs as one transaction, statements as statements", () => {
    const dir = project({
      "box.lisp": `(contract Box
  (defvar armed false)
  (defn arm () (assert (= sender origin) "direct") (set! armed true) true)
  (defn take () (assert armed "not armed") (balance self)))
`,
      "box.test.lisp": `(defn new-box () (deploy-file "box.lisp"))
(defn fund (b n) (transfer b n) (call b 'take))
(defn arm-as (who b) (as who (call b 'arm)))

(deftest uses-helpers
  (let ((b (new-box)))
    (expect-abort "not armed" (fund b 10))
    (assert-eq 0 (balance b))
    (arm-as bob b)
    (assert-eq 7 (fund b 7))))

(deftest shares-them
  (let ((b (new-box)))
    (arm-as carol b)
    (assert-eq 3 (fund b 3))))
`,
    });
    const r = cli(["test", "--json"], { cwd: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, passed: 2, failed: 0 });
  });

  it("property tests: a failure shrunk to the minimal case, its own trace, and a re-run that reproduces it", () => {
    const dir = project({
      "p.test.lisp": `(defprop commutes ((a int) (b int))
  (assert-eq (+ a b) (+ b a)))

(defprop under-a-thousand ((x nat))
  (assert (< x 1000) (str "too big: " x)))
`,
    });
    const r = cli(["test", "--seed", "7", "--cases", "20", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    const [commutes, under] = JSON.parse(r.stdout).tests;
    expect(commutes).toMatchObject({ ok: true, cases: 20 });
    expect(under.error).toMatch(/^falsified after \d+ cases?, shrunk \d+ times, with x = 1000 \(re-run: /);
    expect(under.error).toContain(
      "re-run: tinychain test p.test.lisp --match under-a-thousand --seed 7 --cases 20)",
    );
    // the trace shown is the minimal case's, not another run's
    expect(under.traces).toHaveLength(1);
    expect(under.traces[0].result).toContain("too big: 1000");
    // the seed alone reproduces it, with or without --match
    const alone = JSON.parse(cli(["test", "--seed", "7", "--cases", "20", "--json"], { cwd: dir }).stdout);
    const matched = JSON.parse(
      cli(["test", "--match", "under", "--seed", "7", "--cases", "20", "--json"], { cwd: dir }).stdout,
    );
    expect(alone.tests[1].error).toBe(under.error);
    expect(matched.tests[0].error).toBe(under.error);
    // zero cases prove nothing: refused
    const none = cli(["test", "--cases", "0"], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--cases must be at least 1");
  });

  it("property generators: addresses (the test accounts among them), lists, strings, bounded ints", () => {
    const dir = project({
      "g.test.lisp": `(defprop kinds ((a address) (xs (list (int 1 5))) (s string) (k (int -3 3)) (ok bool))
  (assert (address? a) "an address")
  (assert (and (>= k -3) (<= k 3)) "in range")
  (assert (string? s) "a string")
  (assert (bool? ok) "a bool")
  (assert (< (len xs) 3) "short"))

(defprop some-account ((a address))
  (assert (not (= a bob)) "bob came"))

(defprop strings ((s string))
  (assert (< (len s) 2) "long"))

(defprop wrong ((x float))
  true)
`,
    });
    const r = cli(["test", "--seed", "3", "--cases", "200", "--json"], { cwd: dir });
    const [kinds, account, strings, wrong] = JSON.parse(r.stdout).tests;
    // each shrunk to its minimal case: a list of three of the least element, bob himself, two characters
    expect(kinds.error).toContain("xs = (1 1 1)");
    expect(kinds.error).toMatch(/: status 1: short/);
    expect(account.error).toContain("with a = 0x0000000000000000000000000000000000000b0b");
    expect(strings.error).toMatch(/with s = "..?"/);
    expect(wrong.error).toContain(
      "the type one of int, nat, bool, account, address, string, (int MIN MAX) or (list TYPE)",
    );
    // the human output names the test accounts
    expect(
      cli(["test", "--seed", "3", "--cases", "200", "--match", "some-account"], { cwd: dir }).stdout,
    ).toContain("with a = bob");
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
    // the trace names the test accounts
    expect(r.stdout).toMatch(/^ {2}Clock\.tick\(\) {2}\[gas \d+\] → bob$/m);
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
