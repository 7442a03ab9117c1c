// Reading the chain's committed files from git's objects, for the apply workflow's checkout: blob-less
// (`filter: blob:none`) and sparse (state/ is not in the work tree), so a runner downloads the commits'
// trees but only the blobs a block reads. A blob the clone lacks is fetched when first read (git's
// lazy fetch from the promisor remote); `prefetch` asks for many in one round trip.

import type { ObjectSource } from "../store/source.ts";
import { git, readTexts, tryGit } from "./git.ts";

/** git config's values matching a pattern, one `name value` a line ("" when none: git exits 1). */
const config = (cwd: string, pattern: string) => tryGit(cwd, ["config", "--get-regexp", pattern]) ?? "";

/** Is this a partial clone (blobs fetched on demand from a promisor remote)? Asked once per clone. */
export function isPartialClone(cwd: string): boolean {
  if (!partialClones.has(cwd)) {
    // a clone with --filter marks its remote as a promisor (older layouts: extensions.partialClone)
    const found = config(cwd, "^(remote\\..*\\.promisor|extensions\\.partialclone)$");
    partialClones.set(cwd, /^(remote\..*\.promisor true|extensions\.partialclone \S+)$/im.test(found));
  }
  return partialClones.get(cwd)!;
}
const partialClones = new Map<string, boolean>();

/** Is state/ outside the work tree's sparse checkout? */
export function stateIsSparse(cwd: string): boolean {
  if (config(cwd, "^core\\.sparsecheckout$") !== "core.sparsecheckout true") return false;
  const listed = git(cwd, ["sparse-checkout", "list"]).split("\n");
  return !listed.some((d) => d === "state" || d.startsWith("state/"));
}

/**
 * Fetches, in one request when the clone is partial (a no-op otherwise), the blobs of `specs`
 * (`<rev>:<path>`, all existing) and of those of `paths` that HEAD has. Without it each missing blob
 * would be its own round trip. A blob this process fetched before is not asked for again.
 */
export function prefetch(cwd: string, specs: string[], paths: string[] = []): void {
  if ((specs.length === 0 && paths.length === 0) || !isPartialClone(cwd)) return;
  // a path that is not there: leave those to the lazy fetch
  const oids = specs.length > 0 ? (tryGit(cwd, ["rev-parse", ...specs])?.split("\n") ?? []) : [];
  // ls-tree takes the paths as arguments: a few thousand at a time
  for (let i = 0; i < paths.length; i += 2000)
    for (const line of git(cwd, ["ls-tree", "-z", "HEAD", "--", ...paths.slice(i, i + 2000)]).split("\0")) {
      const oid = /^\d+ blob ([0-9a-f]+)\t/.exec(line)?.[1];
      if (oid) oids.push(oid);
    }
  const wanted = [...new Set(oids)].filter((o) => !fetched.has(`${cwd}\0${o}`));
  if (wanted.length === 0) return;
  git(
    cwd,
    // as git's own lazy fetch: no negotiation, or the server leaves out blobs reachable from our commits
    ["-c", "fetch.negotiationAlgorithm=noop", "fetch", "-q", "--no-tags", ...LAZY_FETCH, "--stdin", "origin"],
    `${wanted.join("\n")}\n`,
  );
  for (const o of wanted) fetched.add(`${cwd}\0${o}`);
}

/**
 * Fetches every blob of the commits a partial clone has, in one request (a cache miss reads the whole
 * state): two million blobs asked for by id kept a runner's `git fetch` busy for minutes, a refetch of
 * the same commits without the blob filter takes seconds (docs/performance.md). A shallow clone stays
 * as deep as it was; one that is not shallow holds the whole (short) history, and refetches it.
 */
export function fetchWholeCommits(cwd: string): void {
  if (!isPartialClone(cwd)) return;
  const shallow = git(cwd, ["rev-parse", "--is-shallow-repository"]) === "true";
  const depth = shallow ? [`--depth=${git(cwd, ["rev-list", "--count", "--first-parent", "HEAD"])}`] : [];
  // --refetch: no negotiation (the clone has these commits, without their blobs); blob:limit=1g keeps
  // every blob while still speaking the filter protocol the clone was made with
  const head = git(cwd, ["rev-parse", "HEAD"]);
  git(cwd, ["fetch", "-q", "--no-tags", "--refetch", ...depth, "--filter=blob:limit=1g", "origin", head]);
}

const LAZY_FETCH = ["--no-write-fetch-head", "--recurse-submodules=no", "--filter=blob:none"];
const fetched = new Set<string>();

/**
 * The store's source (store/source.ts) for the files of the commit HEAD points at (it moves with the
 * block commits this process makes). A file the clone lacks is fetched when read (git's lazy fetch);
 * many read together are fetched in one request.
 */
export function gitSource(cwd: string): ObjectSource {
  return {
    read(paths) {
      if (paths.length > 1) prefetch(cwd, [], paths);
      return readTexts(
        cwd,
        paths.map((path) => `HEAD:${path}`),
      );
    },
    list: (path) =>
      git(cwd, ["ls-tree", "-r", "--name-only", "-z", "HEAD", "--", path]).split("\0").filter(Boolean),
  };
}

/**
 * Keeps the index small in a sparse checkout: a sparse index holds one entry per folder outside the
 * checkout instead of one per file (two million at year scale), and every git command reads it.
 */
export function useSparseIndex(cwd: string): void {
  if (config(cwd, "^index\\.sparse$") === "index.sparse true") return;
  git(cwd, ["config", "index.sparse", "true"]);
  git(cwd, ["sparse-checkout", "reapply"]);
}
