// The files a contract test may read: `(deploy-file "x.lisp")` names a file in the test's folder, and
// a test file from a cloned repository is someone else's text. So a name is read only when it is
// relative, resolves (symlinks followed) to a regular file inside the test's folder, and holds at most
// what one transaction file may (64 KiB): `/dev/zero`, a FIFO, `../../.ssh/id_ed25519` or a symlink out
// of the folder is a clear error, never a hang or a read of the user's other files.

import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { TestFailure } from "./failures.ts";

/** why the file system refused (it throws Errors only) */
const reason = (e: unknown) =>
  (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;

/** The error of a file not read: E_FILE, the file as `what`, and why. */
const fail = (what: string, why: string): never => {
  throw new TestFailure(`E_FILE: ${what}: ${why}`);
};

/**
 * Reads `name` relative to `folder`, which it may not leave; a transaction file's 64 KiB at most. The
 * error starts with E_FILE, names the file as `what` and says why.
 */
export function readSourceIn(folder: string, name: string, what: string) {
  if (isAbsolute(name)) fail(what, `a path relative to the test's folder is expected, not an absolute one`);
  let root: string;
  let real: string;
  try {
    root = realpathSync(folder);
    real = realpathSync(resolve(folder, name));
  } catch (e) {
    return fail(what, reason(e));
  }
  const inside = relative(root, real);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    fail(what, `resolves to ${real}, outside the test's folder ${root}; only files under it are read`);
  return readRegular(real, MAX_TX_FILE_BYTES, what);
}

/**
 * The text of a source file, which must be UTF-8: a stray byte is named with its line and column, never
 * read as U+FFFD (which would put in a contract a character its author never wrote).
 */
function decodeUtf8(bytes: Uint8Array, what: string): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
  const again = Buffer.from(text, "utf8");
  if (again.equals(bytes)) return text;
  // the valid prefix encodes back byte for byte: the first difference falls in the U+FFFD that replaced
  // the first bad sequence (EF BF BD, which may begin as the bad bytes did), so its start is the bad byte
  let at = 0;
  while (at < bytes.length && again[at] === bytes[at]) at++;
  while (at > 0 && (again[at]! & 0xc0) === 0x80) at--;
  const before = Buffer.from(bytes.subarray(0, at)).toString("utf8");
  const line = before.split("\n").length;
  const col = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
  const byte = bytes[at]!.toString(16).padStart(2, "0");
  return fail(what, `not UTF-8: byte 0x${byte} at ${line}:${col} (offset ${at}); save the file as UTF-8`);
}

/** Reads a file the user named or a search found (a test file, a file to check or format): a regular UTF-8 file of `limit` bytes at most. */
export function readNamedFile(path: string, limit: number): string {
  return readRegular(path, limit, path).text;
}

const IRREGULAR = "not a regular file (a device, a FIFO or a folder is never read)";

/** A source file as read: its resolved path, its modification time (for caching) and its text. */
function readRegular(path: string, limit: number, what: string) {
  const tooBig = () => fail(what, `over the limit of ${limit} bytes (${Math.round(limit / 1024)} KiB)`);
  let fd: number | undefined;
  try {
    // checked before opening (opening a FIFO waits for a writer), and again on what was opened
    if (!statSync(path).isFile()) fail(what, IRREGULAR);
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) fail(what, IRREGULAR);
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
    return { real: path, mtimeMs: stat.mtimeMs, text: decodeUtf8(buffer.subarray(0, length), what) };
  } catch (e) {
    if (e instanceof TestFailure) throw e;
    return fail(what, reason(e));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
