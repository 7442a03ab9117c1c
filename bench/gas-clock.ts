// Gas against the clock (issue 29): gas is the chain's measure of time, so a block at the gas limit
// should take about as long whatever it does. Each entry runs one builtin, form or effect in its dearest
// case (largest sizes, worst types, storage, calls, deploys, events, printing) in a loop until it has
// spent the block gas limit, and the table gives nanoseconds per gas side by side, the median, each
// entry's ratio to it, and the slowest block a sender could build (the dearest entry × the limit).
// Goal: no entry above 3 × the median.

import { GENESIS_DEFAULTS } from "../src/chain/genesis.ts";
import { emptyWorld } from "../src/chain/state.ts";
import { compileProgram, run } from "../src/lang/vm.ts";
import { fmt, median, type Report } from "./measure.ts";

const LIMIT = GENESIS_DEFAULTS.blockGasLimit;
const H = String(2n ** 127n);
const B = String(2n ** 255n);
/** a 128 KB string: 128 bytes doubled ten times */
const S128K = `(loop ((s "${"0123456789abcdef".repeat(8)}") (k 0)) (if (< k 10) (recur (str s s) (+ k 1)) s))`;
const S1K = `(loop ((s "${"0123456789abcdef".repeat(8)}") (k 0)) (if (< k 3) (recur (str s s) (+ k 1)) s))`;
const DICT = `(fold (fn (d x) (assoc d x x)) (dict) (range 1000))`;

/** `body` (which may use i) forever, with `bindings` made once: it ends when the gas runs out. */
const forever = (bindings: string, body: string) =>
  `(let (${bindings}) (loop ((i 0)) (do ${body} (recur (+ i 1)))))`;
/** the same, inside a contract function, where storage forms apply */
const inContract = (bindings: string, body: string) =>
  `(call (deploy (contract Bench (defvar n 0) (defmap m) (defn run () ${forever(bindings, body)}))) 'run)`;
const withCallee = (body: string) =>
  `(let ((a (deploy (contract Callee (defn f () 1) (defn id (x) x))))) ${forever("(l (range 1000))", body)})`;

export const GAS_CLOCK: [string, string][] = [
  ["loop, + and < (arithmetic)", "(loop ((i 0)) (if (< i 0) 0 (recur (+ i 1))))"],
  ["* of two 128-bit ints", forever(`(h ${H})`, "(* h h)")],
  ["mod of a 256-bit int", forever(`(b ${B})`, "(mod b 7)")],
  ["/ of a 256-bit int", forever(`(b ${B})`, "(/ b 3)")],
  ["= of two 10,000-element lists", forever("(x (range 10000)) (y (range 10000))", "(= x y)")],
  // V8 concatenates in O(1) (a rope) and compares two flat strings with a memcmp (~10 µs for 128 KB):
  // the dear part is flattening a rope, so these make fresh ones each round and read them in full
  [
    "= of two fresh 128 KB strings (ropes flattened)",
    forever(`(x ${S128K}) (y (str ${S128K}))`, '(= (str x "!") (str y "!"))'),
  ],
  ["keccak256 of a 128 KB string", forever(`(s ${S128K})`, "(keccak256 s)")],
  ["keccak256 of an address", forever("", "(keccak256 self)")],
  ["str of two 128 KB strings, then len (the rope flattened)", forever(`(s ${S128K})`, "(len (str s s))")],
  ["str of a 1,000-element list (printing)", forever("(l (range 1000))", "(str l)")],
  ["len of a 128 KB string", forever(`(s ${S128K})`, "(len s)")],
  ["range 10,000", forever("", "(range 10000)")],
  ["map of a closure over 1,000", forever("(l (range 1000))", "(map (fn (x) x) l)")],
  ["filter over 1,000", forever("(l (range 1000))", "(filter (fn (x) true) l)")],
  ["fold of + (a builtin value) over 1,000", forever("(l (range 1000))", "(fold + 0 l)")],
  ["append of two 10,000 lists", forever("(l (range 10000))", "(append l l)")],
  ["reverse of 10,000", forever("(l (range 10000))", "(reverse l)")],
  ["cons onto 10,000", forever("(l (range 10000))", "(cons 1 l)")],
  ["rest of 10,000", forever("(l (range 10000))", "(rest l)")],
  ["nth of 10,000", forever("(l (range 10000))", "(nth l 9999)")],
  ["list of 10 values", forever("", "(list 1 2 3 4 5 6 7 8 9 10)")],
  [
    "dict of 100 pairs",
    // keys out of order, the dearest case: in order, the sort is one pass
    forever("", `(dict ${Array.from({ length: 100 }, (_, k) => `${(k * 37) % 100} ${k}`).join(" ")})`),
  ],
  ["assoc into 1,000 entries", forever(`(d ${DICT})`, "(assoc d 5000 1)")],
  ["dissoc from 1,000 entries", forever(`(d ${DICT})`, "(dissoc d 500)")],
  ["get from 1,000 entries", forever(`(d ${DICT})`, "(get d 500)")],
  ["keys of 1,000 entries", forever(`(d ${DICT})`, "(keys d)")],
  ["closure with 3 captures", forever("(a 1) (b 2) (c 3)", "(fn (x) (+ a b c x))")],
  ["call of a closure", forever("(f (fn (x) x))", "(f i)")],
  ["type predicate", forever("", "(int? i)")],
  ["context read (gas-left)", forever("", "gas-left")],
  ["set! of a variable", inContract("", "(set! n i)")],
  ["read of a variable", inContract("", "n")],
  ["put! of a new map entry", inContract("", "(put! m i i)")],
  ["put! of a 1 KB value", inContract(`(s ${S1K})`, "(put! m 1 s)")],
  ["get of a 1 KB map entry", inContract(`(s ${S1K}) (w (put! m 1 s))`, "(get m 1)")],
  ["has? of a map entry", inContract("", "(has? m i)")],
  ["del! of a map entry", inContract("(w (put! m 1 1))", "(del! m 1)")],
  ["emit of a 1 KB string", inContract(`(s ${S1K})`, "(emit Big s)")],
  ["call of another contract", withCallee("(call a 'f)")],
  ["try-call of another contract", withCallee("(try-call a 'f)")],
  ["call passing 1,000 ints (data check)", withCallee("(call a 'id l)")],
  ["deploy of a small contract", forever("", "(deploy (contract D (defvar n 0) (defn f () n)))")],
  ["transfer", forever("", "(transfer 0x0000000000000000000000000000000000000002 0)")],
  ["balance", forever("", "(balance self)")],
];

