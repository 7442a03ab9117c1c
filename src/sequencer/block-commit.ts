// What a block commit may change (E_HISTORY). Between two commits that change state/head.json, state/
// may change only as a block writes it: head.json moves to the next block(s) of the chain (number up,
// each block's parent the one before, the head the last block's header byte for byte), those block
// files are added and no other is touched, account and storage files change at their own paths, a
// contract's code file is added once with the code its account holds, the explorer (README.md) and
// the waiting line (waiting.json, client/waiting.ts) are rewritten; every file a plain 100644 blob. Anything else (an old block rewritten, a code file edited,
// genesis.json, a trailing space or chmod +x on head.json, .gitattributes) is not a block commit. What
// the blocks themselves hold is the replay's to judge (`verify`, the node), as are the account and
// storage files' contents, which the block's stateRoot binds.

import { type Header, headerFromJson, headerHash, headerToJson } from "../chain/block.ts";
import { canonicalJson } from "../chain/canonical-json.ts";
import { accountPath, blockNumberOfPath, blockPath, codePath, storageDir } from "../chain/layout.ts";
import { WAITING_PATH } from "../client/waiting.ts";
import { CHAIN_GITATTRIBUTES, git, readTexts } from "./git.ts";
import { prefetch } from "./objects.ts";

interface Change {
  mode: string;
  sha: string;
  status: string;
  path: string;
}

const ACCOUNT = /^state\/accounts\/(?:[0-9a-f]\/){4}(0x[0-9a-f]{40})\.json$/;
const STORAGE = /^state\/storage\/(?:[0-9a-f]\/){4}(0x[0-9a-f]{40})\/(?:[0-9a-f]\/){4}[0-9a-f]{64}\.json$/;
const CODE = /^state\/code\/(?:[0-9a-f]\/){4}(0x[0-9a-f]{40})\.lisp$/;

/** The paths under `paths` (state/ and .gitattributes) that differ from `from` to `to`, as `git diff-tree` lists them. */
export function changesBetween(
  cwd: string,
  from: string,
  to: string,
  paths = ["state", ".gitattributes"],
): Change[] {
  const out = git(cwd, ["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", from, to, "--", ...paths]);
  const parts = out.split("\0");
  const changes: Change[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const m = /^:(\d{6}) (\d{6}) [0-9a-f]+ ([0-9a-f]+) (\w)/.exec(parts[i]!);
    if (m) changes.push({ mode: m[2]!, sha: m[3]!, status: m[4]!, path: parts[i + 1]! });
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
    const account = ACCOUNT.exec(c.path)?.[1];
    const owner = STORAGE.exec(c.path)?.[1];
    const coded = CODE.exec(c.path)?.[1];
    if (c.path === "state/head.json" || c.path === "state/README.md" || c.path === WAITING_PATH) {
      if (c.status === "D") return `it deletes ${c.path}`;
    } else if (n !== undefined) {
      if (c.status !== "A" || n <= from.number || n > to.number)
        return `it ${c.status === "A" ? "adds" : "changes"} ${c.path}: a block commit adds the files of its own blocks (${from.number + 1}–${to.number}) and never touches an older one`;
      blocks.add(n);
    } else if (account !== undefined && accountPath(account) === c.path) {
    } else if (owner !== undefined && c.path.startsWith(`${storageDir(owner)}/`)) {
    } else if (coded !== undefined && codePath(coded) === c.path) {
      if (c.status !== "A")
        return `it ${c.status === "D" ? "deletes" : "rewrites"} ${c.path}: a contract's code file is written once, when it is deployed`;
      codes.push([coded, c.path]);
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
    let code: unknown;
    try {
      code = JSON.parse(files[2 * k + 1] ?? "null")?.code;
    } catch {}
    if (typeof code !== "string" || files[2 * k] !== `${code}\n`)
      return `${path} is not the code of ${address} as its account file holds it`;
  }
  return undefined;
}
