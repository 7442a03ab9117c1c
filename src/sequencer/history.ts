// History only moves forward (E_HISTORY). A chain's state/ changes only by block commits: along the
// branch's first-parent history, state/head.json must move from each block to a descendant of it, and
// state/ must not change between two blocks. An ordinary `git revert` of a block commit (no force push
// needed) would otherwise put state/ back to block N−1 and let the next apply build a *different* block
// N, while receipts already posted name the old one. apply refuses to build on such a history, and
// `verify` in a repository reports it.
//
// What a block commit may change. Between two commits that change state/head.json, state/ may change
// only as a block writes it: head.json moves to the next block(s) of the chain (number up, each
// block's parent the one before, the head the last block's header byte for byte), those block files
// are added and no other is touched, account and storage files change at their own paths, a
// contract's code file is added once with the code its account holds, the explorer (README.md) and
// the waiting line (waiting.json, client/waiting.ts) are rewritten; every file a plain 100644 blob.
// Anything else (an old block rewritten, a code file edited, genesis.json, a trailing space or chmod
// +x on head.json, .gitattributes) is not a block commit. What the blocks themselves hold is the
// replay's to judge (`verify`, the node), as are the account and storage files' contents, which the
// block's stateRoot binds.

import { type Header, headerFromJson, headerHash, headerToJson } from "../chain/block.ts";
import { canonicalJson } from "../chain/canonical-json.ts";
import { accountPath, blockNumberOfPath, blockPath, codePath, storageDir } from "../chain/layout.ts";
import { WAITING_PATH } from "../client/waiting.ts";
import { CHAIN_GITATTRIBUTES, git, readTexts } from "./git.ts";
import { prefetch } from "./objects.ts";

/** E_HISTORY: what is wrong, and how to undo it. */
const problem = (message: string, hint: string) => ({ code: "E_HISTORY" as const, message, hint });
export type HistoryProblem = ReturnType<typeof problem>;

/** `text` as JSON; undefined when it is absent or not JSON (what is read of it is checked where read). */
function jsonOf(text: string | undefined) {
  try {
    return JSON.parse(text ?? "null");
  } catch {
    return undefined;
  }
}

/** A head's number and hash, when `text` is one. */
function headOf(text: string | undefined) {
  const h = jsonOf(text) as { number?: unknown; hash?: unknown } | null | undefined;
  if (typeof h?.number === "number" && typeof h.hash === "string") return { number: h.number, hash: h.hash };
  return undefined;
}

const short = (sha: string) => sha.slice(0, 12);

/** How many of the last changes of state/head.json a check compares with the chain. */
export const HISTORY_WINDOW = 64;

/**
 * What checkHistory reads, for a caller that needs it too: the last `window` commits that changed
 * state/head.json (newest first), and that file at each (fetched in one request by a blob-less clone).
 */
