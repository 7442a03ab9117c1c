import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";

describe("tinychain eval", () => {
  it("prints value, status and gas", () => {
    const r = cli(["eval", "(+ 1 2)"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("3\nstatus 0 (success), gas used 4\n");
  });

  it("--json has the docs/spec.md §7 shape", () => {
    const r = cli(["eval", "--json", '(list 1 "a")']);
    expect(JSON.parse(r.stdout)).toEqual({
      status: 0,
      value: '(1 "a")',
      gasUsed: expect.any(Number),
      error: null,
    });
  });

  it("a syntax error is E_DATA, exit 1, no stack trace", () => {
    const r = cli(["eval", "--json", "(+ 1"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe("E_DATA");
    expect(doc.error.message).toContain("1:5");
    const human = cli(["eval", "(+ 1"]);
    expect(human.stdout).toMatch(/^error E_DATA: 1:5: unexpected end of input/);
    expect(human.stdout + human.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("a failing program exits 1 with its status", () => {
    const r = cli(["eval", "--json", "--gas", "1000", "(loop () (recur))"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ status: 2, value: "nil", gasUsed: 1000, error: "out of gas" });
  });

  it("usage mistakes exit 2 with a hint", () => {
    expect(cli(["eval"]).code).toBe(2);
    const r = cli(["eval", "--gas", "lots", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--gas must be a whole number");
    const u = cli(["frobnicate"]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("unknown command");
  });
});

describe("tinychain eval FILE", () => {
  it("runs a .lisp file; its errors name the file's line and column", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinychain-eval-"));
    writeFileSync(join(dir, "p.lisp"), '; a program\n(let ((x 1))\n  (+ x "a"))\n');
    writeFileSync(join(dir, "q.lisp"), "(let ((x 1))\n  (+ x\n");
    writeFileSync(join(dir, "ok.lisp"), "(+ 1\n   2)\n");
    expect(cli(["eval", "ok.lisp"], { cwd: dir }).stdout).toBe("3\nstatus 0 (success), gas used 4\n");
    const runtime = cli(["eval", "p.lisp"], { cwd: dir });
    expect(runtime.stdout).toContain("(in script, at p.lisp:3:3)");
    const syntax = cli(["eval", "q.lisp", "--json"], { cwd: dir });
    expect(JSON.parse(syntax.stdout).error.message).toMatch(/^q\.lisp:3:1: unexpected end of input/);
    const absent = cli(["eval", "absent.lisp"], { cwd: dir });
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain("file absent.lisp does not exist");
  });
});
