// The language's numbers (issue: the contract language and its VM): the count loop and fold, side by
// side with a plain JS BigInt loop and with @ethereumjs/evm running the equivalent EVM bytecode; and
// the compile time of a 200-line contract.

import { createEVM } from "@ethereumjs/evm";
import { emptyWorld } from "../src/chain/state.ts";
import { compileContract } from "../src/lang/contract.ts";
import { readOne } from "../src/lang/reader.ts";
import { compileProgram, run } from "../src/lang/vm.ts";
import { fmt, interleaved, interleavedSpread, type Report } from "./measure.ts";

const N = 1_000_000;
const LOOP = `(loop ((i 0) (acc 0)) (if (< i ${N}) (recur (+ i 1) (+ acc i)) acc))`;
const FOLD_N = 10_000;
const FOLD = `(fold (fn (a x) (+ a x)) 0 (range ${FOLD_N}))`;

/** EVM bytecode of the same loop: acc and i on the stack, i < n tested with GT, result returned. */
function evmLoop(n: number): Uint8Array {
  const nHex = n.toString(16).padStart(6, "0");
  const hex =
    "6000" +
    "6000" + // PUSH1 0 (acc), PUSH1 0 (i)
    "5b" + // 4: JUMPDEST
    "80" +
    `62${nHex}` +
    "11" +
    "15" + // DUP1, PUSH3 n, GT (n > i), ISZERO
    "6019" +
    "57" + // PUSH1 end, JUMPI
    "90" +
    "81" +
    "01" +
    "90" + // SWAP1, DUP2, ADD (acc += i), SWAP1
    "6001" +
    "01" + // PUSH1 1, ADD (i += 1)
    "6004" +
    "56" + // PUSH1 4, JUMP
    "5b" +
    "50" + // 0x19: JUMPDEST, POP i
    "6000" +
    "52" +
    "6020" +
    "6000" +
    "f3"; // MSTORE acc at 0, RETURN 32 bytes
  return Uint8Array.from(hex.match(/../g)!.map((b) => Number.parseInt(b, 16)));
}

function jsLoop(n: number): bigint {
  let acc = 0n;
  const end = BigInt(n);
  for (let i = 0n; i < end; i++) acc += i;
  return acc;
}

/** A 200-line contract: a token-like contract with many functions. */
export function contract200(): string {
  const lines = [
    "(contract Big",
    "  (defvar owner origin)",
    "  (defvar total 0)",
    "  (defmap balances)",
    "  (defmap allowances)",
  ];
  let i = 0;
  while (lines.length < 196) {
    lines.push(
      `  (defn move-${i} (to amount)`,
      `    (let ((have (get balances sender 0)))`,
      `      (assert (>= have amount) "insufficient balance")`,
      `      (put! balances sender (- have amount))`,
      `      (put! balances to (+ (get balances to 0) amount))`,
      `      (emit Moved sender to amount ${i})`,
      `      true))`,
      `  (defview check-${i} (who) (cond ((> (get balances who 0) ${i}) 'rich) (else 'poor)))`,
    );
    i++;
  }
  lines.push("  (defview total-supply () total))");
  return lines.join("\n");
}

/**
 * Varied programs run before measuring, so that the compiled closures' call sites have seen many
 * shapes, as in a node that has executed many transactions: measuring a VM that has run only the
 * benchmark would flatter it.
 */
const WARMUP = [
  "(let ((xs (range 50))) (fold (fn (a x) (* (+ a x) 1)) 0 (map (fn (x) (- x 1)) (filter (fn (x) (> x 3)) xs))))",
  "(loop ((i 10) (acc ())) (if (> i 0) (recur (- i 1) (cons i acc)) (len acc)))",
  '(let ((d (dict 1 "a" 2 "b"))) (str (get d 1) (keys (assoc d 3 "c"))))',
  "(let ((f (fn (n) (if (<= n 1) 1 (* n 0))))) (map f (range 30)))",
  "(let ((c (deploy (contract W (defvar n 0) (defmap m) (defn inc (k) (put! m k (+ 1 (get m k 0))) (set! n (+ n 1))))))) (loop ((i 0)) (if (< i 20) (do (call c 'inc i) (recur (+ i 1))) i)))",
  "(loop ((i 0) (j 100)) (cond ((>= i j) i) (else (recur (+ i 2) (- j 1)))))",
];

