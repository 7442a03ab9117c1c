// The line budget (tinygrad keeps one in CI): code lines of src/, per folder, without blank lines and
// comment-only lines. Fails above the budget, so that the chain stays small enough to read in an
// afternoon. Two budgets: the core apart (what verify needs), and the whole of src/. `npm run size`;
// `--files` lists every file too, the core's marked.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CORE_FOLDERS, closure, codeLines, importGraph, SRC, sourceFiles } from "./imports.mjs";

// 10,000 until the contract author's tools came in (check, test, console, dev, new, the tracer, dry
// runs: about 1,600 lines, mostly src/tools/check.ts, src/tools/trace.ts, src/testing/ and src/cli/);
// 11,600 just above them; 12,000 for the static gas bound (src/tools/cost.ts, 350 lines: a rule per
// charge site of the VM); 12,700 for the chain's web page (src/web/ and node/page.ts, about 680 lines;
// the estimate and the shorthand programs it shares with the CLI moved, not copied). Set just above
// what there is, so that the next change distils first.
// 18,900 when the sequencer, intake at scale, the relay, the library and the node's indexes had come
// in; nine rounds of distillation (issue 22) took it to 15,500 (Receipt, Transaction and Genesis kept
// as interfaces: the protocol's own shapes, named in the library's types).
const BUDGET = 15_500; // issue 22 asks for 15,000 through the issues now open: not met, see the README
// Issue 22: the core (src/store/verify.ts and everything it imports, type imports, `?raw` text and the
// worker included: what a verifier must read to trust the chain) has a budget of its own, at most
// 5,500 (6,122 when it was first counted).
const CORE_BUDGET = 5_500;

// raw.d.ts (the types of `?raw` imports) counts toward src/, not toward any import graph
const files = [...sourceFiles(), "raw.d.ts"];
const lines = new Map(files.map((f) => [f, codeLines(readFileSync(join(SRC, f), "utf8"))]));
const core = new Set(closure(importGraph()));
const folderOf = (f) => (f.includes("/") ? f.slice(0, f.indexOf("/")) : ".");
const sum = (fs) => fs.reduce((a, f) => a + lines.get(f), 0);

if (process.argv.includes("--files"))
  for (const f of files)
    console.log(`${String(lines.get(f)).padStart(6)}  ${core.has(f) ? "core  " : "      "}${f}`);
const table = (title, fs) => {
  const perFolder = new Map();
  for (const f of fs) perFolder.set(folderOf(f), (perFolder.get(folderOf(f)) ?? 0) + lines.get(f));
  console.log(`\n${title}\n\n| folder | code lines |\n| --- | ---: |`);
  for (const [folder, n] of perFolder) console.log(`| src/${folder === "." ? "" : `${folder}/`} | ${n} |`);
};
const coreLines = sum([...core]);
const aroundFiles = files.filter((f) => !core.has(f));
table(`The core: src/store/verify.ts and all it imports (${core.size} files)`, [...core]);
console.log(`| **core** | **${coreLines}** (budget ${CORE_BUDGET}) |`);
table(
  "Around it: the action and sequencer, CLI, node, web page, report and explorer, author tools",
  aroundFiles,
);
const total = sum(files);
console.log(`| **around it** | **${sum(aroundFiles)}** |`);
console.log(`\n**src/ total: ${total}** (budget ${BUDGET})`);
let over = false;
if (coreLines > CORE_BUDGET) {
  console.error(
    `the core has ${coreLines} code lines, over its budget of ${CORE_BUDGET}: distil before adding`,
  );
  over = true;
}
if (total > BUDGET) {
  console.error(`src/ has ${total} code lines, over the budget of ${BUDGET}: distil before adding`);
  over = true;
}
// the core's folders hold the core and nothing else (test/architecture.test.ts says which file strays)
const strays = aroundFiles.filter((f) => CORE_FOLDERS.includes(folderOf(f)));
if (strays.length > 0)
  console.log(`\nnot yet out of the core's folders (${sum(strays)} lines): ${strays.join(", ")}`);
if (over) process.exit(1);
