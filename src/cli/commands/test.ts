// `tinychain test [PATH…]`: runs the contract tests (*.test.lisp) under each path (default: here) on a
// fresh in-memory chain each (src/testing/runner.ts), and prints pass/fail with gas per test, like
// `forge test`; `--gas-report` and the gas snapshot (`--snapshot`, `--check`, `--diff`) as Foundry's.
// Exit 1 when a test fails, none is found, or the snapshot differs under --check.

import { existsSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { setFormProbe } from "../../lang/vm.ts";
import { writeFileAtomic } from "../../store/files.ts";
import { Coverage, coverageText, lcov } from "../../testing/coverage.ts";
import {
  GAS_REPORT_NOTE,
  gasReport,
  gasReportText,
  parseSnapshot,
  type Snapshot,
  snapshotDiff,
  snapshotOf,
  snapshotText,
} from "../../testing/gas.ts";
import { authorPositions, labelled } from "../../testing/positions.ts";
import { runTestFile, type TestResult } from "../../testing/runner.ts";
import { format } from "../../tools/format.ts";
import { formatTrace } from "../../tools/trace.ts";
import { CliError, type Command, intFlag, UsageError } from "../command.ts";
import { readUserFile, sourceFiles } from "../files.ts";
import { color } from "../output.ts";

const indent = (text: string, by: string) => text.replace(/^/gm, by);

/** A test's text in `tinychain fmt`'s layout (as printed, should the formatter refuse it). */
function laidOut(text: string): string {
  try {
    return format(text);
  } catch {
    return text;
  }
}

/** The snapshot file: `.gas-snapshot` in the one folder named (a file's own folder), else here. */
function snapshotPath(paths: string[]): string {
  if (paths.length !== 1) return ".gas-snapshot";
  return join(statSync(paths[0]!).isDirectory() ? paths[0]! : dirname(paths[0]!), ".gas-snapshot");
}

function readSnapshot(path: string): Snapshot {
  if (!existsSync(path))
    throw new CliError("E_FILE", `no gas snapshot at ${path}`, 1, "write it with tinychain test --snapshot");
  const parsed = parseSnapshot(readUserFile(path));
  if ("error" in parsed) throw new CliError("E_SNAPSHOT", `${path}: ${parsed.error}`, 1);
  return parsed;
}

export const testCommand: Command = {
  summary: "run the contract tests (*.test.lisp) on a fresh in-memory chain each",
  usage:
    "tinychain test [PATH…] [--match NAME] [--gas-report] [--snapshot | --check | --diff] [--trace] [--seed N] [--cases N] [--depth N] [--coverage] [--coverage-lcov FILE] [--json]",
  details: `A test file holds (deftest name statement…), (defprop name ((x int)…) statement…), (definvariant name
((x int)…) (setup …) (action …)… (invariant …)) and helper (defn name (params) body…) forms; see
docs/contracts.md. --match runs the tests whose name contains NAME; --gas-report prints min / avg / median / max gas and calls of each contract function the tests
call, however deep; defprop runs --cases random cases (100, at least 1) from --seed (1), and shrinks a
failing one to a minimal case. definvariant runs --cases random sequences of at most --depth (20) steps,
checking its invariants after each, and prints a failing sequence, shrunk, as a test to paste. A
failing test shows what its last transaction did; --trace shows all.
--snapshot writes each passing test's gas to .gas-snapshot in the folder tested; --check fails when
this run differs from it, --diff prints the differences. --coverage prints the lines, branches and
functions of each contract file the tests ran; --coverage-lcov FILE writes them as lcov too.`,
  run({ values, positionals, out }) {
    const started = performance.now();
    const paths = positionals.length > 0 ? positionals : ["."];
    const files = paths.flatMap((p) => sourceFiles(p));
    if (files.length === 0) throw new CliError("E_FILE", `no *.test.lisp files under ${paths.join(", ")}`, 1);
    const cases = intFlag("cases", values.cases, 100_000) ?? 100;
    if (cases < 1)
      throw new UsageError("--cases must be at least 1: a property checked on no case proves nothing");
    const snapshots = (["snapshot", "check", "diff"] as const).filter((k) => values[k] === true);
    if (snapshots.length > 1) throw new UsageError("--snapshot, --check and --diff go one at a time");
    if (values.snapshot === true && values.match !== undefined)
      throw new UsageError("--snapshot holds every test: run it without --match");
    // coverage: the compiler counts the runs of each form of the contracts the tests deploy
    const lcovFile = values["coverage-lcov"] as string | undefined;
    const coverage = values.coverage === true || lcovFile !== undefined ? new Coverage() : undefined;
    if (coverage) setFormProbe(coverage.probe);
    const options = {
      positions: coverage && (() => coverage.watch(authorPositions())),
      match: values.match as string | undefined,
      trace: values.trace === true,
      cases,
      seed: intFlag("seed", values.seed, 2 ** 32 - 1) ?? 1,
      depth: intFlag("depth", values.depth, 10_000), // runner.ts's DEPTH unless told
    };
    if (options.depth === 0)
      throw new UsageError("--depth must be at least 1: a sequence of no step calls nothing");
    const snapshotFile = snapshotPath(paths);
    const committed = values.check === true || values.diff === true ? readSnapshot(snapshotFile) : undefined;
    const results: TestResult[] = [];
    for (const file of files) {
      const ran = runTestFile(file, options);
      if (ran.length === 0) continue;
      out.say(`${file}`);
      for (const r of ran) {
        const labels = new Map(Object.entries(r.labels ?? {}));
        const extra = r.steps
          ? `, ${r.cases} runs of ≤${r.steps.depth} steps, ${r.steps.calls} calls, ${r.steps.reverts} reverted`
          : r.cases
            ? `, ${r.cases} cases`
            : "";
        if (r.ok) out.say(`  ${color.green("[PASS]")} ${r.name} (gas: ${r.gas}${extra})`);
        else
          out.say(`  ${color.red("[FAIL]")} ${r.name}`, indent(labelled(r.error ?? "", labels), "         "));
        if (r.reproduction) {
          const shrunk = indent(laidOut(r.reproduction).trimEnd(), "           ");
          out.say("         the shrunk sequence, as a test to paste:", shrunk);
        }
        for (const t of r.traces ?? []) out.say(indent(labelled(formatTrace(t), labels), "         "));
      }
      results.push(...ran);
    }
    const failed = results.filter((r) => !r.ok).length;
    const ms = Math.round(performance.now() - started);
    const report = values["gas-report"] === true ? gasReport(results) : undefined;
    if (report) out.say("", ...gasReportText(report));
    const covered = coverage?.report();
    if (covered) out.say("", ...coverageText(covered));
    if (covered && lcovFile !== undefined) {
      writeFileAtomic(lcovFile, lcov(covered));
      out.say(`wrote ${lcovFile} (lcov, ${covered.length} file${covered.length === 1 ? "" : "s"})`);
    }
    // the snapshot: its file's entries are relative to the folder it sits in
    const now = snapshotOf(results, (f) => relative(dirname(snapshotFile), f));
    const differences = committed && snapshotDiff(committed, now, options.match ? "some" : "all");
    if (differences) {
      const n = differences.length;
      const changes = `${n} change${n === 1 ? "" : "s"}${values.check === true ? " (tinychain test --snapshot accepts them)" : ""}`;
      out.say("", ...differences, `gas snapshot ${snapshotFile}: ${n === 0 ? "no change" : changes}`);
    }
    if (values.snapshot === true && failed > 0)
      out.say("", color.red(`gas snapshot not written: ${failed} test${failed === 1 ? "" : "s"} failed`));
    else if (values.snapshot === true) {
      writeFileAtomic(snapshotFile, snapshotText(now));
      out.say("", `wrote ${snapshotFile} (${now.size} tests)`);
    }
    // under --check, the snapshot must not differ
    const ok = failed === 0 && results.length > 0 && (values.check !== true || differences?.length === 0);
    out.document({
      ok,
      passed: results.length - failed,
      failed,
      ms,
      tests: results.map(({ calls, ...r }) => r), // the calls are in gasReport
      ...(report ? { gasReport: report, gasReportFigure: GAS_REPORT_NOTE } : {}),
      ...(covered ? { coverage: covered } : {}),
      ...(differences ? { snapshot: { file: snapshotFile, differences } } : {}),
    });
    const summary = `${results.length - failed} passed, ${failed} failed (${files.length} file${files.length === 1 ? "" : "s"}, ${ms} ms)`;
    out.say("", failed === 0 ? color.green(summary) : color.red(summary));
    if (results.length === 0)
      out.say(options.match ? `no test name contains "${options.match}"` : "no tests in these files");
    return ok ? 0 : 1;
  },
};
