// A block commit made from the paths the block changed, with git's plumbing: the new blobs
// (hash-object), the trees of the changed folders and their parents only (ls-tree, mktree), the
// commit (commit-tree) and the branch (update-ref). `git add` would stat every file of state/ and
// rewrite the whole index: with the fan-out layout the trees touched here stay small, so a block's
// commit costs what the block changed, not what the state holds. The index is left behind (the
// action pushes the commit and never reads its index again).

import { lstatSync } from "node:fs";
import { join } from "node:path";
import { BOT_EMAIL, BOT_NAME, git, readObjects } from "./git.ts";

type Entry = { mode: string; type: string; sha: string };

const parentOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");
const nameOf = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/**
 * The entries directly in each of `dirs` at `rev` (an absent folder has none), from the raw tree
 * objects: entries are `<mode> <name>\0<20-byte sha>`.
 */
export function listTrees(cwd: string, rev: string, dirs: string[]): Map<string, Map<string, Entry>> {
  const objects = readObjects(
    cwd,
    dirs.map((d) => (d === "" ? `${rev}^{tree}` : `${rev}:${d}`)),
  );
  const out = new Map(dirs.map((d) => [d, new Map<string, Entry>()]));
  dirs.forEach((dir, k) => {
    const o = objects[k];
    if (o?.type !== "tree") return; // a folder that does not exist yet
    const entries = out.get(dir)!;
    const body = o.body;
    for (let i = 0; i < body.length; ) {
      const space = body.indexOf(32, i);
      const nul = body.indexOf(0, space);
      const mode = body.subarray(i, space).toString("utf8").padStart(6, "0");
      const name = body.subarray(space + 1, nul).toString("utf8");
      const sha = body.subarray(nul + 1, nul + 21).toString("hex");
      const type = mode === "040000" ? "tree" : mode === "160000" ? "commit" : "blob";
      entries.set(name, { mode, type, sha });
      i = nul + 21;
    }
  });
  return out;
}

/**
 * Commits the work tree's version of `paths` (deleted where the file is gone) on top of HEAD as the
 * bot, and moves the branch to it. Returns false when the tree did not change.
 */
export function commitPaths(cwd: string, message: string, paths: string[]): boolean {
  const base = git(cwd, ["rev-parse", "HEAD"]);
  const files = [...new Set(paths)].sort();
  const present = files.filter((p) => {
    try {
      return lstatSync(join(cwd, p)).isFile();
    } catch {
      return false;
    }
  });
  const blobs = present.length
    ? git(cwd, ["hash-object", "-w", "--stdin-paths"], `${present.join("\n")}\n`).split("\n")
    : [];
  const blobOf = new Map(present.map((p, i) => [p, blobs[i]!]));
  const root = treeWith(cwd, base, new Map(files.map((f) => [f, blobOf.get(f)])));
  if (root === git(cwd, ["rev-parse", `${base}^{tree}`])) return false;
  const bot = ["-c", `user.name=${BOT_NAME}`, "-c", `user.email=${BOT_EMAIL}`];
  const commit = git(cwd, [...bot, "commit-tree", root, "-p", base, "-F", "-"], message);
  git(cwd, ["update-ref", "-m", "tinychain: block commit", "HEAD", commit, base]);
  return true;
}

/**
 * The tree of commit `base` with `blobs` put in (path → blob id; undefined: the file deleted, and a
 * folder left empty with it), made from the trees of the changed folders and their parents only.
 */
export function treeWith(cwd: string, base: string, blobs: Map<string, string | undefined>): string {
  const files = [...blobs.keys()];
  // every folder on the way from a changed file to the root, deepest first
  const dirs = new Set<string>();
  for (const f of files)
    for (let d = parentOf(f); ; d = parentOf(d)) {
      dirs.add(d);
      if (d === "") break;
    }
  const depth = (d: string) => (d === "" ? 0 : d.split("/").length);
  const order = [...dirs].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : 1));
  const trees = listTrees(cwd, base, order);
  for (const f of files) {
    const entries = trees.get(parentOf(f))!;
    const blob = blobs.get(f);
    if (blob) entries.set(nameOf(f), { mode: "100644", type: "blob", sha: blob });
    else entries.delete(nameOf(f));
  }
  // one `git mktree --batch` per depth, deepest first: a folder's new tree is known before its parent's.
  // --missing: in the apply workflow's blob-less clone the unchanged files beside a changed one are not
  // on the runner (their ids come from the commit's trees, which are)
  let root = "";
  for (let level = depth(order[0] ?? ""); level >= 0; level--) {
    const here = order.filter((d) => depth(d) === level && trees.get(d)!.size > 0);
    for (const d of order.filter((x) => depth(x) === level && trees.get(x)!.size === 0))
      if (d !== "") trees.get(parentOf(d))!.delete(nameOf(d)); // a folder left empty goes
    if (here.length === 0) continue;
    const input = here
      .map((d) =>
        [...trees.get(d)!]
          .sort((x, y) => (x[0] < y[0] ? -1 : 1))
          .map(([name, e]) => `${e.mode} ${e.type} ${e.sha}\t${name}\n`)
          .join(""),
      )
      .join("\n");
    const shas = git(cwd, ["mktree", "--batch", "--missing"], `${input}\n`).split("\n");
    here.forEach((d, i) => {
      if (d === "") root = shas[i]!;
      else trees.get(parentOf(d))!.set(nameOf(d), { mode: "040000", type: "tree", sha: shas[i]! });
    });
  }
  return root;
}
