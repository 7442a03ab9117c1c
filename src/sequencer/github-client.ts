// The GitHub client of the action and the relay: @actions/github's getOctokit (GITHUB_API_URL, GHES,
// the runner's proxy settings) with the official retry plugin (5xx, dropped connections) and
// throttling plugin (GitHub's primary and secondary rate limits, retry-after), set up once.

import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck/light.js";

export interface ClientOptions {
  /** retries of a failed request (5xx, dropped connection; 403/429 rate limits are the throttler's) */
  retries: number;
  /** the unit of GitHub's retry-after: 1,000 ms; the tests make it shorter */
  retryAfterUnitMs: number;
  /** the longest wait for a rate limit the action accepts (a job has minutes, not hours) */
  maxWaitSeconds: number;
  log: (message: string) => void;
}

/**
 * GitHub answers a rate limit with 403 or 429 and a `retry-after` header, in words that vary; the
 * throttling plugin waits out `retry-after` only when the message says "secondary rate limit" (and a
 * primary limit only when `x-ratelimit-remaining` is 0), so a 429 "Too many requests" was not retried
 * and a comment was lost. This plugin, inside the throttler, names every such answer a secondary rate
 * limit: the throttler then waits the `retry-after` GitHub asked for, like any other.
 */
export interface ApiError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, unknown> };
}

const retryAfterIsRateLimit: Parameters<typeof getOctokit>[2] = (octokit) => {
  octokit.hook.error("request", (error: ApiError) => {
    const status = error?.status;
    const after = error?.response?.headers?.["retry-after"];
    if (
      (status === 403 || status === 429) &&
      after !== undefined &&
      typeof error.message === "string" &&
      !/\bsecondary rate\b/i.test(error.message)
    )
      error.message = `${error.message} (${status} with retry-after: a secondary rate limit)`;
    throw error;
  });
};

/** The client; `pauses`: keep the throttler's pauses between content-creating requests. */
export function githubClient(token: string, o: ClientOptions, pauses = false) {
  const wait =
    (kind: string) => (after: number, options: { method: string; url: string }, _: unknown, n: number) => {
      if (n >= o.retries || after > o.maxWaitSeconds) return false;
      o.log(`GitHub API ${kind} on ${options.method} ${options.url}; retrying in ${after} s`);
      return true;
    };
  return getOctokit(
    token,
    {
      // 403 and 429 are the throttler's (it honours their retry-after), never retried twice
      retry: {
        retries: o.retries,
        retryAfterBaseValue: o.retryAfterUnitMs,
        doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 429, 451],
      },
      throttle: {
        onRateLimit: wait("rate limit"),
        onSecondaryRateLimit: wait("secondary rate limit"),
        retryAfterBaseValue: o.retryAfterUnitMs,
        // writes one at a time, as GitHub asks; an action run makes a few, so without the plugin's
        // pauses (1 s between writes, 3 s between comments): a secondary rate limit, if one comes, is
        // answered with its retry-after like any other. A long-running writer (the relay) keeps them.
        ...(pauses
          ? {}
          : {
              write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
              notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
            }),
      },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    },
    retryAfterIsRateLimit,
    retry,
    throttling,
  );
}
