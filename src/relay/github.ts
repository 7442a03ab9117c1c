// The relay's GitHub: the two REST calls it makes, on the client the action uses (@actions/github's
// getOctokit: GITHUB_API_URL, GHES, proxy settings) with the official retry plugin (5xx, dropped
// connections) and throttling plugin (primary and secondary rate limits, retry-after, and GitHub's
// pauses between content-creating requests). What GitHub answers is checked before use.

import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

export interface PullRequest {
  number: number;
  url: string;
}

export interface PullPort {
  /** the pull request (open or closed) whose head is `branch`, if there is one */
  findPull(branch: string): Promise<PullRequest | undefined>;
  /** opens a pull request of `branch` into `base`; one that exists already is returned instead */
  openPull(branch: string, base: string, title: string, body: string): Promise<PullRequest>;
}

/** How many times a failed request is retried, and the longest rate-limit wait accepted (seconds). */
const RETRIES = 4;
const MAX_WAIT_SECONDS = 600;

function pullOf(data: { number?: unknown; html_url?: unknown }): PullRequest {
  if (typeof data.number !== "number" || typeof data.html_url !== "string")
    throw new Error("the GitHub API returned a pull request without a number and an html_url");
  return { number: data.number, url: data.html_url };
}

export function pullPort(
  token: string,
  owner: string,
  repo: string,
  log: (message: string) => void,
): PullPort {
  const wait =
    (kind: string) => (after: number, options: { method: string; url: string }, _: unknown, n: number) => {
      if (n >= RETRIES || after > MAX_WAIT_SECONDS) return false;
      log(`GitHub API ${kind} on ${options.method} ${options.url}; retrying in ${after} s`);
      return true;
    };
  const octokit = getOctokit(
    token,
    {
      retry: { retries: RETRIES, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: { onRateLimit: wait("rate limit"), onSecondaryRateLimit: wait("secondary rate limit") },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    },
    retry,
    throttling,
  );
  const findPull = async (branch: string) => {
    const { data } = await octokit.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:${branch}`,
      state: "all",
      per_page: 1,
    });
    return data[0] ? pullOf(data[0]) : undefined;
  };
  return {
    findPull,
    async openPull(branch, base, title, body) {
      try {
        const { data } = await octokit.rest.pulls.create({ owner, repo, head: branch, base, title, body });
        return pullOf(data);
      } catch (e) {
        // made by an earlier try whose answer was lost: GitHub refuses a second one for the same head
        if ((e as { status?: number }).status === 422) {
          const existing = await findPull(branch);
          if (existing) return existing;
        }
        throw e;
      }
    },
  };
}
