// Tests of the CLI and the action run the bundles in dist/ as processes, the way users and GitHub
// run them, so the suite builds them first (esbuild takes about a second).
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
