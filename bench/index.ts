// `npm run bench`: every performance figure of docs/performance.md, side by side with its peers, in
// one run. Prints as it goes and writes the Markdown section to bench/last-run.md.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchAction } from "./action.ts";
import { benchAuthor } from "./author.ts";
import { benchChain } from "./chain.ts";
import { benchCommit } from "./commit.ts";
import { benchGasClock } from "./gas-clock.ts";
import { benchLanguage } from "./lang.ts";
import { benchLogs } from "./logs.ts";
import { Report } from "./measure.ts";
import { benchMillion } from "./million.ts";
import { benchNode } from "./node.ts";
import { benchNodeLoad } from "./node-load.ts";
import { benchScale } from "./scale.ts";
import { benchSequencer } from "./sequencer.ts";
import { benchStore } from "./store.ts";
import { benchWeb } from "./web.ts";

const report = new Report();
console.log(`tinychain bench on node ${process.version}, ${process.arch}`);
// `npm run bench -- lang,chain` runs those sections only (in the usual order)
const sections = process.argv[2]?.split(",");
const wanted = (s: string) => !sections || sections.includes(s);
// every scratch chain, clone and remote of the run under one folder, removed when it ends (as the
// test suite does: test/global-setup.ts); os.tmpdir() reads TMPDIR on every call, and children inherit it
const scratch = mkdtempSync(join(tmpdir(), "tinychain-bench-run-"));
for (const name of ["TMPDIR", "TMP", "TEMP"]) process.env[name] = scratch;
try {
  if (wanted("lang")) await benchLanguage(report);
  if (wanted("gas-clock")) benchGasClock(report);
  if (wanted("chain")) await benchChain(report);
  if (wanted("store")) await benchStore(report);
  if (wanted("action")) await benchAction(report);
  if (wanted("sequencer")) await benchSequencer(report);
  if (wanted("commit")) benchCommit(report);
  if (wanted("author")) await benchAuthor(report);
  if (wanted("node")) await benchNode(report);
  if (wanted("node-load")) await benchNodeLoad(report);
  if (wanted("logs")) benchLogs(report);
  if (wanted("scale")) await benchScale(report);
  if (wanted("million")) await benchMillion(report);
  if (wanted("web")) await benchWeb(report);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
writeFileSync("bench/last-run.md", `${report.lines.join("\n").trim()}\n`);
