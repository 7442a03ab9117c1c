// A pull request's files from git, not from the REST API (issue 28: four requests fewer per pull
// request). The validate job fetches the pull request's head into the base checkout as objects only:
// nothing is checked out over the base's code, nothing of it is run. The fetch carries the blobs under
// the size cap of a transaction file and none larger (`--filter=blob:limit`), so a blob this clone
// lacks is over the cap: it is refused by its size, and its bytes are never downloaded nor read. Git
// never fetches a missing object on its own here (GIT_NO_LAZY_FETCH): what the fetch did not bring
// stays out.

import { MAX_TX_FILE_BYTES } from "../chain/transaction.ts";
import { gitBytes, readObjects } from "../sequencer/git.ts";

/** A file changed between two commits: `status` as git's name-status letters say it (A, M, D, R, T…). */
export interface ChangedFile {
  filename: string;
  status: string;
}

/**
 * A file of a commit's tree: its mode says what it is (100644/100755 file, 120000 symlink, 160000
 * submodule); `size` and `bytes` when this clone has its blob, `bytes` only up to the cap.
 */
export interface TreeEntry {
  mode: string;
  type: string;
  size?: number;
  bytes?: Uint8Array;
}

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
    files.push({ filename: fields[i++]!, status: letter });
  }
  return { files: files.slice(0, max), truncated: files.length > max };
}

/**
 * The entries of `paths` (all in folder `dir`) at `commit`, each with the bytes of its blob when this
 * clone has it and it is at most `cap` bytes long (one git process for them all).
 */
export function readEntries(
  cwd: string,
  commit: string,
  dir: string,
  paths: string[],
  cap: number,
): Map<string, TreeEntry> {
  const wanted = new Set(paths);
  // the folder's listing, never the paths as arguments: git would read a name like `txs/*` as a pattern
  const entries = text(cwd, ["ls-tree", "-z", commit, "--", `${dir}/`])
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode, type, sha] = line.slice(0, tab).split(" ") as [string, string, string];
      return { path: line.slice(tab + 1), mode, type, sha };
    })
    .filter((e) => wanted.has(e.path));
  if (entries.length === 0) return new Map();
  // the blobs the fetch left out (over the cap) are listed as missing, without fetching them
  const missing = new Set(
    text(cwd, ["rev-list", "--objects", "--missing=print", "--no-object-names", `${commit}:${dir}`])
      .split("\n")
      .filter((l) => l.startsWith("?"))
      .map((l) => l.slice(1)),
  );
  const present = entries.filter((e) => e.type === "blob" && !missing.has(e.sha));
  const sizes = readObjects(
    cwd,
    present.map((e) => e.sha),
    true,
  ).map((o) => o?.size);
  const small = present.filter((_, i) => sizes[i]! <= cap);
  const blobs = readObjects(
    cwd,
    small.map((e) => e.sha),
  );
  const found = new Map(entries.map((e): [string, TreeEntry] => [e.path, { mode: e.mode, type: e.type }]));
  for (const [i, e] of present.entries()) found.get(e.path)!.size = sizes[i];
  for (const [i, e] of small.entries()) found.get(e.path)!.bytes = new Uint8Array(blobs[i]!.body);
  return found;
}
