// The chain's web page, served by the node (docs/web.md): dist/web/ as built, a config.json that points
// the page at this node, and the state/ files of the commit the node has verified, read from its clone.
// GET only, read-only, on 127.0.0.1 like the JSON-RPC beside it.

import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { git, readObjects } from "../sequencer/git.ts";

export interface StaticFile {
  type: string;
  body: Buffer | string;
  /** the Content-Security-Policy header: the page's own <meta> policy, and no framing */
  csp: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".lisp": "text/plain; charset=utf-8",
};
const PAGE_FILES = new Set(["index.html", "page.js", "style.css"]);
/** a state file's path: no ".." (a segment cannot start with a dot), no empty segment, nothing git's
 *  batch format could misread */
const STATE_PATH = /^state(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/;

/** dist/web/ beside the running bundle (dist/cli.js) */
export const WEB_DIR = fileURLToPath(new URL("./web/", import.meta.url));

/**
 * owner/name of a GitHub remote: an https or ssh URL (any credentials in it dropped), or a local clone
 * whose `origin` is one (the page's pull request link for `tinychain node` in a clone). null otherwise.
 */
export function githubRepo(remote: string): string | null {
  let url = remote;
  try {
    if (statSync(remote, { throwIfNoEntry: false })?.isDirectory())
      url = git(remote, ["config", "--get", "remote.origin.url"]);
  } catch {
    return null; // a clone without origin
  }
  const m =
    /^(?:https:\/\/(?:[^@/]*@)?github\.com\/|ssh:\/\/git@github\.com(?::22)?\/|git@github\.com:)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
      url,
    );
  return m && m[1] !== ".." && m[2] !== ".." && m[2] !== "." ? `${m[1]}/${m[2]}` : null;
}

/**
 * The GET routes: `/` and the page's files, `/config.json`, `/state/…` at `commit()` in the clone `dir`,
 * and `/txs.json`: the pending transaction files (txs/) of that commit. undefined: no such file (404).
 */
export function pageRoutes(
  dir: string,
  commit: () => string,
  config: { repo: string | null; branch: string },
  webDir = WEB_DIR,
): (path: string) => StaticFile | undefined {
  // the page's files are read once: they change only with a build, which restarts nothing here
  const page = new Map<string, Buffer>();
  for (const name of PAGE_FILES)
    if (existsSync(join(webDir, name))) page.set(name, readFileSync(join(webDir, name)));
  // one policy, written once: the <meta> of index.html; a header can also forbid framing
  const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(
    page.get("index.html")?.toString("utf8") ?? "",
  );
  const csp = `${meta?.[1] ?? "default-src 'none'"}; frame-ancestors 'none'`;
  const file = (name: string, body: Buffer | string): StaticFile => ({
    type: TYPES[extname(name)] ?? "application/octet-stream",
    body,
    csp,
  });
  const configJson = JSON.stringify({ base: "./", rpc: "./", ...config });
  return (path) => {
    let rel: string;
    try {
      rel = decodeURIComponent(path.split("?")[0]!).replace(/^\//, "");
    } catch {
      return undefined;
    }
    if (rel === "") rel = "index.html";
    if (rel === "config.json") return file(rel, configJson);
    if (rel === "txs.json") {
      const names = git(dir, ["ls-tree", "--name-only", "-z", commit(), "txs/"]).split("\0");
      return file(rel, JSON.stringify(names.filter((n) => /^txs\/[^/]+\.json$/.test(n))));
    }
    const own = page.get(rel);
    if (own) return file(rel, own);
    if (!STATE_PATH.test(rel)) return undefined;
    const [object] = readObjects(dir, [`${commit()}:${rel}`]);
    return object?.type === "blob" ? file(rel, object.body) : undefined;
  };
}
