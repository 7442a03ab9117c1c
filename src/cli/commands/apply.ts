// `tinychain apply`: what the action does on merge. Builds the block(s) from every pending file and
// writes state/. The block's timestamp and commit are git HEAD's (or --timestamp/--commit).

import { explorerObserver, githubRepoUrl } from "../../report/explorer.ts";
import { headCommit, isGitRepository } from "../../sequencer/git.ts";
import { applyPending } from "../../sequencer/ledger.ts";
import { type Command, intFlag, UsageError } from "../command.ts";

export const applyCommand: Command = {
  summary: "build the block(s) from the pending transactions and write state/",
  usage: "tinychain apply [--timestamp T --commit SHA]",
  details: "Without --timestamp and --commit the block takes git HEAD's committer time and sha.",
  run({ values, out, dir, chain }) {
    const snapshot = chain();
    const timestamp = intFlag("timestamp", values.timestamp);
    const given = timestamp !== undefined || values.commit !== undefined;
    if (given && (timestamp === undefined || typeof values.commit !== "string"))
      throw new UsageError("--timestamp and --commit go together");
    if (!given && !isGitRepository(dir))
      throw new UsageError(
        `${dir} is not a git repository, so the block has no commit`,
        "run it in the chain's repository, or pass --timestamp T --commit SHA",
      );
    const trigger = given ? { timestamp: timestamp!, commit: values.commit as string } : headCommit(dir);
    // on GitHub (or in its workflows) the explorer links each block's commit
    const blocks = applyPending(snapshot, trigger, { observer: explorerObserver(githubRepoUrl()) });
    out.document({
      blocks: blocks.map((b) => ({
        number: b.header.number,
        hash: b.header.hash,
        stateRoot: b.header.stateRoot,
        included: b.included,
        rejected: b.rejected.map((r) => ({ file: r.file, code: r.error.code, message: r.error.message })),
        gasUsed: b.header.gasUsed,
      })),
    });
    if (blocks.length === 0) out.say("no pending transactions: no block");
    for (const b of blocks) {
      out.say(
        `block ${b.header.number} ${b.header.hash}: ${b.included.length} included, ${b.rejected.length} rejected, gas ${b.header.gasUsed}`,
      );
      for (const r of b.receipts) out.say(`  ${r.file}  status ${r.status}  gas ${r.gasUsed}  fee ${r.fee}`);
      for (const r of b.rejected) out.say(`  rejected ${r.file}: ${r.error.code} ${r.error.message}`);
    }
    return 0;
  },
};
