// Memory is bounded by gas (docs/language.md "Gas and memory"): the worst allocations a program can make
// with a whole default block's gas (30M) run under a 256 MB heap and end with a status, never with
// Node's out-of-memory abort. Each case runs as `tinychain eval` in its own process.
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";

const BLOCK_GAS = "30000000";
// (list l l) nested 40 times: printing it is 2^40 tokens of shared structure
const shared = "(loop ((i 0) (l (list 1))) (if (< i 40) (recur (+ i 1) (list l l)) l))";
const doubled = (n: number) => `(loop ((i 0) (s "0123456789")) (if (< i ${n}) (recur (+ i 1) (str s s)) s))`;

const WORST: [string, string][] = [
  ["printing shared structure with str", `(let ((x ${shared})) (len (str x)))`],
  ["printing shared structure as the result", shared.replace("40", "30")],
  ["a string doubled by str", `(len ${doubled(60)})`],
  ["str of many copies of a big string", `(let ((s ${doubled(21)})) (len (str s s s s s s s s s s s s)))`],
  ["range up to the gas", "(len (range 14000000))"],
  ["append of big lists", "(let ((a (range 3000000))) (len (append a a a a a a a a)))"],
  ["map that makes a list per element", "(len (map (fn (x) (list x x x x)) (range 1000000)))"],
  ["closures kept in a list", "(len (map (fn (x) (fn () x)) (range 1500000)))"],
  ["a dict built one key at a time", "(len (fold (fn (d x) (assoc d x x)) (dict) (range 100000)))"],
  [
    "a dict built in one call",
    `(len (dict ${Array.from({ length: 2000 }, (_, i) => `${i} "${i}"`).join(" ")}))`,
  ],
  [
    "keccak256 of a big string, many times",
    `(let ((s ${doubled(20)})) (fold (fn (a x) (keccak256 s)) 0 (range 1000)))`,
  ],
];

describe("memory is bounded by gas", () => {
  for (const [name, program] of WORST)
    it(`${name}: a status under --max-old-space-size=256, never a crash`, () => {
      const r = cli(["eval", program, "--gas", BLOCK_GAS, "--json"], {
        nodeArgs: ["--max-old-space-size=256"],
      });
      expect(r.stderr).not.toMatch(/heap out of memory|FATAL|Allocation failed/);
      expect(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr.slice(0, 300)}`).toBe(true);
      const out = JSON.parse(r.stdout);
      expect([0, 2]).toContain(out.status);
      expect(out.gasUsed).toBeLessThanOrEqual(Number(BLOCK_GAS));
    });
});
