// What the action asks of GitHub, as one interface (github.ts implements it on GitHub's client; the
// tests answer it with a local double), and the GraphQL documents it sends.

/** A commit id as git and the API spell it. */
export const SHA = /^[0-9a-f]{40}$/;

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
  /** more detail (the predicted blocks of a merge group), at most 65,535 characters */
  text?: string;
}

/** A pull request as the sequencer needs it. */
export interface PullInfo {
  number: number;
  head: string;
  /** the base branch's commit GitHub compares the pull request with */
  base: string;
  open: boolean;
  merged: boolean;
  draft: boolean;
  /** ISO 8601, when it was opened: the sequencing window counts from here */
  createdAt: string;
  /** the GraphQL node id (the merge queue's mutation takes it) */
  nodeId: string;
  author: string;
  /** once merged: the merge commit and who merged it */
  mergeCommit?: string;
  mergedBy?: string;
  closedAt?: string;
}

/** A merged pull request a commit belongs to, and the action's receipts comment on it, when it has one. */
export type MergedPull = {
  number: number;
  comment?: { id: number; body: string };
  /** the commit its merge made on the base branch, when GitHub names one */
  mergeCommit?: string;
};

/** What is left of an hour's requests (`x-ratelimit-remaining`) and when it refills (unix seconds). */
export type Budget = { remaining: number; reset: number };

export type MergeResult =
  | { merged: true; commit: string }
  | { merged: false; status: number; reason: string };

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

export interface GitHubPort {
  pull(pull: number): Promise<PullInfo>;
  /** open pull requests, oldest number first, at most `max` */
  listOpenPulls(max: number): Promise<PullInfo[]>;
  /** pull requests closed without merging since `since` (ISO 8601), at most `max`, newest first */
  listClosedUnmerged(since: string, max: number): Promise<PullInfo[]>;
  /** maintainers whose latest review approves exactly commit `head` */
  approvals(pull: number, head: string): Promise<string[]>;
  /** merges the pull request only if its head is still `sha` (GitHub answers 409 otherwise) */
  merge(pull: number, sha: string, title: string, message: string): Promise<MergeResult>;
  /** starts workflow `workflow` (its file name) on `ref` */
  dispatch(workflow: string, ref: string): Promise<void>;
  /** adds the pull request to the merge queue, only while its head is `sha` */
  enqueue(nodeId: string, sha: string): Promise<void>;
  listComments(issue: number): Promise<Comment[]>;
  createComment(issue: number, body: string): Promise<void>;
  updateComment(id: number, body: string): Promise<void>;
  createCheckRun(run: CheckRun): Promise<void>;
  /** the newest commit reachable from `ref` that changed `path` */
  lastCommitTouching(path: string, ref: string): Promise<string | undefined>;
  /** each commit's merged pull requests with the action's receipts comment: one GraphQL query a 100 */
  receiptTargets(commits: string[]): Promise<Map<string, MergedPull[]>>;
  /** the hour's budgets (GET /rate_limit, which costs none), then as the last answer's headers said */
  budget(resource: "core" | "graphql"): Promise<Budget>;
}
