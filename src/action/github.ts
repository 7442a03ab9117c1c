// The GitHub port: the few REST and GraphQL calls the action makes, on the client of
// sequencer/github-client.ts, and the types of what they answer. Everything returned is checked before
// use: the API's answers are input like any other (docs/security.md). The tests answer these calls with
// a local double served over HTTP (test/action/fake-github.ts). Beside it: the event a run starts
// from, which comment is the action's own, and the rule that a failure to talk to GitHub never
// changes a verdict.

import * as core from "@actions/core";
import { context } from "@actions/github";
import { COMMENT_MARKER } from "../report/comment.ts";
import { BOT_NAME, git, lastCommitsTouching } from "../sequencer/git.ts";
import { type ApiError, type ClientOptions, githubClient } from "../sequencer/github-client.ts";

/**
 * The event that started the run, as GitHub writes it to GITHUB_EVENT_PATH (@actions/github's
 * context reads it): only the fields the action reads (pull_request_target, merge_group, push,
 * workflow_dispatch, schedule).
 */
interface Event {
  pull_request?: { number: number; head: { sha: string }; base: { sha: string } };
  merge_group?: { head_sha: string; base_sha: string };
  repository?: { default_branch?: string };
  ref?: string;
}

/** What each mode of the action runs with (main.ts), from its inputs and the runner's environment. */
export function actionRun() {
  const token = core.getInput("github-token") || process.env.GITHUB_TOKEN || "";
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? "/").split("/");
  const idText = process.env.GITHUB_REPOSITORY_ID;
  const event = context.payload as Event;
  return {
    port: githubPort(token, owner!, repo!, {
      retries: 3,
      retryAfterUnitMs: Number(process.env.TINYCHAIN_RETRY_DELAY_MS ?? 1000),
      maxWaitSeconds: Number(process.env.TINYCHAIN_MAX_RETRY_WAIT_S ?? 60),
      log: (m) => core.info(m),
    }),
    /** the checkout (GITHUB_WORKSPACE) */
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    event,
    /** the repository's default branch, as the event names it */
    defaultBranch: event.repository?.default_branch ?? "main",
    /** GITHUB_REPOSITORY_ID: the chain id this repository's chain must have */
    repositoryId: idText && /^\d+$/.test(idText) ? Number(idText) : undefined,
    token,
  };
}
export type ActionRun = ReturnType<typeof actionRun>;

/** A commit id as git and the API spell it. */
export const SHA = /^[0-9a-f]{40}$/;

/**
 * Our comment: with the hidden marker, and by the login that posts with the action's token (anyone
 * can write the marker): the workflow's bot, or a GitHub App's (input bot-login).
 */
export const isOurs = (c: { login: string; body: string }) =>
  c.login === (core.getInput("bot-login") || BOT_NAME) && c.body.includes(COMMENT_MARKER);

/** Runs `f`, a call to GitHub: its failure is a warning (and undefined), and never changes a verdict. */
export async function bestEffort<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    core.warning(
      `could not ${what}: ${(e as Error).message} (the verdict and the job summary are unaffected)`,
    );
  }
}

/**
 * The GraphQL documents the action sends (a test validates each against GitHub's published schema):
 * adding a pull request to the merge queue, only while its head is the commit that was validated.
 */
export const GRAPHQL = {
  enqueue: `mutation tinychainEnqueue($pullRequestId: ID!, $expectedHeadOid: GitObjectID!) {
  enqueuePullRequest(input: { pullRequestId: $pullRequestId, expectedHeadOid: $expectedHeadOid }) {
    mergeQueueEntry { position }
  }
}`,
  receiptTargets: receiptTargetsQuery(2),
} as const;

/**
 * One query for the merged pull requests of up to 100 commits and their comments (the first 100: the
 * check's comment is among a pull request's first), so that apply finds every sticky comment at once.
 */
export function receiptTargetsQuery(commits: number): string {
  const n = [...Array(commits).keys()];
  return `query tinychainReceiptTargets($owner: String!, $name: String!${n.map((i) => `, $c${i}: GitObjectID!`).join("")}) {
  repository(owner: $owner, name: $name) {${n.map((i) => `\n    c${i}: object(oid: $c${i}) { ...pulls }`).join("")}
  }
}
fragment pulls on Commit {
  associatedPullRequests(first: 10) {
    nodes { number merged mergeCommit { oid } comments(first: 100) { nodes { fullDatabaseId viewerDidAuthor body } } }
  }
}`;
}

