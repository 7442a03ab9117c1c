// Files the user names on the command line (a contract, a test file, a folder of them): found under a
// path, and read as src/testing/source-file.ts reads a source file, its mistakes as the CLI's E_FILE.

import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../lang/errors.ts";
import { isHead, readAll } from "../lang/reader.ts";
import { TestFailure } from "../testing/failures.ts";
import { authorPositions, type PositionMap } from "../testing/positions.ts";
import { readNamedFile } from "../testing/source-file.ts";
import { CliError } from "./errors.ts";

/** Every *.test.lisp under a path, sorted (folders named node_modules or starting with a dot skipped). */
export function sourceFiles(path: string, suffix = ".test.lisp"): string[] {
  if (!existsSync(path)) throw new CliError("E_FILE", `${path} does not exist`, 2);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      if (e.isDirectory())
        return e.name.startsWith(".") || e.name === "node_modules"
          ? []
          : sourceFiles(join(path, e.name), suffix);
      return e.name.endsWith(suffix) ? [join(path, e.name)] : [];
    });
}

/**
 * A file the user named (a contract, a program, a proof…), read as src/testing/source-file.ts reads one:
 * a regular UTF-8 file of at most `limit` bytes; a missing one exits 2, any other mistake is E_FILE too.
 */
export function readUserFile(path: string, limit = 1024 * 1024): string {
  if (!existsSync(path)) throw new CliError("E_FILE", `file ${path} does not exist`, 2);
  try {
    return readNamedFile(path, limit);
  } catch (e) {
    if (!(e instanceof TestFailure)) throw e;
    throw new CliError("E_FILE", e.message.replace(/^E_FILE: /, ""), 1);
  }
}

/**
 * The author's contract files (`--source FILE…`, and the file `deploy` sends): a receipt's error names a
 * place in the chain's canonical printing of the code, and testing/positions.ts maps it back into them.
 */
export function authorSources(files: unknown): PositionMap {
  const map = authorPositions();
  for (const file of (files as string[] | undefined) ?? [])
    try {
      for (const f of readAll(readUserFile(file))) if (isHead(f, "contract")) map.add(file, f);
    } catch (e) {
      throw e instanceof DataError ? new CliError("E_DATA", `${file}: ${e.message}`, 1) : e;
    }
  return map;
}
