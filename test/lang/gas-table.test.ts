// The gas table tells the truth (docs/language.md "Gas"): every price in src/lang/gas.ts is charged
// somewhere, every charge names its price (no bare numbers), and docs/language.md lists exactly the
// table's prices. Plus the prices that depend on size: big arithmetic pays per word.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GAS } from "../../src/lang/gas.ts";
import { ev, ROOT } from "../helpers.ts";

const sources = ["src/lang", "src/chain"].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => {
      const text = readFileSync(join(ROOT, dir, f), "utf8");
      // gas.ts: only its helpers (keccakGas, wordsGas) charge; the table itself does not count
      return { file: `${dir}/${f}`, text: f === "gas.ts" ? text.slice(text.indexOf("} as const;")) : text };
    }),
);
const code = (text: string) => text.replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, "");

describe("the gas table", () => {
  it("every price in the table is charged somewhere", () => {
    const unused = Object.keys(GAS).filter((k) => !sources.some((s) => code(s.text).includes(`GAS.${k}`)));
    expect(unused).toEqual([]);
  });

  it("every charge names its price: no charge of a bare number", () => {
    const bare: string[] = [];
    for (const s of sources) {
      const lines = code(s.text).split("\n");
      lines.forEach((line, i) => {
        for (const m of line.matchAll(/(?<!function )\bcharge\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
          const arg = m[1]!;
          // a price handed in by the caller (chargeElements' per, storedOf's perByte): GAS.* at its calls
          if (/^per\w* \* \w+$|^Number\(\w+\) \* per$/.test(arg.trim())) continue;
          // a price from the table, a helper that computes from it, or a variable computed from it
          if (/GAS\.|keccakGas|wordsGas|chargeElements/.test(arg)) continue;
          const name = /^\s*([A-Za-z_]\w*)\s*$/.exec(arg)?.[1];
          const assigned = name
            ? lines.some((l) => new RegExp(`\\b(const|let)\\s+${name}\\s*=.*GAS\\.`).test(l))
            : false;
          if (!assigned) bare.push(`${s.file}:${i + 1}: charge(${arg})`);
        }
      });
    }
    expect(bare).toEqual([]);
  });

  it("docs/language.md's table is a copy of the code's", () => {
    const doc = readFileSync(join(ROOT, "docs/language.md"), "utf8");
    const rows = [...doc.matchAll(/^\| `(\w+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(rows)).toEqual({ ...GAS });
  });

  it("* / mod on big numbers pay per 64-bit word beyond the first", () => {
    const big = ((1n << 255n) - 1n).toString(); // four 64-bit words
    const small = ev("(mod 9 7)");
    const large = ev(`(mod ${big} 7)`);
    expect(large.status).toBe(0);
    expect(large.gasUsed - small.gasUsed).toBe(3 * GAS.arithmeticWord);
    // a 129-bit product is 3 words (the result is dropped, so printing it costs nothing)
    const product = ev(`(let ((x ${(1n << 127n).toString()})) (do (* x 3) 0))`);
    const plain = ev("(let ((x 5)) (do (* x 3) 0))");
    expect(product.gasUsed - plain.gasUsed).toBe(2 * GAS.arithmeticWord);
  });

  it("literals and local variables cost nothing by themselves", () => {
    // what is left is printing the result (perByte per character)
    expect(ev("12").gasUsed).toBe(2 * GAS.perByte);
    expect(ev("(quote 12)").gasUsed).toBe(2 * GAS.perByte);
    expect(ev("(let ((x 1)) x)").gasUsed).toBe(GAS.control + GAS.perByte);
  });
});