/** Reviewers whose approval counts: GitHub's associations of people with write access. */
const MAINTAINERS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

/** A pull request as `pulls.get` and `pulls.list` answer it. */
type PullData = Answer<"get"> | Answer<"list">[number];
type Answer<F extends "get" | "list"> = Awaited<
  ReturnType<ReturnType<typeof githubClient>["rest"]["pulls"][F]>
>["data"];
type ListQuery = { state: "open" | "closed"; sort: "created" | "updated"; direction: "asc" | "desc" };

/** `v` when it is a string (that `pattern`, a `kind`, matches), else an error naming `what`. */
function str(v: unknown, what: string, pattern = /^/, kind = "string"): string {
  if (typeof v !== "string" || !pattern.test(v))
    throw new Error(`the GitHub API returned a ${what} that is not a ${kind}`);
  return v;
}
const sha = (v: unknown, what: string) => str(v, what, SHA, "commit sha");

/** A pull request as the sequencer needs it, checked. */
function pullInfo(data: PullData) {
  return {
    number: data.number,
    head: sha(data.head?.sha, "pull request head"),
    /** the base branch's commit GitHub compares the pull request with */
    base: sha(data.base?.sha, "pull request base"),
    open: data.state === "open",
    merged: Boolean(data.merged_at) || ("merged" in data && data.merged === true),
    draft: data.draft === true,
    /** ISO 8601, when it was opened: the sequencing window counts from here */
    createdAt: str(data.created_at, "creation time"),
    /** the GraphQL node id (the merge queue's mutation takes it) */
    nodeId: str(data.node_id, "node id"),
    /** once merged: the merge commit and who merged it */
    mergeCommit: SHA.test(data.merge_commit_sha ?? "") ? data.merge_commit_sha! : undefined,
    mergedBy: ("merged_by" in data && data.merged_by?.login) || undefined,
    closedAt: data.closed_at ? str(data.closed_at, "closing time") : undefined,
  };
}
export type PullInfo = ReturnType<typeof pullInfo>;

/** A merged pull request a commit belongs to, and the action's receipts comment on it, when it has one. */
function mergedPull(p: ReceiptPull) {
  const x = p.comments?.nodes?.find(
    // ours: written with this token, and marked (anyone can write the marker)
    (c) => c.viewerDidAuthor && String(c.body).includes(COMMENT_MARKER),
  );
  const id = Number(x?.fullDatabaseId);
  return {
    number: p.number,
    comment: x && id > 0 ? { id, body: x.body } : undefined,
    /** the commit its merge made on the base branch, when GitHub names one */
    mergeCommit: SHA.test(String(p.mergeCommit?.oid)) ? String(p.mergeCommit?.oid) : undefined,
  };
}
export type MergedPull = ReturnType<typeof mergedPull>;
type ReceiptPull = { number: number; merged: boolean; mergeCommit?: { oid?: unknown } | null } & {
  comments?: { nodes?: { fullDatabaseId: string | null; viewerDidAuthor: boolean; body: string }[] };
};

/** What the action asks of GitHub: the port on GitHub's client. */
export type GitHubPort = ReturnType<typeof githubPort>;

