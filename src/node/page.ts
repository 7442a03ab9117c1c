// The chain's web page, served by the node (docs/web.md): dist/web/ as built, a config.json that points
// the page at this node, and the state/ files of the commit the node has verified, read from its clone.
// GET only, read-only, on 127.0.0.1 like the JSON-RPC beside it.

import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readObjects } from "../sequencer/git.ts";

export interface StaticFile {
  type: string;
  body: Buffer | string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".lisp": "text/plain; charset=utf-8",
};
const PAGE_FILES = new Set(["index.html", "page.js", "style.css"]);
/** a state file's path: no "..", no empty segment, nothing git's batch format could misread */
const STATE_PATH = /^state(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/;

/** dist/web/ beside the running bundle (dist/cli.js) */
export const WEB_DIR = fileURLToPath(new URL("./web/", import.meta.url));

/** owner/name of a GitHub remote URL (https or ssh), or null. */
export function githubRepo(remote: string): string | null {
  const m = /github\.com[:/]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(\.git)?\/?$/.exec(remote);
  return m ? `${m[1]}/${m[2]}` : null;
}

/**
 * The GET routes: `/` and the page's files, `/config.json`, and `/state/…` at `commit()` in the clone
 * `dir`. undefined: no such file (404).
 */
export function pageRoutes(
  dir: string,
  commit: () => string,
  config: { repo: string | null; branch: string },
  webDir = WEB_DIR,
): (path: string) => StaticFile | undefined {
  return (path) => {
    let rel: string;
    try {
      rel = decodeURIComponent(path.split("?")[0]!).replace(/^\//, "");
    } catch {
      return undefined;
    }
    if (rel === "") rel = "index.html";
    if (rel === "config.json")
      return { type: TYPES[".json"]!, body: JSON.stringify({ base: "./", ...config }) };
    if (PAGE_FILES.has(rel)) {
      const file = join(webDir, rel);
      return existsSync(file) ? { type: TYPES[extname(rel)]!, body: readFileSync(file) } : undefined;
    }
    if (!STATE_PATH.test(rel) || rel.split("/").includes("..")) return undefined;
    const [object] = readObjects(dir, [`${commit()}:${rel}`]);
    if (object?.type !== "blob") return undefined;
    return { type: TYPES[extname(rel)] ?? "application/octet-stream", body: object.body };
  };
}
