// The author's tools beside `tinychain test`, as processes: labels in traces, gas snapshots (--snapshot,
// --check, --diff), `tinychain fmt`, and files that are not what a command expects.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-tools-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const COUNTER = `(contract Counter
  (defvar n 0)
  (defn add (k) (set! n (+ n k)) (emit Added sender k) n))
`;

describe("labels in traces", () => {
  it("a test's traces name the test accounts and the names it bound, not raw addresses", () => {
    const dir = project({
      "c.lisp": COUNTER,
      "c.test.lisp": `(deftest adds
  (let ((counter (deploy-file "c.lisp")))
    (as bob (call counter 'add 2))))
`,
    });
    const r = cli(["test", "--trace"], { cwd: dir });
    expect(r.stdout).toContain("deploy Counter at counter");
    expect(r.stdout).toContain("event  Added bob 2");
    expect(r.stdout).not.toMatch(/0x0{30}/);
    // --json keeps the addresses, with the labels beside them
    const doc = JSON.parse(cli(["test", "--trace", "--json"], { cwd: dir }).stdout);
    expect(doc.tests[0].labels["0x0000000000000000000000000000000000000b0b"]).toBe("bob");
  });
});

describe("gas snapshots", () => {
  it("--snapshot writes each test's gas, --check fails on a change, --diff shows it", () => {
    const dir = project({
      "c.lisp": COUNTER,
      "c.test.lisp": `(deftest one (let ((c (deploy-file "c.lisp"))) (call c 'add 1)))
(defprop many ((k (int 0 100))) (let ((c (deploy-file "c.lisp"))) (call c 'add k)))
`,
    });
    expect(cli(["test", "--check"], { cwd: dir }).stderr).toContain("no gas snapshot at .gas-snapshot");
    const wrote = cli(["test", "--snapshot", "--cases", "10"], { cwd: dir });
    expect(wrote.stdout).toContain("wrote .gas-snapshot (2 tests)");
    const snapshot = readFileSync(join(dir, ".gas-snapshot"), "utf8");
    expect(snapshot).toMatch(
      /^c\.test\.lisp:many \(runs: 10, μ: \d+, ~: \d+\)\nc\.test\.lisp:one \(gas: \d+\)\n$/,
    );
    expect(cli(["test", "--check", "--cases", "10"], { cwd: dir }).code).toBe(0);
    // a dearer contract: --check fails and says by how much, --diff shows it and passes
    writeFileSync(
      join(dir, "c.lisp"),
      COUNTER.replace("(set! n (+ n k))", "(set! n (+ n k)) (set! n (+ n 0))"),
    );
    const check = cli(["test", "--check", "--cases", "10"], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /^~ c\.test\.lisp:one \(gas: (\d+)\) → \(gas: \d+\): \+\d+ \(\+\d+\.\d\d%\)$/m,
    );
    expect(check.stdout).toContain("2 changes (tinychain test --snapshot accepts them)");
    const diff = cli(["test", "--diff", "--cases", "10"], { cwd: dir });
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain("~ c.test.lisp:one");
    // the file is deterministic: the same run writes the same bytes
    cli(["test", "--snapshot", "--cases", "10"], { cwd: dir });
    const again = readFileSync(join(dir, ".gas-snapshot"), "utf8");
    cli(["test", "--snapshot", "--cases", "10"], { cwd: dir });
    expect(readFileSync(join(dir, ".gas-snapshot"), "utf8")).toBe(again);
    expect(cli(["test", "--snapshot", "--match", "one"], { cwd: dir }).code).toBe(2);
  });

  it("the examples' snapshot is committed and current", () => {
    const r = cli(["test", "examples", "--check"]);
    expect(r.stdout).toContain("gas snapshot examples/.gas-snapshot: no change");
    expect(r.code).toBe(0);
  });
});

describe("tinychain fmt", () => {
  const MESSY = `; a counter
;; with two comment lines

(contract   Counter (defvar n 0)   ; the count
  (defmap by)
      ; adds k
  (defn add (k)
  (set! n (+ n k)) (put! by sender (+ k (get by sender 0))) n)
  (defview value () n)) ; end
(+ 1
   '(a   b))
`;

  it("lays a file out one canonical way, keeps every comment, and is idempotent", () => {
    const dir = project({ "c.lisp": MESSY });
    expect(cli(["fmt", "--check"], { cwd: dir }).code).toBe(1);
    expect(readFileSync(join(dir, "c.lisp"), "utf8")).toBe(MESSY); // --check writes nothing
    const r = cli(["fmt"], { cwd: dir });
    expect(r.stdout).toContain("formatted c.lisp");
    const once = readFileSync(join(dir, "c.lisp"), "utf8");
    expect(once).toBe(`; a counter
;; with two comment lines

(contract Counter
  (defvar n 0)  ; the count
  (defmap by)
  ; adds k
  (defn add (k)
    (set! n (+ n k))
    (put! by sender (+ k (get by sender 0)))
    n)
  (defview value () n))  ; end

(+ 1 '(a b))
`);
    expect(cli(["fmt", "--check"], { cwd: dir }).code).toBe(0);
    cli(["fmt"], { cwd: dir });
    expect(readFileSync(join(dir, "c.lisp"), "utf8")).toBe(once);
  });

  it("breaks long forms: a body under its head, arguments under the first, one let binding a line", () => {
    const dir = project({
      "t.test.lisp": `(deftest long (let ((a (deploy-file "counter-with-a-long-name.lisp")) (b 2)) (assert-eq (list a b a b a b a b) (call a 'some-long-function-name b b b b b b b b b b b b b b))))`,
    });
    cli(["fmt", "t.test.lisp"], { cwd: dir });
    expect(readFileSync(join(dir, "t.test.lisp"), "utf8")).toBe(`(deftest long
  (let ((a (deploy-file "counter-with-a-long-name.lisp"))
        (b 2))
    (assert-eq (list a b a b a b a b)
               (call a 'some-long-function-name b b b b b b b b b b b b b b))))
`);
  });

  it("the examples are formatted", () => {
    const r = cli(["fmt", "examples", "--check"]);
    expect(r.stdout).toContain("0 not formatted");
    expect(r.code).toBe(0);
  });

  it("a file that does not read is left as it is, with its position", () => {
    const dir = project({ "bad.lisp": "(contract X\n  (defvar n 0)\n" });
    const r = cli(["fmt"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^bad\.lisp:3:1: unexpected end of input, expected "\)" to close the list opened at 1:1 \(E_SYNTAX\)$/m,
    );
    expect(readFileSync(join(dir, "bad.lisp"), "utf8")).toBe("(contract X\n  (defvar n 0)\n");
  });
});

describe("files that are not what a command expects", () => {
  it("a file that is not UTF-8 is an error naming the byte and where it is", () => {
    const dir = project({});
    const bytes = Buffer.concat([
      Buffer.from('(contract X\n  (defvar s "caf'),
      Buffer.from([0xe9]),
      Buffer.from('"))\n'),
    ]);
    writeFileSync(join(dir, "x.lisp"), bytes);
    writeFileSync(join(dir, "x.test.lisp"), bytes);
    const why = "not UTF-8: byte 0xe9 at 2:17 (offset 28)";
    for (const command of [
      ["check", "x.lisp"],
      ["eval", "x.lisp"],
      ["fmt", "x.lisp"],
      ["deploy", "--key", "k.json", "x.lisp"],
    ]) {
      const r = cli(command, { cwd: dir });
      expect(r.stderr, command.join(" ")).toContain(`tinychain: x.lisp: ${why}`);
      expect(r.code).toBe(1);
    }
    expect(cli(["test", "x.test.lisp"], { cwd: dir }).stdout).toContain(`E_FILE: x.test.lisp: ${why}`);
  });

  it("a bad sequence that begins as U+FFFD's bytes do is named by its first byte, even at the end", () => {
    const dir = project({});
    // EF BF is how U+FFFD (EF BF BD) begins: the first difference from the text read back is after them
    for (const [tail, why] of [
      [[0xef, 0xbf], "not UTF-8: byte 0xef at 2:2 (offset 14)"],
      [[0xef, 0xbf, 0x41], "not UTF-8: byte 0xef at 2:2 (offset 14)"],
    ] as const) {
      writeFileSync(join(dir, "x.lisp"), Buffer.concat([Buffer.from("(contract X)\n;"), Buffer.from(tail)]));
      const r = cli(["check", "x.lisp"], { cwd: dir });
      expect(r.stderr).toContain(`tinychain: x.lisp: ${why}`);
      expect(r.code).toBe(1);
    }
  });

  it("a folder where a file is expected is one line and exit 1, not an internal error", () => {
    const dir = project({});
    mkdirSync(join(dir, "d.lisp"));
    for (const command of [
      ["check", "d.lisp"],
      ["eval", "d.lisp"],
      ["deploy", "--key", "k.json", "d.lisp"],
      ["attach", "d.lisp", `0x${"1".repeat(130)}`],
    ]) {
      const r = cli(command, { cwd: dir });
      expect(r.stderr).toBe(
        "tinychain: d.lisp: not a regular file (a device, a FIFO or a folder is never read)\n",
      );
      expect(r.code).toBe(1);
    }
  });
});
