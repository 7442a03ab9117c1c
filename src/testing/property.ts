// Property tests (defprop): N random cases from a seed, each on a fresh chain; the first failing case
// is shrunk toward zero and reported with the seed that reproduces it. Tooling, not consensus: the
// cases come from a small seeded generator of their own, the same on any machine.

import type { Form } from "../lang/reader.ts";
import { TestFailure } from "./failures.ts";

type List = Form & { kind: "list" };

/** A property: N random cases from a seed; the first failing one shrunk toward zero and reported. */
export function property(
  form: List,
  once: (bindings: [string, string][]) => { gas: number },
  cases: number,
  seed: number,
): { gas: number; calls: never[]; cases: number; seed: number } {
  const params = form.items[2]?.kind === "list" ? form.items[2].items : [];
  const vars = params.map((p) => {
    const [name, type] = p.kind === "list" ? p.items : [];
    if (name?.kind !== "symbol" || type?.kind !== "symbol" || !(type.name in GENERATORS))
      throw new TestFailure(
        `defprop's parameters are (name type) with type int, nat or bool (at ${p.pos.line}:${p.pos.col})`,
      );
    return { name: name.name, type: type.name };
  });
  const random = mulberry32(seed);
  let gas = 0;
  for (let i = 0; i < cases; i++) {
    let values = vars.map((v) => GENERATORS[v.type]!(random));
    const fails = (vs: bigint[]) => {
      try {
        gas += once(vars.map((v, k) => [v.name, show(v.type, vs[k]!)])).gas;
        return undefined;
      } catch (e) {
        if (e instanceof TestFailure) return e.message;
        throw e;
      }
    };
    let failure = fails(values);
    if (failure === undefined) continue;
    // shrink: each value toward zero (halving) while the property still fails
    for (let k = 0; k < values.length; k++)
      for (let v = values[k]! / 2n; v !== values[k]; v = values[k]! / 2n) {
        const tried = values.map((x, j) => (j === k ? v : x));
        const again = fails(tried);
        if (again === undefined) break;
        [values, failure] = [tried, again];
      }
    const shown = vars.map((v, k) => `${v.name} = ${show(v.type, values[k]!)}`).join(", ");
    throw new TestFailure(
      `falsified after ${i + 1} case${i ? "s" : ""} with ${shown} (seed ${seed}: re-run with --seed ${seed}): ${failure}`,
    );
  }
  return { gas, calls: [], cases, seed };
}

const show = (type: string, v: bigint) => (type === "bool" ? (v === 0n ? "false" : "true") : v.toString());
const GENERATORS: Record<string, (r: () => number) => bigint> = {
  int: (r) => BigInt(Math.floor((r() - 0.5) * 2 ** 31)),
  nat: (r) => BigInt(Math.floor(r() * 2 ** 31)),
  bool: (r) => (r() < 0.5 ? 0n : 1n),
};

/** A small seeded generator (mulberry32): the same seed, the same cases, on any machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
