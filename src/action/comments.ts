// The action's one comment per pull request, and the rule that a failure to talk to GitHub never
// changes a verdict.

import * as core from "@actions/core";
import { COMMENT_MARKER } from "../report/comment.ts";
import { BOT_NAME } from "../sequencer/git.ts";
import type { Comment, GitHubPort } from "./github.ts";

/** Who posts with the action's token: the workflow's bot, or a GitHub App's (input bot-login). */
export const botLogin = () => core.getInput("bot-login") || BOT_NAME;

/** Finds our comment (by the bot's login and the hidden marker) and updates it, or creates one. */
export async function upsertComment(
  port: GitHubPort,
  issue: number,
  body: string,
  existing?: Promise<Comment[]>,
): Promise<void> {
  const mine = (await (existing ?? port.listComments(issue))).find(
    (c) => c.login === botLogin() && c.body.includes(COMMENT_MARKER),
  );
  if (mine) await port.updateComment(mine.id, body);
  else await port.createComment(issue, body);
}

export async function bestEffort(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    core.warning(
      `could not ${what}: ${(e as Error).message} (the verdict and the job summary are unaffected)`,
    );
  }
}
