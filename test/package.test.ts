// The package as a user installs it: `npm pack`, then `npm install ./tinychain-*.tgz` in an empty project
// with no network. The tarball holds what a user runs (the bundles, the examples, the docs) and not the
// repository's tests, benches, workflows or chain; the bundles carry their dependencies, so installing it
// fetches nothing and warns of no engine (a consumer on Node 20.19 must not see EBADENGINE).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

let dir: string;
let files: string[];
let install: { status: number | null; output: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tinychain-pack-"));
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" }),
  )[0];
  files = packed.files.map((f: { path: string }) => f.path);
  const project = join(dir, "app");
  execFileSync("mkdir", [project]);
  writeFileSync(join(project, "package.json"), '{ "name": "app", "private": true, "type": "module" }\n');
  const r = spawnSync(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", join(dir, packed.filename)],
    { cwd: project, encoding: "utf8" },
  );
  install = { status: r.status, output: r.stdout + r.stderr };
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the npm package", () => {
  it("ships the bundles, examples and docs, and nothing of the repository's own machinery", () => {
    expect(files).toContain("dist/cli.js");
    expect(files).toContain("dist/web/index.html");
    expect(files).toContain("examples/token.lisp");
    expect(files).toContain("README.md");
    const stray = files.filter((f) => /^(test|bench|src|state|txs|scripts|\.github|\.ci)\//.test(f));
    expect(stray).toEqual([]);
  });

  it("installs offline with no dependency to fetch and no engine warning", () => {
    expect(install.status, install.output).toBe(0);
    expect(install.output).not.toMatch(/EBADENGINE/);
    const lock = JSON.parse(readFileSync(join(dir, "app/package-lock.json"), "utf8"));
    expect(Object.keys(lock.packages).filter((p) => p.startsWith("node_modules/"))).toEqual([
      "node_modules/tinychain",
    ]);
  });

  it("gives a working tinychain command", () => {
    const bin = join(dir, "app/node_modules/.bin/tinychain");
    const r = spawnSync(bin, ["eval", "(+ 1 2)", "--json"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 0, value: "3" });
  });
});
