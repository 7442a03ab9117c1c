// The author's tools of issue 25, as processes: invariant tests (definvariant) find a broken invariant
// and print the shrunk sequence as a test that fails when pasted; `test --coverage` reports the lines,
// branches and functions the tests ran, in the terminal and as lcov; `check` on a test file checks it as
// one (the test forms and names known, the author's mistakes still found).

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-invariant-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

// a token whose transfer reads both balances before writing either: sending to yourself mints
const LEAKY = `(contract Leaky
  (defvar supply 0)
  (defmap balances)
  (defn mint (to amount)
    (put! balances to (+ amount (get balances to 0)))
    (set! supply (+ supply amount)))
  (defn transfer (to amount)
    (let ((a (get balances sender 0))
          (b (get balances to 0)))
      (assert (>= a amount) "insufficient balance")
      (put! balances sender (- a amount))
      (put! balances to (+ b amount))))
  (defview balance-of (who) (get balances who 0))
  (defview total-supply () supply))
`;

const INVARIANT = `(definvariant supply-is-the-sum ((to account) (n (int 0 500)))
  (setup
    (def t (deploy-file "leaky.lisp"))
    (call t 'mint alice 1000))
  (action (call t 'transfer to n))
  (invariant
    (assert-eq (call t 'total-supply)
               (fold + 0 (map (fn (a) (call t 'balance-of a)) (list alice bob carol dave eve))))))
`;

