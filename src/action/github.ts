// The GitHub port: the few REST calls the action makes, on the ecosystem's client as GitHub's own
// actions use it: @actions/github's getOctokit (GITHUB_API_URL, GHES, the runner's proxy settings) with
// the official retry plugin (5xx, dropped connections) and throttling plugin (GitHub's primary and
// secondary rate limits, retry-after). Everything returned is checked before use: the API's answers
// are input like any other (docs/security.md).

import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck/light.js";
import { type Comment, type GitHubPort, GRAPHQL, type PullInfo } from "./github-port.ts";

export type {
  ChangedFile,
  CheckRun,
  Comment,
  GitHubPort,
  MergeResult,
  PullInfo,
  TreeEntry,
} from "./github-port.ts";
export { GRAPHQL } from "./github-port.ts";

/** Reviewers whose approval counts: GitHub's associations of people with write access. */
const MAINTAINERS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

export interface ClientOptions {
  /** retries of a failed request (5xx, dropped connection; 403/429 rate limits are the throttler's) */
  retries: number;
  /** the unit of GitHub's retry-after: 1,000 ms; the tests make it shorter */
  retryAfterUnitMs: number;
  /** the longest wait for a rate limit the action accepts (a job has minutes, not hours) */
  maxWaitSeconds: number;
  log: (message: string) => void;
}

const SHA = /^[0-9a-f]{40}$/;

/**
 * GitHub answers a rate limit with 403 or 429 and a `retry-after` header, in words that vary; the
 * throttling plugin waits out `retry-after` only when the message says "secondary rate limit" (and a
 * primary limit only when `x-ratelimit-remaining` is 0), so a 429 "Too many requests" was not retried
 * and a comment was lost. This plugin, inside the throttler, names every such answer a secondary rate
 * limit: the throttler then waits the `retry-after` GitHub asked for, like any other.
 */
interface ApiError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, unknown> };
}

