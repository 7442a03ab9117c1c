// The files a contract test may read: `(deploy-file "x.lisp")` names a file in the test's folder, and
// a test file from a cloned repository is someone else's text. So a name is read only when it is
// relative, resolves (symlinks followed) to a regular file inside the test's folder, and holds at most
// what one transaction file may (64 KiB): `/dev/zero`, a FIFO, `../../.ssh/id_ed25519` or a symlink out
// of the folder is a clear error, never a hang or a read of the user's other files.

import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { TestFailure } from "./failures.ts";

/** A source file as read: its resolved path, its modification time (for caching) and its text. */
export interface SourceFile {
  real: string;
  mtimeMs: number;
  text: string;
}

const reason = (e: unknown) =>
  (e as NodeJS.ErrnoException).code === "ENOENT"
    ? "no such file"
    : e instanceof Error
      ? e.message
      : String(e);

/**
 * Reads `name` relative to `folder`, which it may not leave; `limit` bytes at most. The error starts
 * with E_FILE, names the file as `what` and says why.
 */
export function readSourceIn(
  folder: string,
  name: string,
  what = name,
  limit = MAX_TX_FILE_BYTES,
): SourceFile {
  const fail = (why: string): never => {
    throw new TestFailure(`E_FILE: ${what}: ${why}`);
  };
  if (isAbsolute(name)) fail(`a path relative to the test's folder is expected, not an absolute one`);
  let root: string;
  let real: string;
  try {
    root = realpathSync(folder);
    real = realpathSync(resolve(folder, name));
  } catch (e) {
    return fail(reason(e));
  }
  const inside = relative(root, real);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    fail(`resolves to ${real}, outside the test's folder ${root}; only files under it are read`);
  return readRegular(real, limit, fail);
}

/** Reads a test file itself: a regular file (a path the user named or the search found) of `limit` bytes at most. */
export function readTestFile(path: string, limit: number): string {
  return readRegular(path, limit, (why) => {
    throw new TestFailure(`E_FILE: ${path}: ${why}`);
  }).text;
}

function readRegular(path: string, limit: number, fail: (why: string) => never): SourceFile {
  const irregular = "not a regular file (a device, a FIFO or a folder is never read)";
  const tooBig = () => fail(`over the limit of ${limit} bytes (${Math.round(limit / 1024)} KiB)`);
  let fd: number | undefined;
  try {
    // checked before opening (opening a FIFO waits for a writer), and again on what was opened
    if (!statSync(path).isFile()) fail(irregular);
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) fail(irregular);
    if (stat.size > limit) tooBig();
    // one byte more than the limit tells a file that grew since fstat
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, limit + 1 - length, null);
      if (n === 0) break;
      length += n;
      if (length > limit) tooBig();
    }
    return { real: path, mtimeMs: stat.mtimeMs, text: new TextDecoder().decode(buffer.subarray(0, length)) };
  } catch (e) {
    if (e instanceof TestFailure) throw e;
    return fail(reason(e));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
