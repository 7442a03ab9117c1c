// `npm run fuzz [-- --seconds N | --runs N] [--seed S]`: the language's grammar fuzzer (issue 29) for
// as long or as many programs as asked. Prints its seed (to replay a run) and programs per second; a
// counterexample, shrunk by fast-check, is printed and appended to test/lang/fuzz-cases.json, which
// test/lang/fuzz.test.ts replays on every `npm test`. Exit 1 when it found one.

import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { type FuzzCase, fuzzCase } from "../test/lang/fuzz-grammar.ts";
import { violations } from "../test/lang/fuzz-oracle.ts";

const { values } = parseArgs({
  options: { seconds: { type: "string" }, runs: { type: "string" }, seed: { type: "string" } },
});
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
const runs = values.runs === undefined ? undefined : Number(values.runs);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const limit = runs ?? Number.MAX_SAFE_INTEGER;
const ms = (seconds ?? (runs === undefined ? 60 : Number.POSITIVE_INFINITY)) * 1000;
console.log(
  `fuzzing with seed ${seed} (${runs !== undefined ? `${runs} programs` : `${ms / 1000} s`}); replay with --seed ${seed}`,
);

let tried = 0;
let reason: string[] = [];
const started = process.hrtime.bigint();
const result = fc.check(
  fc.property(fuzzCase, (c) => {
    tried++;
    reason = violations(c);
    return reason.length === 0;
  }),
  {
    seed,
    numRuns: limit,
    ...(Number.isFinite(ms) ? { interruptAfterTimeLimit: ms, markInterruptAsFailure: false } : {}),
  },
);
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`${tried} programs in ${elapsed.toFixed(1)} s: ${Math.round(tried / elapsed)} programs/second`);
if (!result.failed) {
  console.log("no violation found");
  process.exit(0);
}
const [found] = result.counterexample as [FuzzCase];
const why = violations(found);
console.log(`violation: ${why.join("; ")}\ncontract:\n${found.contract}\nprogram:\n${found.program}`);
const file = join(import.meta.dirname, "../test/lang/fuzz-cases.json");
const cases = JSON.parse(readFileSync(file, "utf8")) as {
  found: string;
  contract: string;
  program: string;
}[];
cases.push({ found: `seed ${seed}: ${why[0] ?? ""}`.slice(0, 300), ...found });
writeFileSync(`${file}.tmp`, `${JSON.stringify(cases, null, 2)}\n`);
renameSync(`${file}.tmp`, file);
console.log(`kept as a regression case in test/lang/fuzz-cases.json (${cases.length} cases)`);
process.exit(1);
