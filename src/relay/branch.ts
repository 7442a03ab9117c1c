// A branch of transaction files, made with git's plumbing: the files' blobs (hash-object), txs/'s tree
// and the root tree with it (ls-tree, mktree), the commit on top of a base commit (commit-tree) and the
// branch (update-ref). Nothing reads or writes a work tree or an index: `tinychain bundle` leaves the
// user's checkout as it was, and the relay builds in its node's blob-less clone.

import { git } from "../sequencer/git.ts";

export interface BranchFile {
  /** txs/<from>-<nonce>.json */
  path: string;
  /** the file's exact text (transaction files are strict UTF-8) */
  text: string;
}

/** Who the relay's commits are by, when git has no identity of its own to give. */
export const RELAY_IDENTITY = ["-c", "user.name=tinychain relay", "-c", "user.email=relay@tinychain.invalid"];

/** A tree's entries as `ls-tree -z` prints them and `mktree -z` reads them, by name. */
function entries(cwd: string, treeish: string): Map<string, string> {
  let out = "";
  try {
    out = git(cwd, ["ls-tree", "-z", treeish]);
  } catch {
    return new Map(); // no such folder at the base: txs/ is made
  }
  const map = new Map<string, string>();
  for (const line of out.split("\0").filter(Boolean)) map.set(line.slice(line.indexOf("\t") + 1), line);
  return map;
}

function mktree(cwd: string, map: Map<string, string>): string {
  // --missing: the entries come from the base tree, whose blobs a blob-less clone does not hold (and
  // need not: the remote has them)
  return git(cwd, ["mktree", "-z", "--missing"], `${[...map.values()].join("\0")}\0`);
}

/** The paths of `files` that the base commit already has. */
export function existingFiles(cwd: string, base: string, files: BranchFile[]): string[] {
  const txs = entries(cwd, `${base}:txs`);
  return files.filter((f) => txs.has(f.path.slice("txs/".length))).map((f) => f.path);
}

/**
 * Commits `files` into txs/ on top of `base` and points `refs/heads/<branch>` at it. `identity`: git
 * options naming the author when the repository's configuration does not (the relay's). Returns the
 * commit's sha.
 */
export function commitFiles(
  cwd: string,
  base: string,
  branch: string,
  files: BranchFile[],
  message: string,
  identity: string[] = [],
): string {
  const txs = entries(cwd, `${base}:txs`);
  for (const f of files) {
    const blob = git(cwd, ["hash-object", "-w", "--stdin"], f.text);
    const name = f.path.slice("txs/".length);
    txs.set(name, `100644 blob ${blob}\t${name}`);
  }
  const root = entries(cwd, `${base}^{tree}`);
  root.set("txs", `040000 tree ${mktree(cwd, txs)}\ttxs`);
  const tree = mktree(cwd, root);
  const commit = git(cwd, [...identity, "commit-tree", tree, "-p", base, "-m", message]);
  git(cwd, ["update-ref", `refs/heads/${branch}`, commit]);
  return commit;
}
