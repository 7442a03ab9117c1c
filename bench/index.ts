// `npm run bench`: every performance figure of docs/performance.md, side by side with its peers, in
// one run. Prints as it goes and writes the Markdown section to bench/last-run.md.
import { writeFileSync } from "node:fs";
import { benchAction } from "./action.ts";
import { benchChain } from "./chain.ts";
import { benchCommit } from "./commit.ts";
import { benchLanguage } from "./lang.ts";
import { Report } from "./measure.ts";
import { benchMillion } from "./million.ts";
import { benchNode } from "./node.ts";
import { benchScale } from "./scale.ts";
import { benchStore } from "./store.ts";

const report = new Report();
console.log(`tinychain bench on node ${process.version}, ${process.arch}`);
const only = process.argv[2];
if (!only || only === "lang") await benchLanguage(report);
if (!only || only === "chain") await benchChain(report);
if (!only || only === "store") await benchStore(report);
if (!only || only === "action") await benchAction(report);
if (!only || only === "commit") benchCommit(report);
if (!only || only === "node") await benchNode(report);
if (!only || only === "scale") await benchScale(report);
if (!only || only === "million") await benchMillion(report);
writeFileSync("bench/last-run.md", `${report.lines.join("\n").trim()}\n`);
