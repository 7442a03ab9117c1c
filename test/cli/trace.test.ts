// --trace and --dry-run as a user runs them: see what a transaction does before signing anything.

import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alice } from "../chain/fixtures.ts";
import { commitAll, scratchChain } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

describe("--dry-run and --trace", () => {
  it("eval --trace prints the call tree; --json carries it", () => {
    const program =
      "(let ((c (deploy (contract C (defvar n 0) (defn add (k) (set! n (+ n k)) n))))) (call c 'add 2))";
    const r = cli(["eval", "--trace", program]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}C\.add\(2\) {2}\[gas \d+\] → 2$/m);
    expect(r.stdout).toContain("    write  n: 0 → 2");
    const doc = JSON.parse(cli(["eval", "--trace", "--json", program]).stdout);
    expect(doc.trace.steps.find((s: { op: string }) => s.op === "call").frame).toMatchObject({
      contract: "C",
      fn: "add",
      args: ["2"],
    });
  });

  it("call --dry-run shows the receipt and the trace on the head state, and writes nothing", () => {
    const dir = scratchChain();
    writeFileSync(
      join(dir, "counter.lisp"),
      "(contract Counter\n  (defvar n 0)\n  (defn add (k) (set! n (+ n k)) (emit Added k) n))\n",
    );
    const d = JSON.parse(
      cli(["deploy", "--key", "alice.json", "counter.lisp", "--json"], { cwd: dir }).stdout,
    );
    commitAll(dir);
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    const before = readdirSync(join(dir, "txs"));
    const r = cli(["call", "--key", "alice.json", d.contract, "add", "5", "--dry-run", "--trace"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^on the head state: status 0 \(success\), gas used \d+ of \d+$/m);
    expect(r.stdout).toContain("  returns 5");
    expect(r.stdout).toContain("  event Added 5");
    expect(r.stdout).toMatch(/^ {2}Counter\.add\(5\) {2}\[gas \d+\] → 5$/m);
    expect(r.stdout).toContain("nothing was signed or written (--dry-run)");
    expect(readdirSync(join(dir, "txs"))).toEqual(before);
    // who sends it can be said without a key; a failing call exits 1 with its error
    const failing = cli(["call", "--from", alice.address, d.contract, "add", '"x"', "--dry-run", "--json"], {
      cwd: dir,
    });
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.stdout)).toMatchObject({
      ok: false,
      status: 3,
      error: expect.stringContaining("must be an int"),
    });
  });

  it("an error on chain is placed in the author's file too: dry runs, validate, receipt (--source)", () => {
    const dir = scratchChain();
    const source =
      "; a contract with a mistake on line 5\n(contract Broken\n  (defvar n 0)\n  (defn bump (k)\n    (set! n (+ n (/ 10 k)))\n    n))\n";
    writeFileSync(join(dir, "broken.lisp"), source);
    const d = JSON.parse(
      cli(["deploy", "--key", "alice.json", "broken.lisp", "--json"], { cwd: dir }).stdout,
    );
    commitAll(dir);
    cli(["apply"], { cwd: dir });
    // the chain's code is its canonical printing: the error is at 3:31 there, at 5:18 in broken.lisp
    const call = ["call", "--key", "bob.json", d.contract, "bump", "0"];
    const dry = cli([...call, "--dry-run", "--source", "broken.lisp"], { cwd: dir });
    expect(dry.stdout).toContain(
      "  error: Broken.bump: division by zero (in Broken.bump, at 3:31)\n  at broken.lisp:5:18\n",
    );
    expect(cli([...call, "--dry-run"], { cwd: dir }).stdout).not.toContain("broken.lisp");
    const json = cli([...call, "--dry-run", "--source", "broken.lisp", "--json"], { cwd: dir });
    expect(JSON.parse(json.stdout).at).toEqual(["broken.lisp:5:18"]);
    const forced = cli([...call, "--force", "--source", "broken.lisp"], { cwd: dir });
    expect(forced.stdout).toContain("(in Broken.bump, at 3:31), at broken.lisp:5:18");
    const v = cli(["validate", "--source", "broken.lisp"], { cwd: dir });
    expect(v.stdout).toMatch(
      /status 3 \(runtime error\): Broken\.bump: division by zero .*\n {2}at broken\.lisp:5:18\n/,
    );
    expect(
      JSON.parse(cli(["validate", "--source", "broken.lisp", "--json"], { cwd: dir }).stdout).results[0].at,
    ).toEqual(["broken.lisp:5:18"]);
    // the pull request's comment as validate --markdown prints it places the error too, and a file
    // named twice is one row, not a replay of itself
    const pending = readdirSync(join(dir, "txs"))
      .filter((f) => f.endsWith(".json"))
      .map((f) => `txs/${f}`);
    const md = cli(["validate", ...pending, ...pending, "--markdown", "--source", "broken.lisp"], {
      cwd: dir,
    });
    expect(md.stdout).toContain(`- \`${pending[0]}\` at \`broken.lisp:5:18\``);
    expect(md.stdout).toContain("1 transaction executed, 0 invalid");
    commitAll(dir);
    cli(["apply"], { cwd: dir });
    const id = JSON.parse(cli(["block", "2", "--json"], { cwd: dir }).stdout).receipts[0].id;
    expect(cli(["receipt", id, "--source", "broken.lisp"], { cwd: dir }).stdout).toContain(
      "\n    at broken.lisp:5:18\n",
    );
    // deploy --dry-run places an error of the deployment in the file it sends
    writeFileSync(join(dir, "init.lisp"), "(contract Init\n  ; n starts broken\n  (defvar n (/ 1 0)))\n");
    const init = cli(["deploy", "--key", "alice.json", "init.lisp", "--dry-run"], { cwd: dir });
    // a contract file that ends in a comment deploys (the comment would swallow a closing parenthesis)
    writeFileSync(join(dir, "tail.lisp"), "(contract Tail\n  (defn f () 1)) ; the end");
    expect(cli(["check", "tail.lisp"], { cwd: dir }).code).toBe(0);
    const tail = cli(["deploy", "--key", "alice.json", "tail.lisp", "--dry-run"], { cwd: dir });
    expect(tail.stdout).toContain("status 0");
    expect(init.stdout).toContain("(in Init.n, at 2:13)\n  at init.lisp:3:13\n");
    expect(cli([...call, "--dry-run", "--source", "nope.lisp"], { cwd: dir }).stderr).toContain(
      "file nope.lisp does not exist",
    );
  });
});
