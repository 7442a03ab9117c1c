// The line budget (tinygrad keeps one in CI): code lines of src/, per folder, without blank lines and
// comment-only lines. Fails above the budget, so that the chain stays small enough to read in an
// afternoon. `npm run size`; `--files` lists every file too.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

// 10,000 until the contract author's tools came in (check, test, console, dev, new, the tracer, dry
// runs: about 1,600 lines, mostly src/lang/check.ts, src/lang/trace.ts, src/testing/ and src/cli/);
// 11,600 just above them; 12,000 for the static gas bound (src/lang/cost.ts, 350 lines: a rule per
// charge site of the VM); 12,700 for the chain's web page (src/web/ and node/page.ts, about 680 lines;
// the estimate and the shorthand programs it shares with the CLI moved, not copied). Set just above
// what there is, so that the next change distils first.
const BUDGET = 18_000; // issue 22 asks for 15,000 through the issues now open: see the README
const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const src = join(root, "src");

/** Code lines: not blank, not inside or made only of a comment. */
function codeLines(text) {
  let n = 0;
  let inBlock = false;
  for (const raw of text.split("\n")) {
    let line = raw.trim();
    if (inBlock) {
      const end = line.indexOf("*/");
      if (end < 0) continue;
      inBlock = false;
      line = line.slice(end + 2).trim();
    }
    if (line.startsWith("/*")) {
      const end = line.indexOf("*/", 2);
      if (end < 0) {
        inBlock = true;
        continue;
      }
      line = line.slice(end + 2).trim();
    }
    if (line === "" || line.startsWith("//") || line.startsWith(";")) continue;
    n++;
  }
  return n;
}

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.(ts|lisp)$/.test(e.name)) yield p;
  }
}

const perFolder = new Map();
const perFile = [];
for (const f of files(src)) {
  const rel = relative(src, f);
  const folder = rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : ".";
  const n = codeLines(readFileSync(f, "utf8"));
  perFile.push([rel, n]);
  perFolder.set(folder, (perFolder.get(folder) ?? 0) + n);
}
const total = [...perFolder.values()].reduce((a, b) => a + b, 0);
if (process.argv.includes("--files"))
  for (const [f, n] of perFile) console.log(`${String(n).padStart(6)}  ${f}`);
console.log("| folder | code lines |\n| --- | ---: |");
for (const [folder, n] of perFolder) console.log(`| src/${folder === "." ? "" : `${folder}/`} | ${n} |`);
console.log(`| **total** | **${total}** (budget ${BUDGET}) |`);
if (total > BUDGET) {
  console.error(`src/ has ${total} code lines, over the budget of ${BUDGET}: distil before adding`);
  process.exit(1);
}
