// `tinychain bundle FILE…`: signed transaction files from any number of senders, checked as the pull
// request's check will check them (the core's parsing, signatures and simulation on the head), put under
// txs/ with their canonical names in one commit on a new branch, ready to push and open as one pull
// request. The work tree and the index are left as they were (relay/branch.ts).

import { parseTransaction, transactionFileName, transactionId } from "../../chain/transaction.ts";
import { visibleText } from "../../client/display.ts";
import { commitFiles, existingFiles } from "../../relay/branch.ts";
import { GitError, git, isGitRepository } from "../../sequencer/git.ts";
import { simulate } from "../../sequencer/simulate.ts";
import type { PendingFile } from "../../store/snapshot.ts";
import { parse } from "../args.ts";
import { chainDir, openSnapshot, readNamedFile } from "../chain.ts";
import { CliError, UsageError } from "../errors.ts";
import { color, makeOutput } from "../output.ts";
import type { Command } from "./types.ts";

interface Problem {
  file: string;
  code: string;
  message: string;
}

interface Taken {
  name: string;
  id: string;
  pending: PendingFile;
}

export const bundleCommand: Command = {
  name: "bundle",
  summary: "put signed transaction files of several senders on one new branch, ready for a pull request",
  usage: "tinychain bundle FILE… [--branch NAME] [--json]",
  details: [
    "Each file is checked as the pull request's check does, on the head of the chain folder: a bad file",
    "or two files of one sender and nonce refuse the whole bundle (exit 1) with their E_ codes, and",
    "nothing is written. Otherwise one commit on HEAD holds them as txs/<from>-<nonce>.json, on branch",
    "NAME (default bundle-<the first transaction id>); the work tree is not touched. Then:",
    "git push -u origin NAME, and open the pull request.",
  ].join("\n"),
  run(argv) {
    const { values, positionals } = parse(bundleCommand, argv);
    if (positionals.length === 0)
      throw new UsageError("bundle needs at least one transaction file", "tinychain bundle a.json b.json");
    const dir = chainDir(values);
    if (!isGitRepository(dir))
      throw new UsageError(`${dir} is not a git repository`, "run it in a clone of the chain");
    const snapshot = openSnapshot(dir);
    const problems: Problem[] = [];
    const taken: Taken[] = [];
    for (const name of positionals) {
      const read = readNamedFile(name);
      if (read?.kind !== "file") {
        const message = `${name} ${read ? "is not a regular file" : "does not exist"}`;
        problems.push({ file: name, code: "E_FILE", message });
        continue;
      }
      const { bytes } = read;
      const tx = parseTransaction(bytes);
      if ("code" in tx) {
        problems.push({ file: name, code: tx.code, message: tx.message });
        continue;
      }
      const id = transactionId(tx);
      const path = transactionFileName(tx);
      const twin = taken.find((t) => t.pending.path === path);
      if (twin)
        problems.push({
          file: name,
          code: "E_DUPLICATE",
          message:
            twin.id === id
              ? `${name} is the same transaction as ${twin.name}`
              : `${name} and ${twin.name} are both ${path}: one sender's nonce ${tx.nonce} twice`,
        });
      else taken.push({ name, id, pending: { path, bytes, kind: "file" } });
    }
    const base = git(dir, ["rev-parse", "HEAD"]);
    const files = taken.map((t) => ({
      path: t.pending.path,
      text: new TextDecoder().decode(t.pending.bytes),
    }));
    for (const path of existingFiles(dir, base, files))
      problems.push({
        file: taken.find((t) => t.pending.path === path)!.name,
        code: "E_DUPLICATE",
        message: `HEAD already holds ${path}`,
      });
    const sim = simulate(
      snapshot,
      taken.map((t) => t.pending),
    );
    for (const r of sim.invalid)
      problems.push({
        file: taken.find((t) => t.pending.path === r.file)?.name ?? r.file,
        code: r.error.code,
        message: r.error.message,
      });
    const out = makeOutput(values.json === true);
    if (problems.length > 0) {
      out.document({ branch: null, problems });
      for (const p of problems)
        out.say(color.red(`${visibleText(p.file)}  ${p.code}: ${visibleText(p.message)}`));
      out.say(`nothing written: ${problems.length} of ${positionals.length} file(s) refused`);
      return 1;
    }
    const branch = typeof values.branch === "string" ? values.branch : `bundle-${taken[0]!.id.slice(2, 10)}`;
    try {
      git(dir, ["check-ref-format", "--branch", branch]);
    } catch {
      throw new UsageError(`--branch ${JSON.stringify(branch)} is not a valid branch name`);
    }
    if (isBranch(dir, branch))
      throw new CliError("E_BRANCH", `branch ${branch} exists already`, 2, "pass another --branch");
    const senders = new Set(sim.receipts.map((r) => r.from)).size;
    const message = `tinychain bundle: ${taken.length} transaction${taken.length === 1 ? "" : "s"} from ${senders} sender${senders === 1 ? "" : "s"}`;
    let commit: string;
    try {
      commit = commitFiles(dir, base, branch, files, message);
    } catch (e) {
      if (e instanceof GitError)
        throw new CliError("E_GIT", e.message, 1, "set git's user.name and user.email");
      throw e;
    }
    out.document({
      branch,
      commit,
      transactions: sim.receipts.map((r) => ({
        file: r.file,
        id: r.id,
        from: r.from,
        nonce: r.nonce,
        status: r.status,
        gasUsed: r.gasUsed,
      })),
    });
    out.say(`branch ${branch} (${commit.slice(0, 10)}): ${message.replace("tinychain bundle: ", "")}`);
    for (const r of sim.receipts)
      out.say(`  ${r.file}  ${r.status === 0 ? "ok" : color.red(`status ${r.status}`)}, ${r.gasUsed} gas`);
    out.say(`push it and open the pull request: git push -u origin ${branch}`);
    return 0;
  },
};

function isBranch(dir: string, branch: string): boolean {
  try {
    git(dir, ["rev-parse", "--verify", "-q", `refs/heads/${branch}`]);
    return true;
  } catch {
    return false;
  }
}
