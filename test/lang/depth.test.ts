// Deep recursion ends with the same status and gas on every host stack size, never a RangeError: the
// interpreter's depth budget (runtime.ts) is hit long before the smallest stack we support overflows.
import { describe, expect, it } from "vitest";
import { emptyWorld } from "../../src/chain/state.ts";
import { setFormProbe } from "../../src/lang/vm.ts";
import { cli, ev } from "../helpers.ts";

const nest = (n: number, inner: string) => `${"(+ 1 ".repeat(n)}${inner}${")".repeat(n)}`;

const PROGRAMS: Record<string, string> = {
  "plain recursion": "(let ((f (fn (f n) (+ 1 (f f (- n 1)))))) (f f 100000))",
  "recursion under 120 levels of nesting": `(let ((f (fn (f n) ${nest(120, "(f f (- n 1))")}))) (f f 100000))`,
  "recursion through map": "(let ((f (fn (f n) (map (fn (x) (f f x)) (list n))))) (f f 1))",
  "recursion through fold and nesting": `(let ((f (fn (f n) (fold (fn (a x) ${nest(110, "(f f x)")}) 0 (list n))))) (f f 1))`,
  "contract calls 32 deep, each nested 100": `(let ((leaf (deploy (contract L (defn go () ${nest(100, "1")})))))
      (loop ((i 0) (next leaf))
        (if (< i 31)
          (let ((hop (deploy (contract H (defvar nx nil) (defn link (n) (set! nx n)) (defn go () ${nest(100, "(call nx 'go)")})))))
            (call hop 'link next) (recur (+ i 1) hop))
          (call next 'go))))`,
};

describe("the depth limit does not depend on the host stack", () => {
  for (const [name, program] of Object.entries(PROGRAMS)) {
    it(name, () => {
      const results = [200, 984, 4000].map((kb) => {
        const r = cli(["eval", "--json", "--gas", "1000000000", program], {
          nodeArgs: [`--stack-size=${kb}`],
        });
        expect(r.stderr).toBe("");
        return JSON.parse(r.stdout) as {
          status: number;
          gasUsed: number;
          error: string | null;
          value: string;
        };
      });
      expect(results[0]!.error ?? "").not.toContain("internal error");
      expect([0, 2, 3]).toContain(results[0]!.status);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    });
  }
});

describe("compiling is linear in the program", () => {
  it("compiles each form of ifs nested in comparisons once (it compiled them twice a level: 2^60 here)", () => {
    let program = "1";
    for (let i = 0; i < 60; i++) program = `(if (< ${program} 1) 2 3)`;
    let compiled = 0;
    setFormProbe((_form, _contract, node) => {
      compiled++;
      return node;
    });
    try {
      expect(ev(program, 10_000_000, emptyWorld())).toMatchObject({ status: 0, value: "3" });
    } finally {
      setFormProbe(null);
    }
    // 60 levels of (if (< … 1) 2 3): five forms a level (the if, the <, 1, 2, 3) and the innermost 1
    expect(compiled).toBe(60 * 5 + 1);
  });
});