describe("tinychain test: definvariant", () => {
  it("finds the broken invariant, shrinks the sequence to one step, and prints a test that fails when pasted", () => {
    const dir = project({ "leaky.lisp": LEAKY, "leaky.test.lisp": INVARIANT });
    const r = cli(["test", "--seed", "3"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("[FAIL] supply-is-the-sum");
    expect(r.stdout).toMatch(
      /a sequence of 1 step breaks it \(run \d+ of 100, shrunk \d+ times; re-run: tinychain test leaky\.test\.lisp --match supply-is-the-sum --seed 3 --cases 100 --depth 20\): the invariant broke after step 1: assert-eq at 7:5: expected 1000, got 1001/,
    );
    // the minimal sequence: alice sends 1 to herself
    const lines = r.stdout.split("\n");
    const from = lines.indexOf("         the shrunk sequence, as a test to paste:") + 1;
    const rest = lines.slice(from);
    const test = rest.slice(
      0,
      rest.findIndex((l) => !l.startsWith(" ".repeat(11))),
    );
    const pasted = `${test.map((l) => l.slice(11)).join("\n")}\n`;
    expect(pasted).toMatch(/^\(deftest supply-is-the-sum-counterexample\n/);
    expect(pasted).toContain("(as alice (call t 'transfer alice 1))");
    writeFileSync(join(dir, "pasted.test.lisp"), pasted);
    const again = cli(["test", "pasted.test.lisp"], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("expected 1000, got 1001");
    // the re-run command reproduces it exactly
    const rerun = cli(
      [
        "test",
        "leaky.test.lisp",
        "--match",
        "supply-is-the-sum",
        "--seed",
        "3",
        "--cases",
        "100",
        "--depth",
        "20",
      ],
      { cwd: dir },
    );
    expect(rerun.stdout).toBe(
      r.stdout.replace(/\(1 file, \d+ ms\)/, rerun.stdout.match(/\(1 file, \d+ ms\)/)![0]),
    );
  });

  it("passes on the examples' token and escrow, counting calls and reverts, in the snapshot too", () => {
    const r = cli(["test", "examples", "--match", "-", "--json"]);
    const doc = JSON.parse(r.stdout);
    const inv = doc.tests.filter((t: { steps?: unknown }) => t.steps);
    expect(inv.map((t: { name: string }) => t.name).sort()).toEqual([
      "keeps-every-sneed",
      "supply-is-the-sum-of-balances",
    ]);
    for (const t of inv) {
      expect(t.ok).toBe(true);
      expect(t.steps.calls).toBeGreaterThan(t.steps.reverts);
    }
    expect(readFileSync("examples/.gas-snapshot", "utf8")).toMatch(
      /^token\.test\.lisp:supply-is-the-sum-of-balances \(runs: 100, calls: \d+, reverts: \d+, μ: \d+, ~: \d+\)$/m,
    );
  });

  it("refuses a malformed definvariant and a depth of 0", () => {
    const dir = project({ "x.test.lisp": "(definvariant empty ((n nat)) (setup (def a 1)))\n" });
    const r = cli(["test"], { cwd: dir });
    expect(r.stdout).toContain("a definvariant needs at least one (action …) and one (invariant …) (at 1:1)");
    expect(cli(["test", "--depth", "0"], { cwd: dir }).code).toBe(2);
  });
});

const BRANCHY = `(contract Branchy
  (defvar n 0)
  (defn pick (x)
    (if (> x 10)
        (set! n 1)
        (set! n 2))
    n)
  (defn guard (x)
    (assert (> x 0) "positive")
    x)
  (defn never ()
    (set! n 99)))
`;

describe("tinychain test --coverage", () => {
  it("reports the lines, branches and functions the tests ran, at the author's lines, and writes lcov", () => {
    const dir = project({
      "branchy.lisp": BRANCHY,
      "branchy.test.lisp": `(deftest some
  (def b (deploy-file "branchy.lisp"))
  (call b 'pick 20)
  (call b 'guard 1)
  (expect-abort (call b 'guard 0)))
`,
    });
    const r = cli(["test", "--coverage", "--coverage-lcov", "lcov.info"], { cwd: dir });
    expect(r.code).toBe(0);
    // 8 lines hold code (2, 4-7, 9-10, 12); the never-called function's line and the else arm are not run
    expect(r.stdout).toMatch(/^branchy\.lisp +75\.00% \(6\/8\) +75\.00% \(3\/4\) +66\.67% \(2\/3\) +6, 12$/m);
    expect(r.stdout).toContain("branchy.lisp: branches not taken: 4:5 else");
    const info = readFileSync(join(dir, "lcov.info"), "utf8");
    expect(info).toContain("SF:branchy.lisp\n");
    expect(info).toContain("FNDA:0,Branchy.never\n");
    expect(info).toContain("BRDA:4,0,0,1\nBRDA:4,0,1,0\n");
    expect(info).toContain("BRDA:9,1,0,1\nBRDA:9,1,1,1\n"); // the assert passed once and failed once
    expect(info).toContain("DA:12,0\n");
    expect(info).toMatch(/LF:8\nLH:6\nend_of_record\n$/);
    // the tests' results and gas are those of a run without coverage
    const plain = JSON.parse(cli(["test", "--json"], { cwd: dir }).stdout);
    const covered = JSON.parse(cli(["test", "--json", "--coverage"], { cwd: dir }).stdout);
    expect(covered.tests.map((t: { gas: number }) => t.gas)).toEqual(
      plain.tests.map((t: { gas: number }) => t.gas),
    );
    expect(covered.coverage[0].uncovered).toEqual([6, 12]);
  });
});

describe("tinychain check on a test file", () => {
  it("knows the test forms and names, and still finds the author's mistakes at their lines", () => {
    expect(cli(["check", "examples/token.test.lisp", "examples/escrow.test.lisp"]).code).toBe(0);
    const dir = project({
      "token.lisp": readFileSync("examples/token.lisp", "utf8"),
      "bad.test.lisp": `(defn fund-as (who e n) (as who (do (transfer e n) (call e 'fund))))
(deftest typos
  (def t (deploy-file "token.lisp"))
  (def unused 5)
  (call t 'mint alcie 100)
  (fund-as bob t 5)
  (assert-eq 1 2 3))
(definvariant inv ((n nat))
  (setup (def e (deploy-file "missing.lisp")))
  (action (call e 'f n m))
  (invariant (assert-eq 1 1)))
`,
    });
    const r = cli(["check", "bad.test.lisp"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split("\n")).toEqual([
      "bad.test.lisp:4:8: warning W_UNUSED: unused is bound and never used (name it _unused if that is meant)",
      "bad.test.lisp:5:17: error E_UNKNOWN_NAME: unknown name alcie",
      "bad.test.lisp:7:3: error E_ARITY: assert-eq takes an expected and an actual value",
      "bad.test.lisp:9:30: error E_FILE: deploy-file missing.lisp: no such file beside the test file",
      "bad.test.lisp:10:24: error E_UNKNOWN_NAME: unknown name m (did you mean n?)",
      "1 file: 4 errors, 1 warning",
    ]);
  });
});
