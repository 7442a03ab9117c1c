// `tinychain bundle FILE…`: signed transaction files from any number of senders, checked as the pull
// request's check will check them (the core's parsing, signatures and simulation on the head), put under
// txs/ with their canonical names in one commit on a new branch, ready to push and open as one pull
// request. The work tree and the index are left as they were (relay/branch.ts).

import { parseTransaction, transactionFileName, transactionId } from "../../chain/transaction.ts";
import { visibleText } from "../../client/display.ts";
import { commitFiles, existingFiles } from "../../relay/branch.ts";
import { GitError, git, isGitRepository, readObjects } from "../../sequencer/git.ts";
import { simulate } from "../../sequencer/simulate.ts";
import type { PendingFile } from "../../store/snapshot.ts";
import { CliError, type Command, UsageError } from "../command.ts";
import { transactionFileArg } from "../files.ts";
import { color } from "../output.ts";

export const bundleCommand: Command = {
  summary: "put signed transaction files of several senders on one new branch, ready for a pull request",
  usage: "tinychain bundle FILE… [--branch NAME] [--json]",
  example: "tinychain bundle a.json b.json",
  details: [
    "Each file is checked as the pull request's check does, on the head of the chain folder: a bad file",
    "or two files of one sender and nonce refuse the whole bundle (exit 1) with their E_ codes, and",
    "nothing is written. Otherwise one commit on HEAD holds them as txs/<from>-<nonce>.json, on branch",
    "NAME (default bundle-<the first transaction id>); the work tree is not touched. Then:",
    "git push -u origin NAME, and open the pull request.",
  ].join("\n"),
  run({ values, positionals, out, dir, chain }) {
    if (!isGitRepository(dir))
      throw new UsageError(`${dir} is not a git repository`, "run it in a clone of the chain");
    const snapshot = chain();
    const problems: { file: string; code: string; message: string }[] = [];
    const refuse = (file: string, code: string, message: string) => problems.push({ file, code, message });
    // each file taken: its name on the command line, its id, and its bytes and text under its canonical path
    const taken: (PendingFile & { name: string; id: string; text: string })[] = [];
    for (const name of positionals) {
      const read = transactionFileArg(name);
      if (read?.kind !== "file") {
        refuse(name, "E_FILE", `${name} ${read ? "is not a regular file" : "does not exist"}`);
        continue;
      }
      const tx = parseTransaction(read.bytes);
      if ("code" in tx) {
        refuse(name, tx.code, tx.message);
        continue;
      }
      const id = transactionId(tx);
      const path = transactionFileName(tx);
      const twin = taken.find((t) => t.path === path);
      const text = new TextDecoder().decode(read.bytes);
      if (!twin) taken.push({ name, id, path, kind: "file", bytes: read.bytes, text });
      else if (twin.id === id) refuse(name, "E_DUPLICATE", `${name} is the same transaction as ${twin.name}`);
      else
        refuse(
          name,
          "E_DUPLICATE",
          `${name} and ${twin.name} are both ${path}: one sender's nonce ${tx.nonce} twice`,
        );
    }
    /** the name on the command line of the file that goes in as `path` */
    const nameOf = (path: string) => taken.find((t) => t.path === path)?.name ?? path;
    const base = git(dir, ["rev-parse", "HEAD"]);
    for (const path of existingFiles(dir, base, taken))
      refuse(nameOf(path), "E_DUPLICATE", `HEAD already holds ${path}`);
    const sim = simulate(snapshot, taken);
    for (const r of sim.invalid) refuse(nameOf(r.file), r.error.code, r.error.message);
    if (problems.length > 0) {
      out.print(
        { branch: null, problems },
        ...problems.map((p) => color.red(`${visibleText(p.file)}  ${p.code}: ${visibleText(p.message)}`)),
        `nothing written: ${problems.length} of ${positionals.length} file(s) refused`,
      );
      return 1;
    }
    const branch = typeof values.branch === "string" ? values.branch : `bundle-${taken[0]!.id.slice(2, 10)}`;
    try {
      git(dir, ["check-ref-format", "--branch", branch]);
    } catch {
      throw new UsageError(`--branch ${JSON.stringify(branch)} is not a valid branch name`);
    }
    if (readObjects(dir, [`refs/heads/${branch}`], true)[0])
      throw new CliError("E_BRANCH", `branch ${branch} exists already`, 2, "pass another --branch");
    const senders = new Set(sim.receipts.map((r) => r.from)).size;
    const what = `${taken.length} transaction${taken.length === 1 ? "" : "s"} from ${senders} sender${senders === 1 ? "" : "s"}`;
    let commit: string;
    try {
      commit = commitFiles(dir, base, branch, taken, `tinychain bundle: ${what}`);
    } catch (e) {
      if (e instanceof GitError)
        throw new CliError("E_GIT", e.message, 1, "set git's user.name and user.email");
      throw e;
    }
    const fields = ["file", "id", "from", "nonce", "status", "gasUsed"] as const;
    const transactions = sim.receipts.map((r) => Object.fromEntries(fields.map((k) => [k, r[k]])));
    out.print(
      { branch, commit, transactions },
      `branch ${branch} (${commit.slice(0, 10)}): ${what}`,
      ...sim.receipts.map(
        (r) => `  ${r.file}  ${r.status === 0 ? "ok" : color.red(`status ${r.status}`)}, ${r.gasUsed} gas`,
      ),
      `push it and open the pull request: git push -u origin ${branch}`,
    );
    return 0;
  },
};