export function githubPort(token: string, owner: string, repo: string, o: ClientOptions) {
  const octokit = githubClient(token, o);
  const rest = octokit.rest;
  // every answer's `x-ratelimit-*` headers, by resource (core, graphql): what apply may still spend, what
  // is left of an hour's requests (`x-ratelimit-remaining`) and when it refills (unix seconds)
  const budgets = new Map<string, { remaining: number; reset: number }>();
  const record = (h: Record<string, unknown> = {}) => {
    const [remaining, reset] = [Number(h["x-ratelimit-remaining"]), Number(h["x-ratelimit-reset"])];
    if (Number.isInteger(remaining) && Number.isInteger(reset))
      budgets.set(String(h["x-ratelimit-resource"] ?? "core"), { remaining, reset });
  };
  octokit.hook.after("request", (response) => record(response.headers));
  octokit.hook.error("request", (error: ApiError) => {
    record(error.response?.headers);
    throw error;
  });
  /**
   * a list's items, in pages of 100 as GitHub's `Link` headers lead (octokit's paginate), at most
   * `max` pages, while each page is all `keep`
   */
  const pages = async <T>(max: number, list: AsyncIterable<{ data: T[] }>, keep = (_: T) => true) => {
    const out: T[] = [];
    for await (const { data } of list) {
      const kept = data.filter(keep);
      out.push(...kept);
      if (--max === 0 || kept.length < data.length) break;
    }
    return out;
  };
  /** at most `max` pull requests (in pages of 100), while each page is all `keep` */
  const listPulls = async (q: ListQuery, max: number, keep?: (p: PullData) => boolean) => {
    const list = octokit.paginate.iterator(rest.pulls.list, { owner, repo, ...q, per_page: 100 });
    return (await pages(Math.ceil(max / 100), list, keep)).map(pullInfo);
  };
  const port = {
    async pull(pull: number): Promise<PullInfo> {
      const { data } = await rest.pulls.get({ owner, repo, pull_number: pull });
      return pullInfo(data);
    },
    /** open pull requests, oldest number first, at most `max` */
    async listOpenPulls(max: number) {
      const open = await listPulls({ state: "open", sort: "created", direction: "asc" }, max);
      return open.slice(0, max).sort((a, b) => a.number - b.number);
    },
    /** pull requests closed without merging since `since` (ISO 8601), at most `max`, newest first */
    async listClosedUnmerged(since: string, max: number) {
      const recent = (p: PullData) => (p.updated_at ?? "") >= since;
      const closed = await listPulls({ state: "closed", sort: "updated", direction: "desc" }, 500, recent);
      return closed.filter((p) => !p.merged && (p.closedAt ?? "") >= since).slice(0, max);
    },
    /** maintainers whose latest review approves exactly commit `head` */
    async approvals(pull: number, head: string) {
      const latest = new Map<string, string>();
      const q = { owner, repo, pull_number: pull, per_page: 100 };
      for (const r of await pages(10, octokit.paginate.iterator(rest.pulls.listReviews, q)))
        if (r.user?.login && MAINTAINERS.has(r.author_association) && r.state !== "COMMENTED")
          latest.set(r.user.login, r.commit_id === head ? r.state : "STALE");
      return [...latest.keys()].filter((login) => latest.get(login) === "APPROVED").sort();
    },
    /**
     * Merges the pull request only if its head is still `expected`. A refusal is a result, not an
     * error: 409 (the head moved after validation: that commit's run decides) or 405 (GitHub will
     * not merge it now: branch rules, a conflict).
     */
    async merge(pull: number, expected: string, title: string, message: string) {
      const q = { owner, repo, pull_number: pull, sha: expected, merge_method: "merge" as const };
      try {
        const { data } = await rest.pulls.merge({ ...q, commit_title: title, commit_message: message });
        return { merged: sha(data.sha, "merge commit") };
      } catch (e) {
        const status = (e as ApiError).status;
        if (status !== 405 && status !== 409) throw e;
        // a retried merge whose first try went through is refused as "not mergeable": look
        const now = await port.pull(pull);
        if (now.merged && now.head === expected && now.mergeCommit) return { merged: now.mergeCommit };
        return {
          refused:
            status === 409
              ? `its head moved after ${expected.slice(0, 12)} was validated: the new head's check decides`
              : `GitHub refused the merge (${status}: ${(e as ApiError).message ?? String(status)})`,
        };
      }
    },
    /** starts workflow `workflow` (its file name) on `ref` */
    async dispatch(workflow: string, ref: string) {
      await rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: workflow, ref });
    },
    /** adds the pull request to the merge queue, only while its head is `expected` */
    async enqueue(nodeId: string, expected: string) {
      await octokit.graphql(GRAPHQL.enqueue, { pullRequestId: nodeId, expectedHeadOid: expected });
    },
    async listComments(issue: number) {
      const q = { owner, repo, issue_number: issue, per_page: 100 };
      const all = await pages(30, octokit.paginate.iterator(rest.issues.listComments, q));
      return all.map((c) => ({ id: c.id, login: c.user?.login ?? "", body: c.body ?? "" }));
    },
    async createComment(issue: number, body: string) {
      // not retried: a create that failed on the way back may have been made (no duplicate comments);
      // the next run finds and updates it, or creates it then
      await rest.issues.createComment({ owner, repo, issue_number: issue, body, request: { retries: 0 } });
    },
    async updateComment(id: number, body: string) {
      await rest.issues.updateComment({ owner, repo, comment_id: id, body });
    },
    /** The check "tinychain receipts" on `headSha`; `text`: more detail (a merge group's blocks) */
    async createCheckRun(
      headSha: string,
      valid: boolean,
      output: { title: string; summary: string; text?: string },
    ) {
      const clipped = Object.entries(output).map(([k, v]) => [k, v.slice(0, 65_000)]); // of 65,535 allowed
      await rest.checks.create({
        owner,
        repo,
        name: "tinychain receipts",
        head_sha: headSha,
        status: "completed",
        conclusion: valid ? "success" : "failure",
        output: Object.fromEntries(clipped) as typeof output,
      });
    },
    /**
     * The commit that brought each of `paths` at `ref` (the newest that changed it): from the local
     * history in `cwd`, else (a shallow clone) a request each while `mayAsk`; undefined once it says no.
     */
    async commitsTouching(cwd: string, ref: string, paths: string[], mayAsk = async () => true) {
      const found: Map<string, string | undefined> = lastCommitsTouching(cwd, ref, paths);
      for (const path of paths.filter((p) => !found.has(p))) {
        if (!(await mayAsk())) return undefined;
        const { data } = await rest.repos.listCommits({ owner, repo, sha: ref, path, per_page: 1 });
        found.set(path, data[0] ? sha(data[0].sha, "commit sha") : undefined);
      }
      return found;
    },
    /**
     * Each commit's merged pull requests with the action's receipts comment: one GraphQL query a 100.
     * Anyone may open pull requests whose head is a merged pull request's commit, and GitHub marks them
     * merged too. Of the pull requests a commit belongs to, the ones whose merge commit is on the
     * branch's own line (first parents from `tip` in `cwd`) are the ones merged; the others count only
     * when none is, as after a push of the commit itself.
     */
    async receiptTargets(cwd: string, tip: string, commits: string[]) {
      type Answer = { repository: Record<string, { associatedPullRequests?: { nodes?: ReceiptPull[] } }> };
      const out = new Map<string, MergedPull[]>();
      for (let i = 0; i < commits.length; i += 100) {
        const chunk = commits.slice(i, i + 100);
        const oids = Object.fromEntries(chunk.map((c, j) => [`c${j}`, sha(c, "commit sha")]));
        const query = receiptTargetsQuery(chunk.length);
        const data = await octokit.graphql<Answer>(query, { owner, name: repo, ...oids });
        for (const [j, c] of chunk.entries()) {
          const pulls = data.repository?.[`c${j}`]?.associatedPullRequests?.nodes ?? [];
          out.set(c, pulls.filter((p) => p?.merged && typeof p.number === "number").map(mergedPull));
        }
      }
      if (out.size === 0) return out;
      const line = new Set(git(cwd, ["rev-list", "--first-parent", "-n", "10000", tip]).split("\n"));
      for (const [c, all] of out) {
        const here = all.filter((p) => p.mergeCommit !== undefined && line.has(p.mergeCommit));
        if (here.length > 0) out.set(c, here);
      }
      return out;
    },
    /** the hour's budgets (GET /rate_limit, which costs none), then as the last answer's headers said */
    async budget(resource: "core" | "graphql") {
      // GitHub Enterprise without rate limits answers 404: no budget to keep to
      const limits = budgets.has(resource) ? undefined : await rest.rateLimit.get().catch(() => undefined);
      for (const [name, b] of Object.entries(limits?.data.resources ?? {})) if (b) budgets.set(name, b);
      return budgets.get(resource) ?? { remaining: Number.POSITIVE_INFINITY, reset: 0 };
    },
  };
  return port;
}
