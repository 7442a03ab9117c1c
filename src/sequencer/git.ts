// The little git the chain needs locally: the commit that triggers a block (its sha and committer
// time). The action's sequencer (compare-and-swap pushes) builds on these.

import { execFileSync } from "node:child_process";

export class GitError extends Error {}

export function git(cwd: string, args: string[], input?: string): string {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      input,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C" },
    }).trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new GitError(`git ${args[0]} failed: ${(err.stderr || err.message).trim().split("\n")[0]}`);
  }
}

export function isGitRepository(cwd: string): boolean {
  try {
    return git(cwd, ["rev-parse", "--is-inside-work-tree"]) === "true";
  } catch {
    return false;
  }
}

/** The sha and committer time (unix seconds) of HEAD. */
export function headCommit(cwd: string): { commit: string; timestamp: number } {
  const out = git(cwd, ["log", "-1", "--format=%H %ct", "HEAD"]);
  const [commit, time] = out.split(" ");
  return { commit: commit!, timestamp: Number(time) };
}
