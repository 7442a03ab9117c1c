// Tests of the CLI and the action run the bundles in dist/ as processes, the way users and GitHub
// run them, so the suite builds them first (esbuild takes about a second).
//
// Every temporary folder of a run (scratch chains, clones, remotes: thousands of them) goes under one
// folder of its own, removed when the run ends, so that running the suite again and again does not fill
// the disk. TMPDIR is set before the test processes start, so they and the processes they spawn
// inherit it (os.tmpdir() reads it on every call).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  const run = mkdtempSync(join(tmpdir(), "tinychain-suite-"));
  for (const name of ["TMPDIR", "TMP", "TEMP"]) process.env[name] = run;
  return () => rmSync(run, { recursive: true, force: true });
}