export function historyReads(cwd: string, rev = "HEAD", window = HISTORY_WINDOW) {
  const limit = Number.isFinite(window) ? ["-n", String(window)] : [];
  const commits = git(cwd, ["log", "--first-parent", ...limit, "--format=%H", rev, "--", "state/head.json"])
    .split("\n")
    .filter(Boolean);
  const specs = commits.map((c) => `${c}:state/head.json`);
  prefetch(cwd, specs);
  return { commits, heads: readTexts(cwd, specs).map(headOf) };
}
type HistoryReads = ReturnType<typeof historyReads>;

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
  const { commits: headCommits, heads } = reads;
  const last = headCommits[0];
  if (!last) return undefined;
  // 1. nothing but a block changes state/: the state at rev is the state of the last block commit
  if (git(cwd, ["rev-parse", `${rev}:state`]) !== git(cwd, ["rev-parse", `${last}:state`])) {
    const edits = git(cwd, ["log", "--first-parent", "--format=%H %s", `${last}..${rev}`, "--", "state"])
      .split("\n")
      .filter(Boolean);
    const culprit = edits.at(-1)?.split(" ")[0] ?? rev;
    return problem(
      `commit ${short(culprit)} changes state/ without a block: only tinychain's block commits may change it (${edits.length} commit${edits.length === 1 ? "" : "s"} since block commit ${short(last)})`,
      `undo it with 'git revert ${short(culprit)}', or restore the state with 'git checkout ${short(last)} -- state' and commit`,
    );
  }
  // .gitattributes keeps state/ and txs/ byte-exact: it changes only to become tinychain's own
  const attributes = (r: string) => git(cwd, ["ls-tree", r, "--", ".gitattributes"]);
  const nowAttributes = attributes(rev);
  if (nowAttributes !== attributes(last) && !nowAttributes.includes(chainGitattributesId(cwd)))
    return problem(
      `.gitattributes changed since block commit ${short(last)}: it keeps state/ and txs/ byte-exact (no line-ending conversion, no filter), and only tinychain writes it`,
      `restore it with 'git checkout ${short(last)} -- .gitattributes' and commit`,
    );
  // 2. every head the branch has had is a block of the chain it has now: no step back, none sideways
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
    const hash = knownHash?.(h.number) ?? jsonOf(recorded.get(`${rev}:${blockPath(h.number)}`))?.header?.hash;
    if (hash === h.hash) continue;
    const mover = headCommits[i - 1]!;
    const how =
      h.number > now.number
        ? `back from block ${h.number} to block ${now.number}`
        : `sideways: block ${h.number} was ${h.hash.slice(0, 18)}… at commit ${short(headCommits[i]!)} and is ${hash ? `${hash.slice(0, 18)}…` : "gone"} now`;
    return problem(
      `commit ${short(mover)} moves state/head.json ${how}: blocks are final once committed, and receipts already name them`,
      `undo it with 'git revert ${short(mover)}' (transactions that must not run go through a new block, not a rewrite)`,
    );
  }
  return blockCommitProblem(cwd, reads);
}

/**
 * 3. each change of state/head.json (newest first) is a block commit: state/ changed from the change
 * before it as the blocks between write it. A commit that puts state/ back exactly as an earlier one
 * had it (a revert, or the revert of a revert) is judged by the heads (2.), not here.
 */
function blockCommitProblem(cwd: string, { commits, heads }: HistoryReads): HistoryProblem | undefined {
  if (commits.length < 2) return undefined;
  const trees = git(cwd, ["rev-parse", ...commits.map((c) => `${c}:state`)]).split("\n");
  for (let i = 0; i + 1 < commits.length; i++) {
    const [after, before] = [commits[i]!, commits[i + 1]!];
    const [to, from] = [heads[i], heads[i + 1]];
    if (trees.indexOf(trees[i]!, i + 1) > i) continue;
    const why =
      !to || !from ? "state/head.json is not a block header" : notABlockCommit(cwd, before, after, from, to);
    if (why)
      return problem(
        `commit ${short(after)} changes state/head.json but is not a block commit: ${why} (state/ compared with block commit ${short(before)})`,
        `undo it with 'git revert ${short(after)}': only tinychain's block commits change state/`,
      );
  }
  return undefined;
}

/** The address an account, storage or code file is under (its whole path is then checked against it). */
const OWNER = /^state\/(?:accounts|storage|code)\/(?:[0-9a-f]\/){4}(0x[0-9a-f]{40})[./]/;
/** A storage entry's path under its contract's folder. */
const SLOT = /\/(?:[0-9a-f]\/){4}[0-9a-f]{64}\.json$/;

/**
 * The paths under `paths` (state/ and .gitattributes; [] for all) that differ from `from` to `to`, as
 * `git diff-tree` lists them; with `renames`, an exact rename (by blob id, no bytes read) is one change
 * `R` of its new path.
 */
export function changesBetween(
  cwd: string,
  from: string,
  to: string,
  paths = ["state", ".gitattributes"],
  renames = false,
) {
  const detect = renames ? "--find-renames=100%" : "--no-renames";
  const parts = git(cwd, ["diff-tree", "-r", "-z", detect, "--no-abbrev", from, to, "--", ...paths]).split(
    "\0",
  );
  const changes: { mode: string; sha: string; status: string; path: string }[] = [];
  for (let i = 0; i + 1 < parts.length; ) {
    const m = /^:(\d{6}) (\d{6}) [0-9a-f]+ ([0-9a-f]+) (\w)/.exec(parts[i++]!);
    if (!m) continue;
    if (m[4] === "R" || m[4] === "C") i++; // the path it was renamed or copied from
    changes.push({ mode: m[2]!, sha: m[3]!, status: m[4]!, path: parts[i++]! });
  }
  return changes;
}

