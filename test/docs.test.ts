// The docs a user opens: every reference to the specification points at a section docs/spec.md has, and
// none points at a document outside the repository (the old "SPEC N").
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.(ts|md|lisp|mjs)$/.test(e.name)) yield p;
  }
}

const spec = readFileSync(join(ROOT, "docs/spec.md"), "utf8");
const sections = new Set([...spec.matchAll(/^#+ §?([0-9]+(?:\.[0-9]+)?)[ .]/gm)].map((m) => m[1]));
const sources = ["README.md", ...files("docs"), ...files("src"), ...files("test"), ...files("bench")].filter(
  (f) => f !== "docs/spec-notes.md" && f !== "test/docs.test.ts",
);

describe("references to the specification", () => {
  it("docs/spec.md has numbered sections", () => {
    expect(sections.size).toBeGreaterThanOrEqual(8);
  });

  it("every spec.md §N names a section it has, and no SPEC N is left", () => {
    const wrong: string[] = [];
    for (const f of sources) {
      const text = readFileSync(join(ROOT, f), "utf8");
      for (const m of text.matchAll(/spec\.md[)\]]*,? §([0-9]+(?:\.[0-9]+)?)/g))
        if (!sections.has(m[1]!)) wrong.push(`${f}: §${m[1]}`);
      for (const m of text.matchAll(/\bSPEC [0-9]/g)) wrong.push(`${f}: ${m[0]}`);
    }
    expect(wrong).toEqual([]);
  });
});
