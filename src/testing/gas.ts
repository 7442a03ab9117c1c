// What the tests' gas says, as Foundry says it: `--gas-report` (each contract function the tests called,
// however deep, with min / avg / median / max and calls, as `forge test --gas-report`), and the gas
// snapshot (each test's gas in a committed file, as `forge snapshot`), which `--check` and `--diff`
// compare with a new run so that a change's gas cost shows in its pull request.

import type { TestResult } from "./runner.ts";

/** Each function's calls, by name: the gas of the call itself (its body and callees), not the transaction's. */
export function gasReport(results: TestResult[]) {
  const by = new Map<string, number[]>();
  for (const r of results) for (const c of r.calls) by.set(c.fn, [...(by.get(c.fn) ?? []), c.gas]);
  return [...by]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([fn, gas]) => {
      const sorted = gas.sort((a, b) => a - b);
      const m = sorted.length >> 1;
      return {
        fn,
        calls: gas.length,
        min: sorted[0]!,
        avg: Math.round(gas.reduce((x, y) => x + y, 0) / gas.length),
        // the middle one, or the mean of the two middle ones rounded down
        median: sorted.length % 2 ? sorted[m]! : Math.floor((sorted[m - 1]! + sorted[m]!) / 2),
        max: sorted.at(-1)!,
      };
    });
}

export const GAS_REPORT_NOTE =
  "gas of each call of a function, however deep (its body and its callees, as --trace shows it; the transaction around a call adds 21,000 and 16 a byte of its text)";

/** The report as a table, one function a row. */
export function gasReportText(report: ReturnType<typeof gasReport>): string[] {
  const width = Math.max(24, ...report.map((g) => g.fn.length));
  // the function's name to the left, the figures to the right
  const row = (cells: (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(width) : String(c).padStart(11))).join("");
  return [
    GAS_REPORT_NOTE,
    row(["function", "min", "avg", "median", "max", "calls"]),
    ...report.map((g) => row([g.fn, g.min, g.avg, g.median, g.max, g.calls])),
  ];
}

/**
 * A snapshot: `file:test` → its figure, `(gas: N)`, a property's `(runs: N, μ: MEAN, ~: MEDIAN)` or an
 * invariant's `(runs: N, calls: C, reverts: R, μ: MEAN, ~: MEDIAN)` (Foundry's, with the gas of a run).
 */
export type Snapshot = Map<string, string>;

/** The snapshot of passing tests, `file` relative to the snapshot's folder by `relative`. */
export function snapshotOf(results: TestResult[], relative: (file: string) => string): Snapshot {
  const entries = results
    .filter((r) => r.ok)
    .map((r): [string, string] => [
      `${relative(r.file)}:${r.name}`,
      r.runs
        ? `(runs: ${r.cases}, ${r.steps ? `calls: ${r.steps.calls}, reverts: ${r.steps.reverts}, ` : ""}μ: ${r.runs.mean}, ~: ${r.runs.median})`
        : `(gas: ${r.gas})`,
    ]);
  return new Map(entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

export const snapshotText = (s: Snapshot) => [...s].map(([k, v]) => `${k} ${v}\n`).join("");

/** Reads a snapshot file's text; a line it cannot read is said with its number. */
export function parseSnapshot(text: string): Snapshot | { error: string } {
  const s: Snapshot = new Map();
  for (const [i, line] of text.split("\n").entries()) {
    if (line === "") continue;
    const m = /^(\S+) (\(.*\))$/.exec(line);
    if (!m)
      return { error: `line ${i + 1} is not "FILE:TEST (gas: N)": ${JSON.stringify(line.slice(0, 80))}` };
    s.set(m[1]!, m[2]!);
  }
  return s;
}

/** The first number of a figure: a test's gas, or a property's mean. */
const figure = (v: string) => Number(/(?:gas|μ): (\d+)/.exec(v)?.[1] ?? Number.NaN);

/** What differs between the committed snapshot and this run, one line each (only the tests that ran). */
export function snapshotDiff(committed: Snapshot, now: Snapshot, ran: "all" | "some"): string[] {
  const lines: string[] = [];
  for (const [k, v] of now) {
    const was = committed.get(k);
    if (was === undefined) lines.push(`+ ${k} ${v} (new)`);
    else if (was !== v) {
      const [a, b] = [figure(was), figure(v)];
      const change = b - a;
      const percent = a ? ` (${change >= 0 ? "+" : ""}${((change * 100) / a).toFixed(2)}%)` : "";
      lines.push(`~ ${k} ${was} → ${v}: ${change >= 0 ? "+" : ""}${change}${percent}`);
    }
  }
  if (ran === "all") for (const [k, v] of committed) if (!now.has(k)) lines.push(`- ${k} ${v} (gone)`);
  return lines;
}
