// The import graph of src/, shared by `npm run size` (the core's budget) and test/architecture.test.ts
// (the layer rules, no file-level cycle, the core's folders hold exactly the core): every file's
// imports, type-only ones included, `export … from`, side-effect imports, `?raw` text and a worker's
// `new URL("./x.js", import.meta.url)`, resolved to files of src/. The core is what the verifier needs
// to re-derive the chain from genesis: src/store/verify.ts and everything it imports, directly or not.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..");
export const SRC = join(ROOT, "src");
/** The folders that hold the core and nothing else, in the order a reader meets them. */
export const CORE_FOLDERS = ["crypto", "lang", "chain", "store"];
export const CORE_ENTRY = "store/verify.ts";

/** Code lines: not blank, not inside or made only of a comment. */
export function codeLines(text) {
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

/** Source files of src/ (TypeScript and the Lisp the core imports as text), relative to src/, sorted. */
export function sourceFiles(dir = SRC) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|lisp)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(relative(SRC, p));
    }
  };
  walk(dir);
  return out.sort();
}

const PATTERNS = [
  /^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"/gm, // import … from, import type …, export … from
  /^\s*import\s+"([^"]+)"/gm, // import "./forms.ts" (registration)
  /\bimport\(\s*"([^"]+)"\s*\)/g, // import("…")
  /new URL\(\s*"([^"]+)",\s*import\.meta\.url\)/g, // a worker's file
];

/** The files of src/ that `file` (relative to src/) imports, and the package or node: specifiers. */
export function importsOf(file) {
  if (!file.endsWith(".ts")) return { files: [], external: [] };
  const text = readFileSync(join(SRC, file), "utf8");
  const files = new Set();
  const external = new Set();
  for (const re of PATTERNS)
    for (const m of text.matchAll(re)) {
      const spec = m[1];
      if (!spec.startsWith(".")) {
        external.add(spec);
        continue;
      }
      let p = normalize(join(dirname(join(SRC, file)), spec.replace(/\?raw$/, "")));
      if (!existsSync(p) && p.endsWith(".js")) p = p.replace(/\.js$/, ".ts");
      if (existsSync(p) && p.startsWith(SRC)) files.add(relative(SRC, p));
    }
  return { files: [...files].sort(), external: [...external].sort() };
}

/** file → the files of src/ it imports. */
export function importGraph() {
  return new Map(sourceFiles().map((f) => [f, importsOf(f).files]));
}

/** `start` and every file it imports, directly or not. */
export function closure(graph, start = CORE_ENTRY) {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0)
    for (const to of graph.get(stack.pop()) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
  return [...seen].sort();
}

/** The groups of files that import each other (strongly connected components of more than one file). */
export function cycles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const group = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1) out.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}
