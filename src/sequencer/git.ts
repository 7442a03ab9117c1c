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

export const BOT_NAME = "github-actions[bot]";
export const BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com";
export const BLOCK_COMMIT_PREFIX = "tinychain: block";

/** Commits everything under state/ and txs/ as the bot; false when there was nothing to commit. */
export function commitBlock(cwd: string, message: string): boolean {
  git(cwd, ["add", "-A", "--", "state", "txs"]);
  if (git(cwd, ["status", "--porcelain", "--", "state", "txs"]) === "") return false;
  git(cwd, ["-c", `user.name=${BOT_NAME}`, "-c", `user.email=${BOT_EMAIL}`, "commit", "-q", "-m", message]);
  return true;
}

/**
 * Pushes HEAD to the branch only if the branch is still where we built on (compare-and-swap):
 * "rejected" when it moved meanwhile, so the caller rebuilds on the new head.
 */
export function pushIfUnchanged(cwd: string, branch: string, expected: string): "pushed" | "rejected" {
  try {
    git(cwd, [
      "push",
      "--porcelain",
      `--force-with-lease=refs/heads/${branch}:${expected}`,
      "origin",
      `HEAD:refs/heads/${branch}`,
    ]);
    return "pushed";
  } catch (e) {
    if (
      e instanceof GitError &&
      /rejected|stale info|fetch first|non-fast-forward|failed to push some refs/i.test(e.message)
    )
      return "rejected";
    throw e;
  }
}

/** Fetches the branch and moves the work tree to it (our unpushed block commit, if any, is dropped). */
export function resetToRemote(cwd: string, branch: string): string {
  git(cwd, ["fetch", "-q", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  git(cwd, ["reset", "-q", "--hard", `refs/remotes/origin/${branch}`]);
  git(cwd, ["clean", "-q", "-fd", "--", "state", "txs"]);
  return git(cwd, ["rev-parse", "HEAD"]);
}

export function headMessage(cwd: string): { author: string; subject: string } {
  const [author, ...subject] = git(cwd, ["log", "-1", "--format=%an%n%s"]).split("\n");
  return { author: author ?? "", subject: subject.join("\n") };
}
