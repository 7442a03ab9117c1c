// The merge queue as the block builder (docs/sequencer.md): on `merge_group`, the group's head is the
// commit the base branch becomes when the queue merges it, so the blocks apply will build then are
// built now, from that checkout, by apply's own code (same pending set, same auction, same gas limits,
// the same trigger commit and policy): the check on the head passes only when every transaction the
// group adds is included with status 0, and its output holds the predicted blocks. A group that would
// reject or strand a transaction fails, naming the pull request and file, so GitHub drops that pull
// request and forms the group again without it. Nothing is committed or pushed.

import * as core from "@actions/core";
import { headerToJson } from "../chain/block.ts";
import { canonicalJson } from "../chain/canonical-json.ts";
import { visibleText } from "../client/display.ts";
import { codeSpan } from "../report/inert.ts";
import { blocksSummary } from "../report/receipts.ts";
import { headCommit, tryGit } from "../sequencer/git.ts";
import { type AppliedBlock, applyPending } from "../sequencer/ledger.ts";
import { PolicyError, policyAt, policyHash } from "../sequencer/policy.ts";
import { Snapshot, StoreError } from "../store/snapshot.ts";
import { chainIdentityProblem } from "./chain-identity.ts";
import { type ActionRun, bestEffort, SHA } from "./github.ts";
import { compareFiles } from "./validate.ts";

/** `file` as a fault names it: with the pull request whose queue commit brought it into the group. */
function nameOf(cwd: string, { base, head }: { base: string; head: string }, file: string): string {
  // none when the base is not in this checkout's history: the file alone
  const subject = tryGit(cwd, ["log", "--first-parent", "-1", "--format=%s", `${base}..${head}`, "--", file]);
  const n = /#(\d+)/.exec(subject ?? "")?.[1];
  return `${n === undefined ? "" : `pull request #${Number(n)}, `}${codeSpan(file)}`;
}

/**
 * The blocks the group's head makes, as apply will make them, and what is wrong with them (`faults`:
 * what makes the group fail, a sentence each naming the pull request and file).
 */
function predictGroup(
  cwd: string,
  group: { head: string; base: string },
  repositoryId: number | undefined,
): { blocks: AppliedBlock[]; faults: string[] } {
  const at = headCommit(cwd);
  if (at.commit !== group.head)
    throw new Error(`the checkout is at ${at.commit}, not at the merge group's head ${group.head}`);
  const faults: string[] = [];
  const snapshot = new Snapshot(cwd);
  const identity = chainIdentityProblem(snapshot.genesis(), repositoryId);
  if (identity) return { blocks: [], faults: [identity] };
  const { files } = compareFiles(cwd, group.base, group.head, 300);
  const name = (file: string) => nameOf(cwd, group, file);
  for (const f of files)
    if (f.path.startsWith("state/") || f.path === ".gitattributes")
      faults.push(`${name(f.path)}: E_HISTORY: the state changes only by tinychain's own block commits`);
  if (faults.length > 0) return { blocks: [], faults };
  const added = new Set(files.filter((f) => /^txs\/[^/]+$/.test(f.path)).map((f) => f.path));
  let blocks: AppliedBlock[];
  try {
    // the policy apply will read once this head is the default branch: only its hash is used here
    const trigger = { ...at, policy: policyHash(policyAt(cwd, group.head)) }; // as apply passes it
    blocks = applyPending(snapshot, trigger);
  } catch (e) {
    if (e instanceof PolicyError) return { blocks: [], faults: e.problems.map(visibleText) };
    if (e instanceof StoreError) return { blocks: [], faults: [`${e.code}: ${e.message}`] };
    throw e;
  }
  for (const b of blocks) {
    for (const r of b.rejected)
      if (added.has(r.file))
        faults.push(
          `${name(r.file)} would be rejected in block ${b.header.number}: ${r.error.code}: ${codeSpan(r.error.message)}`,
        );
    for (const r of b.receipts)
      if (added.has(r.file) && r.status !== 0)
        faults.push(
          `${name(r.file)} would end with status ${r.status} in block ${b.header.number}: ${codeSpan(r.error ?? "")}`,
        );
  }
  // what stays in txs/ after the blocks: a nonce gap, or more gas than the blocks hold
  for (const path of snapshot.pendingPaths())
    if (added.has(path))
      faults.push(
        `${name(path)} would not be included: it waits for an earlier nonce, or does not fit in the blocks`,
      );
  return { blocks, faults };
}

export async function runMergeGroup({ port, cwd, event, repositoryId }: ActionRun): Promise<void> {
  const g = event.merge_group;
  if (!g || !SHA.test(g.head_sha ?? "") || !SHA.test(g.base_sha ?? ""))
    throw new Error("the event has no merge group to validate");
  const { blocks, faults } = predictGroup(cwd, { head: g.head_sha, base: g.base_sha }, repositoryId);
  const valid = faults.length === 0;
  const lines = [`## tinychain merge group ${valid ? "✅" : "❌"}`, ""];
  if (valid) lines.push(`The blocks apply will build when this group merges:`, "");
  else lines.push("This group cannot be merged as it is:", "", ...faults.map((f) => `- ❌ ${f}`), "");
  const shown = blocksSummary(blocks);
  lines.push(...shown.lines);
  const summary = lines.join("\n");
  const last = blocks.at(-1);
  core.setOutput("receipts", shown.json);
  core.setOutput("valid", String(valid));
  core.setOutput("block-number", last ? String(last.header.number) : "");
  core.setOutput("state-root", last?.header.stateRoot ?? "");
  await core.summary.addRaw(summary).write();
  // the predicted blocks' headers and receipts, or (over the check's 65,535 characters) the headers
  // alone: each receiptRoot commits to its receipts
  const full = canonicalJson({
    blocks: blocks.map((b) => ({ header: b.record.header, receipts: b.record.receipts })),
  });
  const headers = () => canonicalJson({ blocks: blocks.map((b) => ({ header: headerToJson(b.header) })) });
  await bestEffort("create the check run", () =>
    port.createCheckRun(g.head_sha, valid, {
      title: valid ? `${blocks.length} block(s) predicted` : "the group would reject or strand a transaction",
      summary,
      text: full.length <= 65_000 ? full : headers(),
    }),
  );
  if (!valid) core.setFailed(visibleText(faults[0]!));
}
