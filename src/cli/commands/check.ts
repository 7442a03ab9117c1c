// `tinychain check FILE.lisp…`: the static checks of src/lang/check.ts, as `file:line:col: severity
// code: sentence` lines (or --json). Exit 1 when any file has an error; warnings alone exit 0.

import { existsSync, readFileSync } from "node:fs";
import { checkSource, type Finding } from "../../lang/check.ts";
import { parse } from "../args.ts";
import { CliError, UsageError } from "../errors.ts";
import { color, makeOutput } from "../output.ts";
import type { Command } from "./types.ts";

/** The findings of one file, read as the author wrote it (positions are its lines). */
export function checkFile(file: string): Finding[] {
  if (!existsSync(file)) throw new CliError("E_FILE", `file ${file} does not exist`, 2);
  return checkSource(readFileSync(file, "utf8"));
}

export function findingLine(file: string, f: Finding): string {
  const text = `${file}:${f.line}:${f.col}: ${f.severity} ${f.code}: ${f.message}`;
  return f.severity === "error" ? color.red(text) : text;
}

export const checkCommand: Command = {
  name: "check",
  summary: "static checks of contracts and programs: unknown names, arity, views that write, unused names",
  usage: "tinychain check FILE.lisp… [--json]",
  details:
    "Exit 0 when no file has an error (warnings are printed), 1 otherwise. deploy runs the same checks.",
  run(argv) {
    const { values, positionals } = parse("check", argv, {});
    if (positionals.length === 0)
      throw new UsageError("check takes one or more .lisp files", "tinychain check token.lisp");
    const out = makeOutput(values.json === true);
    const files = positionals.map((file) => ({ file, findings: checkFile(file) }));
    let errors = 0;
    let warnings = 0;
    for (const { file, findings } of files)
      for (const f of findings) {
        if (f.severity === "error") errors++;
        else warnings++;
        out.say(findingLine(file, f));
      }
    out.document({ ok: errors === 0, errors, warnings, files });
    const summary = `${files.length} file${files.length === 1 ? "" : "s"}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
    out.say(errors === 0 ? color.green(summary) : summary);
    return errors === 0 ? 0 : 1;
  },
};
