// `tinychain validate [FILE…] [--markdown]`: what the action does on a pull request. Receipts of the
// pending (or named) files replayed on the head state, in execution order, then the invalid files.
// Text from the transactions reaches the terminal with its controls escaped (no escape sequence of theirs
// runs), and the Markdown with everything of theirs inert (report/inert.ts).

import { relative, resolve } from "node:path";
import { visibleText } from "../../client/display.ts";
import { programsOf, renderComment } from "../../report/comment.ts";
import { codeSpan } from "../../report/inert.ts";
import { receiptDetails, receiptJson } from "../../report/receipts.ts";
import { simulate } from "../../sequencer/simulate.ts";
import type { PendingFile } from "../../store/snapshot.ts";
import { formatTrace } from "../../tools/trace.ts";
import { CliError, type Command } from "../command.ts";
import { authorSources, transactionFileArg } from "../files.ts";
import { color } from "../output.ts";

function namedFile(dir: string, name: string): PendingFile {
  const file = transactionFileArg(resolve(name));
  if (!file) throw new CliError("E_FILE", `${name} does not exist`, 2);
  return { path: relative(dir, resolve(name)).split("\\").join("/"), ...file };
}

export const validateCommand: Command = {
  summary: "receipts of the pending (or named) transaction files on the head state",
  usage: "tinychain validate [FILE…] [--trace] [--markdown] [--source FILE…] [--json]",
  details:
    "Exits 1 when a file is invalid or a transaction would not exit 0. --trace shows what each transaction\ndoes (calls, gas, storage, transfers, events); --markdown prints the pull-request comment (traces folded).\n--source FILE (repeatable): a contract's file as written, so an error's place in the chain's code is\nprinted in it too (at FILE:LINE:COL).",
  run({ values, positionals, out, dir, chain }) {
    const sources = authorSources(values.source);
    const trace = values.trace === true || values.markdown === true; // the comment shows each trace
    const snapshot = chain();
    // a file named twice (overlapping globs) is one file: the second would read as its own replay
    const named = [...new Set(positionals.map((p) => resolve(p)))];
    const files = named.length > 0 ? named.map((p) => namedFile(dir, p)) : snapshot.pendingFiles();
    const sim = simulate(snapshot, files, trace);
    const ok = sim.invalid.length === 0 && sim.receipts.every((r) => r.status === 0);
    if (values.markdown) {
      const places = sim.receipts.flatMap((r) =>
        sources.places(r.error ?? "").map((p) => `- ${codeSpan(r.file)} at ${codeSpan(p)}`),
      );
      const placed = places.length > 0 ? `\nIn the source files given:\n\n${places.join("\n")}\n` : "";
      const comment = renderComment(sim, { programs: programsOf(files), traces: sim.traces });
      process.stdout.write(`${comment}\n${placed}`);
      return ok ? 0 : 1;
    }
    out.document({
      head: { number: sim.head.number, hash: sim.head.hash },
      baseFee: sim.baseFee.toString(),
      results: [
        ...sim.receipts.map((r) => ({
          file: r.file,
          id: r.id,
          valid: true,
          error: null,
          receipt: receiptJson(r),
          at: sources.places(r.error ?? ""),
          ...(trace ? { trace: sim.traces.get(r.file) } : {}),
        })),
        ...sim.invalid.map(({ file, id, error }) => ({ file, id, valid: false, error, receipt: null })),
      ],
    });
    out.say(
      `on block ${sim.head.number} (base fee ${sim.baseFee}): ${sim.receipts.length} executed, ${sim.invalid.length} invalid`,
    );
    for (const r of sim.receipts) {
      for (const line of receiptDetails(r, sources.places(r.error ?? "")))
        out.say(r.status === 0 ? line : color.red(line));
      const t = sim.traces.get(r.file);
      if (t) for (const line of formatTrace(t).split("\n")) out.say(`    ${visibleText(line)}`);
    }
    for (const r of sim.invalid)
      out.say(color.red(`${visibleText(r.file)}  invalid ${r.error.code}: ${visibleText(r.error.message)}`));
    if (files.length === 0) out.say("no pending transactions in txs/");
    return ok ? 0 : 1;
  },
};