function retryAfterIsRateLimit(octokit: {
  hook: { error(name: "request", hook: (error: ApiError) => unknown): void };
}): void {
  octokit.hook.error("request", (error) => {
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
}

function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new Error(`the GitHub API returned a ${what} that is not a string`);
  return v;
}

function sha(v: unknown, what: string): string {
  if (typeof v !== "string" || !SHA.test(v))
    throw new Error(`the GitHub API returned a ${what} that is not a commit sha`);
  return v;
}

export function githubPort(token: string, owner: string, repo: string, o: ClientOptions): GitHubPort {
  const wait =
    (kind: string) => (after: number, options: { method: string; url: string }, _: unknown, n: number) => {
      if (n >= o.retries || after > o.maxWaitSeconds) return false;
      o.log(`GitHub API ${kind} on ${options.method} ${options.url}; retrying in ${after} s`);
      return true;
    };
  const octokit = getOctokit(
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
        // writes one at a time, as GitHub asks; a run makes a few, so without the plugin's pauses
        // (1 s between writes, 3 s between comments): a secondary rate limit, if one comes, is
        // answered with its retry-after like any other
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    },
    retryAfterIsRateLimit,
    retry,
    throttling,
  );
  const rest = octokit.rest;
  const pullInfo = (data: {
    number: number;
    head: { sha: string };
    base: { sha: string };
    state: string;
    merged_at: string | null;
    draft?: boolean;
    created_at: string;
    node_id: string;
    user: { login: string } | null;
    merge_commit_sha?: string | null;
    merged_by?: { login: string } | null;
    closed_at?: string | null;
  }): PullInfo => ({
    number: data.number,
    head: sha(data.head?.sha, "pull request head"),
    base: sha(data.base?.sha, "pull request base"),
    open: data.state === "open",
    merged: Boolean(data.merged_at) || (data as { merged?: boolean }).merged === true,
    draft: data.draft === true,
    createdAt: str(data.created_at, "creation time"),
    nodeId: str(data.node_id, "node id"),
    author: data.user?.login ?? "",
    ...(data.merge_commit_sha && SHA.test(data.merge_commit_sha)
      ? { mergeCommit: data.merge_commit_sha }
      : {}),
    ...(data.merged_by?.login ? { mergedBy: data.merged_by.login } : {}),
    ...(data.closed_at ? { closedAt: str(data.closed_at, "closing time") } : {}),
  });
  const port: GitHubPort = {
    async pull(pull) {
      const { data } = await rest.pulls.get({ owner, repo, pull_number: pull });
      return pullInfo(data);
    },
    async listOpenPulls(max) {
      const out: PullInfo[] = [];
      for (let page = 1; out.length < max; page++) {
        const { data } = await rest.pulls.list({
          owner,
          repo,
          state: "open",
          per_page: 100,
          page,
          sort: "created",
          direction: "asc",
        });
        out.push(...data.map((p) => pullInfo({ ...p, merged_at: p.merged_at ?? null })));
        if (data.length < 100) break;
      }
      return out.slice(0, max).sort((a, b) => a.number - b.number);
    },
    async listClosedUnmerged(since, max) {
      const out: PullInfo[] = [];
      for (let page = 1; page <= 5; page++) {
        const { data } = await rest.pulls.list({
          owner,
          repo,
          state: "closed",
          sort: "updated",
          direction: "desc",
          per_page: 100,
          page,
        });
        const recent = data.filter((p) => p.updated_at >= since);
        out.push(...recent.map((p) => pullInfo({ ...p, merged_at: p.merged_at ?? null })));
        if (data.length < 100 || recent.length < data.length) break;
      }
      return out.filter((p) => !p.merged && (p.closedAt ?? "") >= since).slice(0, max);
    },
    async approvals(pull, head) {
      const latest = new Map<string, string>();
      for (let page = 1; page <= 10; page++) {
        const { data } = await rest.pulls.listReviews({
          owner,
          repo,
          pull_number: pull,
          per_page: 100,
          page,
        });
        for (const r of data)
          if (r.user?.login && MAINTAINERS.has(r.author_association) && r.state !== "COMMENTED")
            latest.set(r.user.login, r.commit_id === head ? r.state : "STALE");
        if (data.length < 100) break;
      }
      return [...latest]
        .filter(([, state]) => state === "APPROVED")
        .map(([login]) => login)
        .sort();
    },
    async merge(pull, expected, title, message) {
      try {
        const { data } = await rest.pulls.merge({
          owner,
          repo,
          pull_number: pull,
          sha: expected,
          merge_method: "merge",
          commit_title: title,
          commit_message: message,
        });
        return { merged: true, commit: sha(data.sha, "merge commit") };
      } catch (e) {
        const status = (e as ApiError).status;
        if (status !== 405 && status !== 409) throw e;
        // a retried merge whose first try went through is refused as "not mergeable": look
        const now = await port.pull(pull);
        if (now.merged && now.head === expected && now.mergeCommit)
          return { merged: true, commit: now.mergeCommit };
        return { merged: false, status, reason: (e as ApiError).message ?? String(status) };
      }
    },
    async dispatch(workflow, ref) {
      await rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: workflow, ref });
    },
    async enqueue(nodeId, expected) {
      await octokit.graphql(GRAPHQL.enqueue, { pullRequestId: nodeId, expectedHeadOid: expected });
    },
    async rootFile(commit, name) {
      const { data } = await rest.git.getTree({ owner, repo, tree_sha: commit });
      const entry = data.tree.find((e) => e.path === name);
      if (!entry) return undefined;
      if (entry.type !== "blob") throw new Error(`${name} at ${commit} is not a file`);
      return port.getBlob(sha(entry.sha, "blob sha"));
    },
    async compareFiles(base, head, max) {
      const { data } = await rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${base}...${head}`,
        per_page: 1,
      });
      const files = (data.files ?? []).map((f) => ({
        filename: str(f.filename, "file name"),
        status: str(f.status, "file status"),
        ...(f.previous_filename ? { previous_filename: str(f.previous_filename, "file name") } : {}),
      }));
      // GitHub lists at most 300 files of a comparison: a list that long may be cut
      return { files: files.slice(0, max), truncated: files.length >= max };
    },
    async listTree(commit, dir) {
      let tree = commit;
      for (const part of dir.split("/")) {
        const { data } = await rest.git.getTree({ owner, repo, tree_sha: tree });
        const entry = data.tree.find((e) => e.path === part);
        if (entry?.type !== "tree") return [];
        tree = sha(entry.sha, "tree sha");
      }
      const { data } = await rest.git.getTree({ owner, repo, tree_sha: tree });
      if (data.truncated) throw new Error(`the git tree of ${dir}/ at ${commit} is too large to list`);
      return data.tree.map((e) => ({
        name: str(e.path, "tree entry name"),
        mode: str(e.mode, "tree entry mode"),
        type: str(e.type, "tree entry type"),
        sha: sha(e.sha, "blob sha"),
        size: typeof e.size === "number" ? e.size : undefined,
      }));
    },
    async getBlob(blob) {
      const { data } = await rest.git.getBlob({ owner, repo, file_sha: blob });
      if (data.encoding !== "base64" || typeof data.content !== "string")
        throw new Error(`the GitHub API returned blob ${blob} in an encoding other than base64`);
      return new Uint8Array(Buffer.from(data.content, "base64"));
    },
    async listComments(issue) {
      const out: Comment[] = [];
      for (let page = 1; page <= 30; page++) {
        const { data } = await rest.issues.listComments({
          owner,
          repo,
          issue_number: issue,
          per_page: 100,
          page,
        });
        for (const c of data) out.push({ id: c.id, login: c.user?.login ?? "", body: c.body ?? "" });
        if (data.length < 100) break;
      }
      return out;
    },
    async createComment(issue, body) {
      // not retried: a create that failed on the way back may have been made (no duplicate comments);
      // the next run finds and updates it, or creates it then
      await rest.issues.createComment({ owner, repo, issue_number: issue, body, request: { retries: 0 } });
    },
    async updateComment(id, body) {
      await rest.issues.updateComment({ owner, repo, comment_id: id, body });
    },
    async createCheckRun(run) {
      await rest.checks.create({
        owner,
        repo,
        name: run.name,
        head_sha: run.headSha,
        status: "completed",
        conclusion: run.conclusion,
        output: {
          title: run.title,
          summary: run.summary.slice(0, 65_000),
          ...(run.text ? { text: run.text.slice(0, 65_000) } : {}),
        },
      });
    },
    async lastCommitTouching(path, ref) {
      const { data } = await rest.repos.listCommits({ owner, repo, sha: ref, path, per_page: 1 });
      return data[0] ? sha(data[0].sha, "commit sha") : undefined;
    },
    async mergedPullsForCommit(commit) {
      const { data } = await rest.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: commit,
      });
      return data.filter((p) => typeof p.number === "number" && p.merged_at).map((p) => p.number);
    },
  };
  return port;
}
