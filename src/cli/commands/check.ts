// `tinychain check FILE.lisp…`: the static checks of src/tools/check.ts, as `file:line:col: severity
// code: sentence` lines (or --json); a test file (*.test.lisp) as test files are (src/testing/check-tests.ts).
// Exit 1 when any file has an error; warnings alone exit 0.

import { dirname } from "node:path";
import { grouped } from "../../client/display.ts";
import { readAll } from "../../lang/reader.ts";
import { checkTestSource, isTestFile } from "../../testing/check-tests.ts";
import { checkSource, type Finding, findingText } from "../../tools/check.ts";
import { type GasBound, gasBounds, UNITS } from "../../tools/cost.ts";
import type { Command } from "../command.ts";
import { readUserFile } from "../files.ts";
import { color } from "../output.ts";

function boundLine(file: string, b: GasBound): string {
  const name = `${b.contract}.${b.fn}`.padEnd(24);
  if ("unbounded" in b) return `  ${name} unbounded: ${b.unbounded} at ${file}:${b.at.line}:${b.at.col}`;
  const terms = b.per.map((u) => ` + ${UNITS[u]}/${u}`).join("");
  return `  ${name} ≤ ${grouped(b.gas)} gas${terms}`;
}

/** A file's findings: a test file's as test files are checked (check-tests.ts), else check.ts's. */
export function findingsOf(path: string, text: string): { test: boolean; findings: Finding[] } {
  const test = isTestFile(path, text); // named *.test.lisp, or its forms read as a test file's
  return { test, findings: test ? checkTestSource(text, dirname(path)) : checkSource(text) };
}

export function findingLine(file: string, f: Finding): string {
  const text = findingText(f, file);
  return f.severity === "error" ? color.red(text) : text;
}

export const checkCommand: Command = {
  summary: "static checks of contracts and programs: unknown names, arity, views that write, unused names",
  usage: "tinychain check FILE.lisp… [--json]   (FILE.test.lisp: a test file, checked as one)",
  example: "tinychain check token.lisp",
  details:
    "Then the most gas one call of each function can use: a number plus a price per unit of data whose " +
    "size only the run knows, or 'unbounded' naming the loop or call that makes it so. " +
    "Exit 0 when no file has an error (warnings are printed), 1 otherwise. deploy runs the same checks.",
  run({ positionals, out }) {
    const files = positionals.map((file) => {
      const text = readUserFile(file);
      // a test file: its tests checked as the programs they run, with the test language's names known
      const { test, findings } = findingsOf(file, text);
      // a bound of code that does not compile would mean nothing (and code without errors reads); a test
      // file has none
      const bounded = !test && findings.every((f) => f.severity !== "error");
      return { file, findings, bounds: bounded ? gasBounds(readAll(text)) : [] };
    });
    for (const { file, findings } of files) for (const f of findings) out.say(findingLine(file, f));
    const all = files.flatMap((f) => f.findings);
    const errors = all.filter((f) => f.severity === "error").length;
    const warnings = all.length - errors;
    for (const { file, bounds } of files)
      if (bounds.length > 0) {
        out.say(`${file}: gas of one call (a transaction adds 21,000 and 16 a byte of its text)`);
        for (const b of bounds) out.say(boundLine(file, b));
      }
    out.document({ ok: errors === 0, errors, warnings, files });
    const summary = `${files.length} file${files.length === 1 ? "" : "s"}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
    out.say(errors === 0 ? color.green(summary) : summary);
    return errors === 0 ? 0 : 1;
  },
};
