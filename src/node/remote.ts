// The repository a node follows: where its clone lives, the remote as git needs it, and the remote as
// anyone else may see it (a URL can carry a token: `https://user:ghp_…@github.com/…`, `?token=…`).

import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { bytesToHex, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { git } from "../sequencer/git.ts";
import { writeFileAtomic } from "../store/files.ts";
import { StoreError } from "../store/snapshot.ts";

/** The default folder of a node's clone (or a relay's data): inside the chain folder's own cache, which
 *  ignores itself (its .gitignore is written here), one folder per remote. */
export function defaultDataDir(chainDir: string, remote: string, kind: "node" | "relay" = "node"): string {
  const cache = join(chainDir, ".tinychain-cache");
  if (!existsSync(join(cache, ".gitignore"))) writeFileAtomic(join(cache, ".gitignore"), "*\n");
  return join(cache, `${kind}-${bytesToHex(keccak256(utf8(remote))).slice(0, 12)}`);
}

/** A remote given as a path is made absolute, so the clone does not depend on where it runs. */
export function normalizeRemote(remote: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || /^[^/]+@[^/]+:/.test(remote) ? remote : resolve(remote);
}

/**
 * A text with the secrets of every URL in it replaced by `***`: the user and password before `@`, and
 * the value of every query parameter. Used for whatever the node answers or logs about its remote (git's
 * messages repeat the URL). An scp-like `git@host:path` names no secret and is kept.
 */
export function redactUrls(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s'"<>]+)/gi, (_, scheme: string, rest: string) => {
    const end = rest.search(/[/?#]/);
    const authority = end < 0 ? rest : rest.slice(0, end);
    const at = authority.lastIndexOf("@");
    const host = at < 0 ? authority : `***@${authority.slice(at + 1)}`;
    const tail = (end < 0 ? "" : rest.slice(end)).replace(/([?&][^=&#]+=)[^&#]*/g, "$1***");
    return `${scheme}${host}${tail}`;
  });
}

/**
 * The node's clone of `remote` in `dir`: made on first use (blob-less and sparse), else checked to be a
 * clone of the same remote and put on `branch`.
 */
export function cloneOrReuse(remote: string, dir: string, branch: string | undefined): void {
  if (!existsSync(join(dir, ".git"))) {
    const parent = dirname(dir);
    mkdirSync(parent, { recursive: true });
    // the remote is untrusted: a symlink in it is checked out as a plain file, never followed.
    // The node replays blocks and needs no account file: its clone has the history's commits and
    // trees but only the blobs it reads (a blob-less clone), and a work tree of state/blocks and
    // state/'s own files (a sparse checkout). A remote given as a path is copied whole by git.
    const filter = ["--filter=blob:none", "--sparse", ...(branch ? ["--branch", branch] : [])];
    git(parent, ["clone", "-q", "-c", "core.symlinks=false", ...filter, remote, dir]);
    git(dir, ["sparse-checkout", "set", "state/blocks"]);
  } else {
    const origin = git(dir, ["remote", "get-url", "origin"]);
    if (origin !== remote)
      throw new StoreError(
        "E_USAGE",
        `${dir} is a clone of ${origin}, not of ${remote}`,
        "pass another --data folder, or the same --remote",
      );
    if (branch) git(dir, ["checkout", "-q", branch]);
  }
}
