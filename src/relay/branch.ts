// A branch of transaction files, made with git's plumbing: the files' blobs (hash-object), txs/'s tree
// and the root tree with it (sequencer/commit.ts treeWith, as a block commit makes its trees), the
// commit on top of a base commit (commit-tree) and the branch (update-ref). Nothing reads or writes a work tree or an index: `tinychain bundle` leaves the
// user's checkout as it was, and the relay builds in its node's blob-less clone.

import { listTrees, treeWith } from "../sequencer/commit.ts";
import { git } from "../sequencer/git.ts";

export interface BranchFile {
  /** txs/<from>-<nonce>.json */
  path: string;
  /** the file's exact text (transaction files are strict UTF-8) */
  text: string;
}

/** Who the relay's commits are by, when git has no identity of its own to give. */
export const RELAY_IDENTITY = ["-c", "user.name=tinychain relay", "-c", "user.email=relay@tinychain.invalid"];

/** The paths of `files` that the base commit already has. */
export function existingFiles(cwd: string, base: string, files: BranchFile[]): string[] {
  const txs = listTrees(cwd, base, ["txs"]).get("txs")!;
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
  const blobs = new Map(files.map((f) => [f.path, git(cwd, ["hash-object", "-w", "--stdin"], f.text)]));
  const tree = treeWith(cwd, base, blobs);
  const commit = git(cwd, [...identity, "commit-tree", tree, "-p", base, "-m", message]);
  git(cwd, ["update-ref", `refs/heads/${branch}`, commit]);
  return commit;
}