let canonicalAttributes: string | undefined;
/** The blob id of tinychain's own .gitattributes (an older chain may adopt it, nothing else). */
export function chainGitattributesId(cwd: string): string {
  canonicalAttributes ??= git(cwd, ["hash-object", "--stdin"], CHAIN_GITATTRIBUTES);
  return canonicalAttributes;
}

/**
 * Why the change of state/ from commit `before` (head `from`) to commit `after` (head `to`) is not what
 * blocks from..to write; undefined when it is.
 */
export function notABlockCommit(
  cwd: string,
  before: string,
  after: string,
  from: { number: number; hash: string },
  to: { number: number },
): string | undefined {
  const changes = changesBetween(cwd, before, after);
  const blocks = new Set<number>();
  const codes: [string, string][] = []; // [address, code file text]
  for (const c of changes) {
    if (c.path === ".gitattributes") {
      if (c.status === "D" || c.sha !== chainGitattributesId(cwd))
        return "it changes .gitattributes, which keeps state/ and txs/ byte-exact: only tinychain writes it";
      continue;
    }
    if (c.status !== "D" && c.mode !== "100644")
      return `it makes ${c.path} mode ${c.mode}: every file of state/ is a plain file (100644)`;
    const n = blockNumberOfPath(c.path);
    const owner = OWNER.exec(c.path)?.[1] ?? "";
    if (c.path === "state/head.json" || c.path === "state/README.md" || c.path === WAITING_PATH) {
      if (c.status === "D") return `it deletes ${c.path}`;
    } else if (n !== undefined) {
      if (c.status !== "A" || n <= from.number || n > to.number)
        return `it ${c.status === "A" ? "adds" : "changes"} ${c.path}: a block commit adds the files of its own blocks (${from.number + 1}–${to.number}) and never touches an older one`;
      blocks.add(n);
    } else if (owner && (c.path === accountPath(owner) || c.path.replace(SLOT, "") === storageDir(owner))) {
    } else if (owner && c.path === codePath(owner)) {
      if (c.status !== "A")
        return `it ${c.status === "D" ? "deletes" : "rewrites"} ${c.path}: a contract's code file is written once, when it is deployed`;
      codes.push([owner, c.path]);
    } else return `it writes ${c.path}, which no block writes`;
  }
  if (to.number <= from.number)
    return `it does not move state/head.json forward (block ${from.number} to ${to.number})`;
  for (let n = from.number + 1; n <= to.number; n++)
    if (!blocks.has(n))
      return `it moves state/head.json to block ${to.number} without adding ${blockPath(n)}`;
  // the blocks chain from the head before, and head.json is the last one's header, byte for byte
  const numbers = [...blocks].sort((a, b) => a - b);
  const specs = [
    `${after}:state/head.json`,
    ...numbers.map((n) => `${after}:${blockPath(n)}`),
    ...codes.flatMap(([a, path]) => [`${after}:${path}`, `${after}:${accountPath(a)}`]),
  ];
  prefetch(cwd, specs);
  const [head, ...rest] = readTexts(cwd, specs);
  let parent = from.hash;
  let last: Header | undefined;
  for (const [k, n] of numbers.entries()) {
    const file = rest[k];
    let h: Header;
    try {
      const record = JSON.parse(file ?? "");
      if (canonicalJson(record) !== file) return `${blockPath(n)} is not canonical JSON`;
      h = headerFromJson(record.header);
    } catch {
      return `${blockPath(n)} is not a block`;
    }
    if (h.number !== n || h.parentHash !== parent || headerHash(h) !== h.hash)
      return `${blockPath(n)} is not block ${n} on ${parent.slice(0, 18)}… (its number, parentHash or hash)`;
    parent = h.hash;
    last = h;
  }
  if (!last || head !== canonicalJson(headerToJson(last)))
    return `state/head.json is not the header of ${blockPath(to.number)}, byte for byte`;
  const files = rest.slice(numbers.length);
  for (const [k, [address, path]] of codes.entries()) {
    const code: unknown = jsonOf(files[2 * k + 1])?.code;
    if (typeof code !== "string" || files[2 * k] !== `${code}\n`)
      return `${path} is not the code of ${address} as its account file holds it`;
  }
  return undefined;
}
