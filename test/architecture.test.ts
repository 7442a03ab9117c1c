// The architecture as rules a test keeps true (STYLE.md "A layout that shows the architecture",
// docs/architecture.md): imports point one way between the folders of src/, no folder cycle and no
// file-level cycle; the core (crypto, lang, chain, store: what verify needs) sits in folders of its
// own and imports nothing outside them; tools and the rest reach the language through its public
// files; and the pure folders import nothing of the file system, processes, threads or the network, so
// they replay the same everywhere and can run in a browser.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// the import graph npm run size counts the core by (type imports, `?raw`, the worker's file included)
import { CORE_FOLDERS, closure, cycles, importGraph, importsOf, SRC } from "../scripts/imports.mjs";

/** Which folders each folder may import from (besides itself): the core first, then around it. */
const ALLOWED: Record<string, string[]> = {
  // the core
  crypto: [],
  lang: ["crypto"],
  chain: ["lang", "crypto"],
  store: ["chain", "lang", "crypto"],
  // around it
  tools: ["chain", "lang", "crypto"],
  client: ["tools", "chain", "lang", "crypto"],
  sequencer: ["client", "tools", "store", "chain", "lang", "crypto"],
  report: ["sequencer", "client", "tools", "store", "chain", "lang", "crypto"],
  testing: ["client", "tools", "chain", "lang", "crypto"],
  node: ["sequencer", "store", "report", "client", "tools", "chain", "lang", "crypto"],
  action: ["sequencer", "store", "report", "client", "tools", "chain", "lang", "crypto"],
  // the relay: a node's follower and server, the core's checks, and pull requests of its own
  relay: ["node", "sequencer", "store", "report", "client", "tools", "chain", "lang", "crypto"],
  cli: [
    "relay",
    "node",
    "sequencer",
    "store",
    "report",
    "testing",
    "client",
    "tools",
    "chain",
    "lang",
    "crypto",
  ],
  // the web page: the pure core bundled for a browser (nothing of Node at all)
  web: ["client", "tools", "chain", "lang", "crypto"],
};
const PURE = ["lang", "crypto", "chain", "tools", "client", "web"];

/** What the rest of src/ may import of lang/: its public files (the compiler's insides are not). */
const LANG_PUBLIC = [
  "values",
  "errors",
  "reader",
  "data",
  "printer",
  "gas",
  "arity",
  "host",
  "runtime",
  "builtins",
  "forms",
  "contract",
  "vm",
].map((f) => `lang/${f}.ts`);
const IMPURE_MODULES =
  /^node:(fs|fs\/promises|child_process|worker_threads|net|http|https|os|cluster|dgram|tls)$/;

/** The import graph of src/, as `npm run size` reads it (paths relative to src/). */
const graph = importGraph();
const folderOf = (file: string) => file.split("/")[0]!;

describe("architecture", () => {
  it("imports between folders point one way", () => {
    const wrong: string[] = [];
    for (const [file, imported] of graph)
      for (const to of imported) {
        const [a, b] = [folderOf(file), folderOf(to)];
        if (a !== b && a in ALLOWED && !ALLOWED[a]!.includes(b))
          wrong.push(`src/${file} imports src/${to} (${a} → ${b})`);
      }
    expect(wrong).toEqual([]);
  });

  it("every folder of src/ is in the table, and the table has no cycle", () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(folders).toEqual(Object.keys(ALLOWED).sort());
    // a folder's allowed imports never lead back to it
    const reaches = (from: string, seen = new Set<string>()): Set<string> => {
      for (const to of ALLOWED[from]!) if (!seen.has(to)) reaches(to, seen.add(to));
      return seen;
    };
    for (const f of folders) expect(reaches(f).has(f), f).toBe(false);
  });

  it("each folder's README says what it may import, as the table does", () => {
    // "**May import:** a/, b/ …": the folders named (lang/'s public files count as lang/)
    const named = (folder: string) => {
      const text = readFileSync(join(SRC, folder, "README.md"), "utf8");
      const line = /\*\*May import:\*\*([\s\S]*?)(?:\n\n|$)/.exec(text)?.[1] ?? "";
      return [...new Set([...line.matchAll(/\b([a-z]+)\//g)].map((m) => m[1]!))]
        .filter((f) => f !== folder)
        .sort();
    };
    for (const folder of Object.keys(ALLOWED))
      expect(named(folder), folder).toEqual([...ALLOWED[folder]!].sort());
  });

  it("no file of src/ imports itself back, type imports included", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("the core's folders hold exactly what verify imports, and the core imports nothing outside them", () => {
    const core = closure(graph);
    expect(core.filter((f: string) => !CORE_FOLDERS.includes(f.split("/")[0]!))).toEqual([]);
    const inCoreFolders = [...graph.keys()].filter((f) => CORE_FOLDERS.includes(f.split("/")[0]!));
    expect(inCoreFolders.filter((f) => !core.includes(f))).toEqual([]);
  });

  it("outside lang/, src/ reaches the language through its public files only", () => {
    const inside: string[] = [];
    for (const [from, tos] of graph)
      for (const to of tos)
        if (!from.startsWith("lang/") && to.startsWith("lang/") && !LANG_PUBLIC.includes(to))
          inside.push(`${from} imports ${to}`);
    expect(inside).toEqual([]);
  });

  it("the pure core imports nothing of the file system, processes, threads or the network", () => {
    const impure = [...graph.keys()]
      .filter((f) => PURE.includes(folderOf(f)))
      .flatMap((f) =>
        importsOf(f)
          .external.filter((m) => IMPURE_MODULES.test(m))
          .map((m) => `src/${f}: ${m}`),
      );
    expect(impure).toEqual([]);
  });

  it("no file of src/ passes 400 lines without saying why at its top", () => {
    const long = [...graph.keys()].filter((f) => {
      const text = readFileSync(join(SRC, f), "utf8");
      return (
        text.split("\n").length > 400 &&
        !/^\/\/ .*(longer than 400 lines|over 400 lines)/m.test(text.slice(0, 2000))
      );
    });
    expect(long.map((f) => `src/${f}`)).toEqual([]);
  });
});
