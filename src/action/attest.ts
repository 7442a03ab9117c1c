// The action's attestation (docs/sequencer.md): for each transaction a block includes, the pull
// request that brought it, its merge commit, how it came in and the maintainers' approvals at merge
// time. These are GitHub's facts, not git's, so `verify` cannot re-derive them: the block file keeps
// them, its header's `sequencing` hash covers them, and anyone can check them against GitHub's API.
// Kept only under a non-manual policy: a manual chain's blocks stay as they always were.

import * as core from "@actions/core";
import type { Attestation } from "../chain/block.ts";
import { tryGit } from "../sequencer/git.ts";
import type { Policy } from "../sequencer/policy.ts";
import type { ActionRun, MergedPull, PullInfo } from "./github.ts";
import { SEQUENCED_TRAILER } from "./sequence.ts";

/** How a merge came in: the sequencer's own merges say so in a trailer of their commit message. */
function viaOf(cwd: string, policy: Policy, pull: PullInfo): string {
  // none when it is not in this checkout's history: the API's facts still stand
  const message = pull.mergeCommit ? tryGit(cwd, ["log", "-1", "--format=%B", pull.mergeCommit]) : undefined;
  const m = new RegExp(`^${SEQUENCED_TRAILER}: (auto|window)$`, "m").exec(message ?? "");
  return m?.[1] ?? (policy.mode === "queue" ? "queue" : "manual");
}

/**
 * What the sequencer attests of each pending file at `head` (undefined in manual mode). A file no
 * merged pull request brought (pushed directly), or whose facts GitHub would not give, is attested
 * as such rather than holding its block back.
 */
export async function attestPending({ port, cwd }: ActionRun, head: string, files: string[], policy: Policy) {
  if (policy.mode === "manual") return undefined;
  const out = new Map<string, Attestation>();
  // each pull request's facts, asked once however many files it brought
  const pulls = new Map<number, Promise<{ pull: PullInfo; approvals: string[] }>>();
  const ask = async (n: number) => {
    const pull = await port.pull(n);
    return { pull, approvals: await port.approvals(n, pull.head) };
  };
  let commitOf = new Map<string, string | undefined>();
  let targets = new Map<string, MergedPull[]>();
  try {
    commitOf = (await port.commitsTouching(cwd, head, files))!;
    const commits = [...new Set(commitOf.values())].filter((c) => c !== undefined);
    targets = await port.receiptTargets(cwd, head, commits);
  } catch (e) {
    core.warning(`could not look up how the files came in: ${(e as Error).message}`);
  }
  for (const file of files) {
    try {
      const commit = commitOf.get(file);
      if (commit && !targets.has(commit)) throw new Error("GitHub did not answer");
      // a look-alike pull request (same head commit, marked merged by GitHub) is never the one attested
      const number = commit ? targets.get(commit)?.[0]?.number : undefined;
      if (number === undefined) {
        out.set(file, { file, pull: null, via: "push", commit: commit ?? null });
        continue;
      }
      if (!pulls.has(number)) pulls.set(number, ask(number));
      const { pull, approvals } = await pulls.get(number)!;
      out.set(file, {
        approvals,
        file,
        mergeCommit: pull.mergeCommit ?? null,
        mergedBy: pull.mergedBy ?? null,
        pull: number,
        via: viaOf(cwd, policy, pull),
      });
    } catch (e) {
      core.warning(`could not look up how ${file} came in: ${(e as Error).message}; attested as unknown`);
      out.set(file, { file, pull: null, via: "unknown" });
    }
  }
  return out;
}
