// The architecture as rules a test keeps true (STYLE.md "A layout that shows the architecture"):
// imports point one way between the folders of src/, no folder cycle, and the pure core (lang, crypto,
// chain) imports nothing of the file system, processes, threads or the network, so it replays the same
// everywhere and can run in a browser.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

const SRC = join(ROOT, "src");

/** Which folders each folder may import from (besides itself). */
const ALLOWED: Record<string, string[]> = {
  crypto: [],
  lang: ["crypto"],
  chain: ["lang", "crypto"],
  store: ["chain", "lang", "crypto"],
  sequencer: ["store", "chain", "lang", "crypto"],
  report: ["store", "chain", "lang", "crypto"],
  testing: ["chain", "lang", "crypto"],
  // the author's tools that need no chain of their own: the formatter
  tools: ["chain", "lang", "crypto"],
  node: ["sequencer", "store", "report", "chain", "lang", "crypto"],
  action: ["sequencer", "store", "report", "chain", "lang", "crypto"],
  // the relay: a node's follower and server, the core's checks, and pull requests of its own
  relay: ["node", "sequencer", "store", "report", "chain", "lang", "crypto"],
  cli: ["relay", "node", "sequencer", "store", "report", "testing", "tools", "chain", "lang", "crypto"],
  // the web page: the pure core bundled for a browser (nothing of Node at all)
  web: ["chain", "lang", "crypto"],
};
const PURE = ["lang", "crypto", "chain", "web"];
const IMPURE_MODULES =
  /^node:(fs|fs\/promises|child_process|worker_threads|net|http|https|os|cluster|dgram|tls)$/;

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) yield p;
  }
}

const folderOf = (file: string) => relative(SRC, file).split("/")[0]!;

interface Import {
  file: string;
  spec: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gms)].map((m) => ({
    file,
    spec: m[1]!,
  }));
}

const all = [...sources(SRC)].flatMap(importsOf);

describe("architecture", () => {
  it("imports between folders point one way", () => {
    const wrong: string[] = [];
    for (const { file, spec } of all) {
      if (!spec.startsWith(".")) continue;
      const from = folderOf(file);
      const to = folderOf(normalize(join(dirname(file), spec)));
      if (from === to || !(from in ALLOWED)) continue;
      if (!ALLOWED[from]!.includes(to))
        wrong.push(`${relative(ROOT, file)} imports ${spec} (${from} → ${to})`);
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

  it("the pure core imports nothing of the file system, processes, threads or the network", () => {
    const impure = all.filter((i) => PURE.includes(folderOf(i.file)) && IMPURE_MODULES.test(i.spec));
    expect(impure.map((i) => `${relative(ROOT, i.file)}: ${i.spec}`)).toEqual([]);
  });

  it("no file of src/ passes 400 lines without saying why at its top", () => {
    const long = [...sources(SRC)].filter((f) => {
      const text = readFileSync(f, "utf8");
      return (
        text.split("\n").length > 400 &&
        !/^\/\/ .*(longer than 400 lines|over 400 lines)/m.test(text.slice(0, 2000))
      );
    });
    expect(long.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
