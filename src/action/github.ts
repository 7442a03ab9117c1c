// The GitHub port: the few REST calls the action makes, through @octokit/rest on a fetch that retries
// the way GitHub asks (docs/security.md): 429, or 403 with retry-after / x-ratelimit-remaining: 0,
// after the time the headers give (capped); 5xx and dropped connections for idempotent requests
// only (GET, PATCH of a comment is idempotent too), with backoff. Everything returned is checked
// before use: the API's answers are input like any other.

import { Octokit } from "@octokit/rest";
import { type FetchLike, type HeadersLike, nodeFetch, type ResponseLike } from "./http.ts";

export interface PullFile {
  filename: string;
  status: string;
  sha: string;
  previous_filename?: string;
}

export interface Content {
  type: "file" | "symlink" | "submodule" | "dir" | "other";
  size: number;
  bytes: Uint8Array | null;
}

export interface Comment {
  id: number;
  login: string;
  body: string;
}

export interface CheckRun {
  headSha: string;
  name: string;
  conclusion: "success" | "failure" | "neutral";
  title: string;
  summary: string;
  text?: string;
}

export interface GitHubPort {
  listPullFiles(pull: number, max: number): Promise<{ files: PullFile[]; truncated: boolean }>;
  getContent(path: string, ref: string, maxBytes: number): Promise<Content | undefined>;
  listComments(issue: number): Promise<Comment[]>;
  createComment(issue: number, body: string): Promise<void>;
  updateComment(id: number, body: string): Promise<void>;
  createCheckRun(run: CheckRun): Promise<void>;
  pullsForCommit(sha: string): Promise<number[]>;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "PATCH"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RetryOptions {
  attempts: number;
  /** the longest wait the action accepts for one retry (a job has minutes, not hours) */
  maxWaitMs: number;
  baseDelayMs: number;
  log?: (message: string) => void;
}

/** How long GitHub asks us to wait, from the response headers; undefined when it does not say. */
export function waitFromHeaders(headers: HeadersLike, now = Date.now()): number | undefined {
  const after = headers.get("retry-after");
  if (after !== null && /^\d+$/.test(after)) return Number(after) * 1000;
  if (headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(headers.get("x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

export function retryingFetch(options: RetryOptions, base: FetchLike = nodeFetch): FetchLike {
  return async (input, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= options.attempts;
      let response: ResponseLike;
      try {
        response = await base(input, init);
      } catch (e) {
        if (last || !IDEMPOTENT.has(method)) throw e;
        options.log?.(`GitHub API ${method} failed (${(e as Error).message}); retrying`);
        await sleep(options.baseDelayMs * 2 ** (attempt - 1));
        continue;
      }
      const rateLimited =
        response.status === 429 ||
        (response.status === 403 && waitFromHeaders(response.headers) !== undefined);
      const serverError = response.status >= 500 && IDEMPOTENT.has(method);
      if (last || (!rateLimited && !serverError)) return response;
      const wait = rateLimited
        ? (waitFromHeaders(response.headers) ?? options.baseDelayMs)
        : options.baseDelayMs * 2 ** (attempt - 1);
      if (wait > options.maxWaitMs) return response; // too long for a job: report instead of waiting
      options.log?.(
        `GitHub API answered ${response.status} to ${method}; retrying in ${Math.ceil(wait / 1000)} s`,
      );
      await sleep(wait);
    }
  };
}

function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new Error(`the GitHub API returned a ${what} that is not a string`);
  return v;
}

export function githubPort(
  token: string,
  owner: string,
  repo: string,
  baseUrl: string,
  retry: RetryOptions,
): GitHubPort {
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    request: { fetch: retryingFetch(retry) as unknown as typeof fetch, retries: 0 },
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
  return {
    async listPullFiles(pull, max) {
      const files: PullFile[] = [];
      for (let page = 1; page <= Math.ceil(max / 100); page++) {
        const { data } = await octokit.pulls.listFiles({
          owner,
          repo,
          pull_number: pull,
          per_page: 100,
          page,
        });
        for (const f of data)
          files.push({
            filename: str(f.filename, "file name"),
            status: str(f.status, "file status"),
            sha: String(f.sha ?? ""),
            previous_filename: f.previous_filename,
          });
        if (data.length < 100) return { files, truncated: false };
      }
      return { files, truncated: true };
    },
    async getContent(path, ref, maxBytes) {
      try {
        const { data } = await octokit.repos.getContent({ owner, repo, path, ref });
        if (Array.isArray(data)) return { type: "dir", size: 0, bytes: null };
        const type =
          data.type === "file" || data.type === "symlink" || data.type === "submodule" ? data.type : "other";
        const size = typeof data.size === "number" ? data.size : Number.POSITIVE_INFINITY;
        if (type !== "file" || size > maxBytes) return { type, size, bytes: null };
        const content = "content" in data && typeof data.content === "string" ? data.content : "";
        return { type, size, bytes: new Uint8Array(Buffer.from(content, "base64")) };
      } catch (e) {
        if ((e as { status?: number }).status === 404) return undefined;
        throw e;
      }
    },
    async listComments(issue) {
      const out: Comment[] = [];
      for (let page = 1; page <= 30; page++) {
        const { data } = await octokit.issues.listComments({
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
      await octokit.issues.createComment({ owner, repo, issue_number: issue, body });
    },
    async updateComment(id, body) {
      await octokit.issues.updateComment({ owner, repo, comment_id: id, body });
    },
    async createCheckRun(run) {
      await octokit.checks.create({
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
    async pullsForCommit(sha) {
      const { data } = await octokit.repos.listPullRequestsAssociatedWithCommit({
        owner,
        repo,
        commit_sha: sha,
      });
      return data.filter((p) => typeof p.number === "number" && p.merged_at).map((p) => p.number);
    },
  };
}
