// History only moves forward (E_HISTORY). A chain's state/ changes only by block commits: along the
// branch's first-parent history, state/head.json must move from each block to a descendant of it, and
// state/ must not change between two blocks. An ordinary `git revert` of a block commit (no force push
// needed) would otherwise put state/ back to block N−1 and let the next apply build a *different* block
// N, while receipts already posted name the old one. apply refuses to build on such a history, and
// `verify` in a repository reports it.

import { blockPath } from "../store/snapshot.ts";
import { chainGitattributesId, notABlockCommit } from "./block-commit.ts";
import { git, readTexts } from "./git.ts";
import { prefetch } from "./objects.ts";

export interface HistoryProblem {
  code: "E_HISTORY";
  message: string;
  hint: string;
}

interface HeadRef {
  number: number;
  hash: string;
}

function headOf(text: string | undefined): HeadRef | undefined {
  if (text === undefined) return undefined;
  try {
    const h = JSON.parse(text) as { number?: unknown; hash?: unknown };
    if (typeof h.number === "number" && typeof h.hash === "string") return { number: h.number, hash: h.hash };
  } catch {}
  return undefined;
}

const short = (sha: string) => sha.slice(0, 12);

/**
 * What checkHistory reads, for a caller that fetches it in fewer requests: the last `window` commits
 * that changed state/head.json (newest first), that file at each, and (once those are here) the
 * block files at `rev` of the blocks they name.
 */
/** How many of the last changes of state/head.json a check compares with the chain. */
export const HISTORY_WINDOW = 64;

export function historyReads(cwd: string, rev = "HEAD", window = HISTORY_WINDOW) {
  const limit = Number.isFinite(window) ? ["-n", String(window)] : [];
  const commits = git(cwd, ["log", "--first-parent", ...limit, "--format=%H", rev, "--", "state/head.json"])
    .split("\n")
    .filter(Boolean);
  const heads = commits.map((c) => `${c}:state/head.json`);
  const blocks = () =>
    readTexts(cwd, heads).flatMap((text) => {
      const h = headOf(text);
      return h ? [`${rev}:${blockPath(h.number)}`] : [];
    });
  return { commits, heads, blocks };
}

/**
 * Checks the first-parent history of `rev`: state/ unchanged since the last change of state/head.json,
 * and the heads of the last `window` changes of state/head.json all blocks of the chain at `rev`
 * (`knownHash`, when given, tells a block's hash in that chain without reading its file).
 * Undefined when the history is sound (or has no chain yet).
 */
export function checkHistory(
  cwd: string,
  rev = "HEAD",
  window = HISTORY_WINDOW,
  knownHash?: (block: number) => string | undefined,
  reads = historyReads(cwd, rev, window),
): HistoryProblem | undefined {
  const { commits: headCommits, heads: specs } = reads;
  const last = headCommits[0];
  if (!last) return undefined;
  // 1. nothing but a block changes state/: the state at rev is the state of the last block commit
  if (git(cwd, ["rev-parse", `${rev}:state`]) !== git(cwd, ["rev-parse", `${last}:state`])) {
    const edits = git(cwd, ["log", "--first-parent", "--format=%H %s", `${last}..${rev}`, "--", "state"])
      .split("\n")
      .filter(Boolean);
    const culprit = edits.at(-1)?.split(" ")[0] ?? rev;
    return {
      code: "E_HISTORY",
      message: `commit ${short(culprit)} changes state/ without a block: only tinychain's block commits may change it (${edits.length} commit${edits.length === 1 ? "" : "s"} since block commit ${short(last)})`,
      hint: `undo it with 'git revert ${short(culprit)}', or restore the state with 'git checkout ${short(last)} -- state' and commit`,
    };
  }
  // .gitattributes keeps state/ and txs/ byte-exact: it changes only to become tinychain's own
  const attributes = (r: string) => git(cwd, ["ls-tree", r, "--", ".gitattributes"]);
  const nowAttributes = attributes(rev);
  if (nowAttributes !== attributes(last) && !nowAttributes.includes(chainGitattributesId(cwd)))
    return {
      code: "E_HISTORY",
      message: `.gitattributes changed since block commit ${short(last)}: it keeps state/ and txs/ byte-exact (no line-ending conversion, no filter), and only tinychain writes it`,
      hint: `restore it with 'git checkout ${short(last)} -- .gitattributes' and commit`,
    };
  // 2. every head the branch has had is a block of the chain it has now: no step back, none sideways
  prefetch(cwd, specs); // a blob-less clone: one request, not one per commit
  const heads = readTexts(cwd, specs).map(headOf);
  const now = heads[0];
  if (!now) return undefined;
  // the hash of block n in the chain at rev: given by the caller (verify has replayed every block),
  // else read from the block files at rev
  const blockSpecs = heads.flatMap((h) => (h ? [`${rev}:${blockPath(h.number)}`] : []));
  if (!knownHash) prefetch(cwd, blockSpecs);
  const recorded = new Map(knownHash ? [] : readTexts(cwd, blockSpecs).map((t, i) => [blockSpecs[i]!, t]));
  for (let i = 1; i < heads.length; i++) {
    const h = heads[i];
    if (!h) continue;
    let hash = knownHash?.(h.number);
    try {
      hash ??= JSON.parse(recorded.get(`${rev}:${blockPath(h.number)}`) ?? "null")?.header?.hash;
    } catch {}
    if (hash === h.hash) continue;
    const mover = headCommits[i - 1]!;
    const how =
      h.number > now.number
        ? `back from block ${h.number} to block ${now.number}`
        : `sideways: block ${h.number} was ${h.hash.slice(0, 18)}… at commit ${short(headCommits[i]!)} and is ${hash ? `${hash.slice(0, 18)}…` : "gone"} now`;
    return {
      code: "E_HISTORY",
      message: `commit ${short(mover)} moves state/head.json ${how}: blocks are final once committed, and receipts already name them`,
      hint: `undo it with 'git revert ${short(mover)}' (transactions that must not run go through a new block, not a rewrite)`,
    };
  }
  return blockCommitProblem(cwd, headCommits, heads);
}

/**
 * 3. each change of state/head.json (newest first) is a block commit: state/ changed from the change
 * before it as the blocks between write it. A commit that puts state/ back exactly as an earlier one
 * had it (a revert, or the revert of a revert) is judged by the heads (2.), not here.
 */
function blockCommitProblem(
  cwd: string,
  commits: string[],
  heads: (HeadRef | undefined)[],
): HistoryProblem | undefined {
  if (commits.length < 2) return undefined;
  const trees = git(cwd, ["rev-parse", ...commits.map((c) => `${c}:state`)]).split("\n");
  for (let i = 0; i + 1 < commits.length; i++) {
    const [after, before] = [commits[i]!, commits[i + 1]!];
    const [to, from] = [heads[i], heads[i + 1]];
    if (trees.indexOf(trees[i]!, i + 1) > i) continue;
    const why =
      !to || !from ? "state/head.json is not a block header" : notABlockCommit(cwd, before, after, from, to);
    if (why)
      return {
        code: "E_HISTORY",
        message: `commit ${short(after)} changes state/head.json but is not a block commit: ${why} (state/ compared with block commit ${short(before)})`,
        hint: `undo it with 'git revert ${short(after)}': only tinychain's block commits change state/`,
      };
  }
  return undefined;
}
