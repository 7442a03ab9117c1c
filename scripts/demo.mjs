// `npm run demo`: a guided tour of tinychain on a scratch chain. It grows with the project.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/cli.js");
const step = (title, args) => {
  console.log(`\n$ tinychain ${args.map((a) => (/[\s()'"]/.test(a) ? `'${a}'` : a)).join(" ")}`);
  console.log(`  # ${title}`);
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  process.stdout.write(r.stdout.replace(/^/gm, "  "));
  process.stderr.write(r.stderr.replace(/^/gm, "  "));
};

console.log("tinychain demo: the contract language and its gas-metered VM");
step("arithmetic is exact, on ints below 2^256", ["eval", "(* 12345678901234567890 98765432109876543210)"]);
step("loops are loop/recur; gas pays for every step", [
  "eval",
  "(loop ((i 0) (acc 0)) (if (< i 1000) (recur (+ i 1) (+ acc i)) acc))",
]);
step("closures, lists and fold", [
  "eval",
  "(let ((square (fn (x) (* x x)))) (fold + 0 (map square (range 10))))",
]);
step("an endless loop ends with status 2 (out of gas)", [
  "eval",
  "--gas",
  "100000",
  "(loop ((i 0)) (recur (+ i 1)))",
]);
step("contracts deploy, keep storage and answer calls", [
  "eval",
  "(let ((c (deploy (contract Counter (defvar n 0) (defn inc () (set! n (+ n 1))) (defview get () n))))) (call c 'inc) (call c 'inc) (call c 'get))",
]);
step("a view cannot write: status 3", [
  "eval",
  "(let ((c (deploy (contract C (defvar n 0) (defview bad () (set! n 1)))))) (call c 'bad))",
]);
console.log(
  "\nNext: `tinychain eval --help`, and docs/language.md for the whole language and its gas table.",
);
