// The relay's GitHub: the two REST calls it makes, on the action's client (sequencer/github-client.ts),
// keeping GitHub's pauses between content-creating requests. What GitHub answers is checked before use.

import { githubClient } from "../sequencer/github-client.ts";

export interface PullRequest {
  number: number;
  url: string;
}

function pullOf(data: { number?: unknown; html_url?: unknown }): PullRequest {
  if (typeof data.number !== "number" || typeof data.html_url !== "string")
    throw new Error("the GitHub API returned a pull request without a number and an html_url");
  return { number: data.number, url: data.html_url };
}

export type PullPort = ReturnType<typeof pullPort>;

export function pullPort(token: string, owner: string, repo: string, log: (message: string) => void) {
  // a failed request is retried 4 times, and a rate limit waited out for up to 600 s
  const octokit = githubClient(token, { retries: 4, retryAfterUnitMs: 1000, maxWaitSeconds: 600, log }, true);
  return {
    /** opens a pull request of `branch` into `base`; one that exists already is returned instead */
    async openPull(branch: string, base: string, title: string, body: string): Promise<PullRequest> {
      try {
        const { data } = await octokit.rest.pulls.create({ owner, repo, head: branch, base, title, body });
        return pullOf(data);
      } catch (e) {
        // made by an earlier try whose answer was lost: GitHub refuses a second one for the same head
        if ((e as { status?: number }).status !== 422) throw e;
        // the pull request (open or closed) whose head is `branch`, if there is one
        const { data } = await octokit.rest.pulls.list({
          owner,
          repo,
          head: `${owner}:${branch}`,
          state: "all",
          per_page: 1,
        });
        if (!data[0]) throw e;
        return pullOf(data[0]);
      }
    },
  };
}