export interface GasClockRow {
  name: string;
  gasUsed: number;
  ms: number;
  nsPerGas: number;
}

/** Each entry run until it has spent `limit` gas (the fastest of `rounds` runs). */
export function measureGasClock(limit = LIMIT, rounds = 2): GasClockRow[] {
  return GAS_CLOCK.map(([name, source]) => {
    const program = compileProgram(source);
    let best = Number.POSITIVE_INFINITY;
    let gasUsed = 0;
    for (let r = 0; r < rounds; r++) {
      const host = emptyWorld();
      const t0 = process.hrtime.bigint();
      const out = run(program, { gas: limit, host });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (out.status !== 2) throw new Error(`${name} ended with status ${out.status}: ${out.error}`);
      gasUsed = out.gasUsed;
      best = Math.min(best, ms);
    }
    return { name, gasUsed, ms: best, nsPerGas: (best * 1e6) / gasUsed };
  });
}

export function benchGasClock(report: Report): void {
  report.section(
    `Gas against the clock: each entry looped until it spent the block gas limit (${LIMIT.toLocaleString("en-US")})`,
  );
  const rows = measureGasClock();
  const mid = median(rows.map((r) => r.nsPerGas));
  for (const r of [...rows].sort((a, b) => b.nsPerGas - a.nsPerGas))
    report.row(
      `${r.name}: ${fmt(r.nsPerGas, 3)} ns/gas (${fmt(r.ms, 0)} ms), ${fmt(r.nsPerGas / mid, 2)} × the median${r.nsPerGas > 3 * mid ? " — above 3 ×" : ""}`,
    );
  const worst = rows.reduce((a, b) => (b.nsPerGas > a.nsPerGas ? b : a));
  report.row(
    `median: ${fmt(mid, 3)} ns/gas; a block of the median entry takes ${fmt((mid * LIMIT) / 1e6, 0)} ms`,
  );
  report.row(
    `the slowest block a sender could build: ${worst.name}, ${fmt((worst.nsPerGas * LIMIT) / 1e6, 0)} ms for ${LIMIT.toLocaleString("en-US")} gas`,
  );
}
