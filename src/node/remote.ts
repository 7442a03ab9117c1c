// The repository a node follows: where its clone lives, the remote as git needs it, and the remote as
// anyone else may see it (a URL can carry a token: `https://user:ghp_…@github.com/…`, `?token=…`).

import { join, resolve } from "node:path";
import { bytesToHex, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";

/** The default folder of a node's clone: inside the chain folder's own (self-ignoring) cache. */
export function defaultDataDir(chainDir: string, remote: string): string {
  return join(chainDir, ".tinychain-cache", `node-${bytesToHex(keccak256(utf8(remote))).slice(0, 12)}`);
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
