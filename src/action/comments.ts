// Which comment is the action's one comment on a pull request, and the rule that a failure to talk to
// GitHub never changes a verdict.

import * as core from "@actions/core";
import { COMMENT_MARKER } from "../report/comment.ts";
import { BOT_NAME } from "../sequencer/git.ts";
import type { Comment } from "./github.ts";

/**
 * Our comment: with the hidden marker, and by the login that posts with the action's token (anyone
 * can write the marker): the workflow's bot, or a GitHub App's (input bot-login).
 */
export const isOurs = (c: Comment) =>
  c.login === (core.getInput("bot-login") || BOT_NAME) && c.body.includes(COMMENT_MARKER);

export async function bestEffort(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    core.warning(
      `could not ${what}: ${(e as Error).message} (the verdict and the job summary are unaffected)`,
    );
  }
}
