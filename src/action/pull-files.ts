// A pull request's files from git, not from the REST API (issue 28: four requests fewer per pull
// request). The validate job fetches the pull request's head into the base checkout as objects only:
// nothing is checked out over the base's code, nothing of it is run. The fetch carries the blobs under
// the size cap of a transaction file and none larger (`--filter=blob:limit`), so a blob this clone
// lacks is over the cap: it is refused by its size, and its bytes are never downloaded nor read. Git
// never fetches a missing object on its own here (GIT_NO_LAZY_FETCH): what the fetch did not bring
// stays out.

import { MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { gitBytes } from "../sequencer/git.ts";

/** A file changed between two commits: `status` as GitHub's comparison names it. */
export interface ChangedFile {
  filename: string;
  status: string;
}

/** One entry of a git tree: its mode says what it is (100644/100755 file, 120000 symlink, 160000 submodule). */
export interface TreeEntry {
  name: string;
  mode: string;
  type: string;
  sha: string;
  size: number | undefined;
}

const STATUS: Record<string, string> = {
  A: "added",
  M: "modified",
  D: "removed",
  R: "renamed",
  T: "changed",
};

/** git on the base checkout, never fetching an object lazily (a blob left out stays out). */
const run = (cwd: string, args: string[], env: Record<string, string> = {}, input?: string): Buffer =>
  gitBytes(cwd, args, { env: { GIT_NO_LAZY_FETCH: "1", ...env }, input });

const text = (cwd: string, args: string[], input?: string) => run(cwd, args, {}, input).toString("utf8");

/**
 * Fetches pull request `number`'s head (GitHub serves a fork's too, as the base repository's
 * refs/pull/N/head) into refs/remotes/pull/N. The token, when there is one, goes to git as an
 * http.extraheader in git's environment, as actions/checkout passes it: never in a URL, never in
 * the arguments another process could list.
 */
export function fetchPullRequest(cwd: string, number: number, token: string, serverUrl?: string): string {
  const ref = `refs/remotes/pull/${number}`;
  const env: Record<string, string> = {};
  if (token && serverUrl?.startsWith("https://")) {
    env.GIT_CONFIG_COUNT = "1";
    env.GIT_CONFIG_KEY_0 = `http.${serverUrl.replace(/\/$/, "")}/.extraheader`;
    env.GIT_CONFIG_VALUE_0 = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  }
  run(
    cwd,
    [
      "fetch",
      "--quiet",
      "--no-tags",
      "--no-recurse-submodules",
      `--filter=blob:limit=${MAX_TX_FILE_BYTES + 1}`,
      "origin",
      `+refs/pull/${number}/head:${ref}`,
    ],
    env,
  );
  return ref;
}

/**
 * What changed from the merge base of `base` and `head` to `head` (three dots, as GitHub compares),
 * at most `max` files; exact renames only (by blob id, no bytes read).
 */
export function compareFiles(cwd: string, base: string, head: string, max: number) {
  const from = text(cwd, ["merge-base", base, head]).trim();
  const fields = text(cwd, ["diff-tree", "-r", "-z", "--find-renames=100%", "--name-status", from, head])
    .split("\0")
    .filter(Boolean);
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const letter = fields[i++]![0]!;
    if (letter === "R" || letter === "C") i++; // the name it was copied or renamed from
    files.push({ filename: fields[i++]!, status: STATUS[letter] ?? "changed" });
  }
  return { files: files.slice(0, max), truncated: files.length > max };
}

/** The entries directly in folder `dir` of `commit` (empty when there is no such folder). */
export function listTree(cwd: string, commit: string, dir: string): TreeEntry[] {
  let tree: string;
  try {
    tree = text(cwd, ["rev-parse", "--verify", "--quiet", `${commit}:${dir}`]).trim();
    if (text(cwd, ["cat-file", "-t", tree]).trim() !== "tree") return [];
  } catch {
    return []; // no such folder at the commit
  }
  const entries = text(cwd, ["ls-tree", "-z", tree])
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode, type, sha] = line.slice(0, tab).split(" ") as [string, string, string];
      return { name: line.slice(tab + 1), mode, type, sha };
    });
  // the blobs the fetch left out (over the cap) are listed as missing, without fetching them
  const missing = new Set(
    text(cwd, ["rev-list", "--objects", "--missing=print", "--no-object-names", tree])
      .split("\n")
      .filter((l) => l.startsWith("?"))
      .map((l) => l.slice(1)),
  );
  const present = entries.filter((e) => e.type === "blob" && !missing.has(e.sha)).map((e) => e.sha);
  const sizes = new Map<string, number>();
  if (present.length > 0)
    for (const line of text(
      cwd,
      ["cat-file", "--batch-check=%(objectname) %(objectsize)"],
      `${present.join("\n")}\n`,
    )
      .trim()
      .split("\n")) {
      const [sha, size] = line.split(" ");
      sizes.set(sha!, Number(size));
    }
  return entries.map((e): TreeEntry => ({ ...e, size: sizes.get(e.sha) }));
}

export const getBlob = (cwd: string, sha: string) => new Uint8Array(run(cwd, ["cat-file", "blob", sha]));
