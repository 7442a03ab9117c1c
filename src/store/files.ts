// File-system helpers: atomic writes (temp file + rename, so a reader or a killed process never sees
// half a file) and reads that tell a missing file from other errors. No fsync: a rename is atomic for
// any reader and across a killed process, and the durable copy of a chain is its git history (a
// machine that loses power mid-apply is recovered with `git checkout -- state`).

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

let counter = 0;

export function writeFileAtomic(path: string, content: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${counter++}`;
  try {
    writeFileSync(tmp, content, mode === undefined ? undefined : { mode });
    renameSync(tmp, path);
  } catch (e) {
    // a full disk or a rename refused leaves the old file as it was, and no temp file beside it
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the write's own error is the one to report
    }
    throw e;
  }
}

export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
