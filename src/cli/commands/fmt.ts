// `tinychain fmt [PATH…] [--check]`: every .lisp file under each path (default: here) in the canonical
// layout of src/tools/format.ts, rewritten in place (temp file + rename); `--check` rewrites nothing
// and exits 1 naming each file that is not in it, for CI (like `forge fmt --check`).

import { DataError } from "../../lang/errors.ts";
import { writeFileAtomic } from "../../store/files.ts";
import { format } from "../../tools/format.ts";
import { CliError, type Command } from "../command.ts";
import { readUserFile, sourceFiles } from "../files.ts";

export const fmtCommand: Command = {
  summary: "lay out contract and test files (*.lisp) in the one canonical layout; --check for CI",
  usage: "tinychain fmt [PATH…] [--check] [--json]",
  details: [
    "Formats every .lisp file under each PATH (default: the current folder; folders starting with a dot",
    "and node_modules skipped) in place. Comments are kept; only space between the elements changes, and",
    "a file whose text does not read is left as it is, with its error. --check writes nothing and exits 1",
    "when a file is not formatted.",
  ].join("\n"),
  run({ values, positionals, out }) {
    const paths = positionals.length > 0 ? positionals : ["."];
    const files = paths.flatMap((p) => sourceFiles(p, ".lisp"));
    if (files.length === 0) throw new CliError("E_FILE", `no .lisp files under ${paths.join(", ")}`, 1);
    const check = values.check === true;
    const changed: string[] = [];
    const errors: { file: string; error: string }[] = [];
    for (const file of files) {
      const text = readUserFile(file);
      let formatted: string;
      try {
        formatted = format(text);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        const error = `${file}:${e.pos ? "" : " "}${e.message} (E_SYNTAX)`;
        errors.push({ file, error });
        out.say(error);
        continue;
      }
      if (formatted === text) continue;
      changed.push(file);
      if (check) out.say(`${file}: not formatted (tinychain fmt ${file})`);
      else {
        writeFileAtomic(file, formatted);
        out.say(`formatted ${file}`);
      }
    }
    const ok = errors.length === 0 && (!check || changed.length === 0);
    out.document({ ok, files: files.length, [check ? "unformatted" : "formatted"]: changed, errors });
    out.say(
      `${files.length} file${files.length === 1 ? "" : "s"}: ${changed.length} ${check ? "not formatted" : "formatted"}${errors.length ? `, ${errors.length} unreadable` : ""}`,
    );
    return ok ? 0 : 1;
  },
};
