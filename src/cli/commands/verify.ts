// `tinychain verify`: replay from genesis and check every block; a progress bar on a terminal.

import { isGitRepository } from "../../sequencer/git.ts";
import { checkHistory } from "../../sequencer/history.ts";
import { verifyChain } from "../../store/verify.ts";
import type { Command } from "../command.ts";
import { color, progressBar } from "../output.ts";

export const verifyCommand: Command = {
  summary: "replay every block from genesis and check it; names the first block that differs",
  usage: "tinychain verify",
  run({ out, dir, chain }) {
    const bar = progressBar("", out.json);
    const result = verifyChain(chain(), bar.step);
    bar.done();
    if (!result.ok) {
      out.print(
        { ok: false, block: result.block, reason: result.reason },
        color.red(`block ${result.block}: ${result.reason}`),
      );
      return 1;
    }
    // in a repository, the committed history too: blocks only move forward (every head it ever had)
    const history =
      isGitRepository(dir) && checkHistory(dir, "HEAD", Number.POSITIVE_INFINITY, (n) => result.hashes[n]);
    const { blocks, transactions } = result;
    if (history) {
      const reason = `${history.code}: ${history.message}`;
      const hint = history.hint;
      out.print({ ok: false, block: blocks, reason, hint }, color.red(reason), `hint: ${hint}`);
      return 1;
    }
    out.print(
      { ok: true, blocks, transactions },
      color.green(`ok: ${blocks} blocks and ${transactions} transactions replay to the recorded roots`),
    );
    return 0;
  },
};