export async function benchLanguage(report: Report): Promise<void> {
  for (let round = 0; round < 50; round++)
    for (const src of WARMUP) run(compileProgram(src), { gas: 1e9, host: emptyWorld() });
  run(compileProgram(contract200().replace("(contract", "(deploy (contract").concat(")")), {
    gas: 1e9,
    host: emptyWorld(),
  });
  const evm = await createEVM();
  const loop = compileProgram(LOOP);
  const fold = compileProgram(FOLD);
  const code = evmLoop(N);
  const foldCode = evmLoop(FOLD_N);
  const expected = (BigInt(N) * BigInt(N - 1)) / 2n;
  const check = (r: { status: number; printed: string }) => {
    if (r.status !== 0 || r.printed !== expected.toString()) throw new Error(`loop returned ${r.printed}`);
  };
  const evmRun = async (c: Uint8Array) => {
    const r = await evm.runCode({ code: c, gasLimit: 10n ** 12n });
    if (r.exceptionError) throw new Error(`evm: ${r.exceptionError.error}`);
    return r;
  };
  const first = await evmRun(code);
  if (BigInt(`0x${Buffer.from(first.returnValue).toString("hex")}`) !== expected)
    throw new Error("evm loop returned a wrong sum");

  report.section("Language: the count loop (1,000,000 iterations) and fold (10,000 elements)");
  const t = await interleaved(
    {
      js: () => jsLoop(N),
      tinychain: () => check(run(loop, { gas: 1e9, host: emptyWorld() })),
      evm: () => evmRun(code),
      fold: () => run(fold, { gas: 1e9, host: emptyWorld() }),
    },
    7,
    2,
  );
  const perIt = (ms: number) => (ms * 1e6) / N;
  report.row(`plain JS BigInt loop: ${fmt(perIt(t.js!))} ns/iteration`);
  report.row(
    `tinychain loop/recur: ${fmt(perIt(t.tinychain!))} ns/iteration (gas ${run(loop, { gas: 1e9, host: emptyWorld() }).gasUsed.toLocaleString("en-US")})`,
  );
  report.row(
    `@ethereumjs/evm 10.1.3, same loop in bytecode: ${fmt(perIt(t.evm!))} ns/iteration (${fmt(Number(first.executionGasUsed) / (t.evm! * 1000), 1)} Mgas/s)`,
  );
  report.row(
    `ratios: tinychain is ${fmt(t.evm! / t.tinychain!)}× faster than the EVM (target ≥ 25×) and ${fmt(t.tinychain! / t.js!, 2)}× the plain JS loop (target ≤ 5×)`,
  );

  const fs = await interleavedSpread(
    {
      tinychain: () => run(fold, { gas: 1e9, host: emptyWorld() }),
      js: () => {
        const xs: bigint[] = new Array(FOLD_N);
        for (let i = 0; i < FOLD_N; i++) xs[i] = BigInt(i);
        return xs.reduce((a, x) => a + x, 0n);
      },
      evm: () => evmRun(foldCode),
    },
    15,
    3,
  );
  const perEl = (ms: number) => (ms * 1e6) / FOLD_N;
  const fold15 = fs.tinychain!;
  report.row(
    `fold over (range 10000): tinychain ${fmt(perEl(fold15.median))} ns/element in the median of 15 runs (${fmt(perEl(fold15.fastest))}–${fmt(perEl(fold15.slowest))}; target ≤ 100), plain JS reduce ${fmt(perEl(fs.js!.median))} ns, EVM loop ${fmt(perEl(fs.evm!.median))} ns`,
  );

  const src = contract200();
  const lines = src.split("\n").length;
  const c = await interleaved({ compile: () => compileContract(readOne(src)) }, 20, 5);
  report.row(`compiling a ${lines}-line contract (read + compile): ${fmt(c.compile!, 2)} ms`);
}
