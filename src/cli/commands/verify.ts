// `tinychain verify`: replay from genesis and check every block; a progress bar on a terminal.

import { isGitRepository } from "../../sequencer/git.ts";
import { checkHistory } from "../../sequencer/history.ts";
import { verifyChain } from "../../store/verify.ts";
import { parse } from "../args.ts";
import { chainDir, openSnapshot } from "../chain.ts";
import { UsageError } from "../errors.ts";
import { color, makeOutput, progressBar } from "../output.ts";
import type { Command } from "./types.ts";

export const verifyCommand: Command = {
  name: "verify",
  summary: "replay every block from genesis and check it; names the first block that differs",
  usage: "tinychain verify",
  run(argv) {
    const { values, positionals } = parse(verifyCommand, argv);
    if (positionals.length > 0) throw new UsageError("verify takes no arguments");
    const dir = chainDir(values);
    const snapshot = openSnapshot(dir);
    const bar = progressBar("", values.json === true);
    const result = verifyChain(snapshot, bar.step);
    bar.done();
    const out = makeOutput(values.json === true);
    // in a repository, the committed history too: blocks only move forward (every head it ever had)
    const history =
      result.ok && isGitRepository(dir)
        ? checkHistory(dir, "HEAD", Number.POSITIVE_INFINITY, (n) => result.hashes[n])
        : undefined;
    if (result.ok && history) {
      out.document({
        ok: false,
        block: result.blocks,
        reason: `${history.code}: ${history.message}`,
        hint: history.hint,
      });
      out.say(color.red(`${history.code}: ${history.message}`));
      out.say(`hint: ${history.hint}`);
      return 1;
    }
    if (result.ok) {
      out.document({ ok: true, blocks: result.blocks, transactions: result.transactions });
      out.say(
        color.green(
          `ok: ${result.blocks} blocks and ${result.transactions} transactions replay to the recorded roots`,
        ),
      );
      return 0;
    }
    out.document({ ok: false, block: result.block, reason: result.reason });
    out.say(color.red(`block ${result.block}: ${result.reason}`));
    return 1;
  },
};
