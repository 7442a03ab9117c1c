// A chain on GitHub: a transaction is a pull request that adds its signed file under txs/ (docs/web.md).
// The pull request is the user's own: this composes GitHub's page for it, and lists the open ones.

/** A branch as a URL path (its slashes kept: raw.githubusercontent.com and github.com read them so). */
export const branchPath = (branch: string) => branch.split("/").map(encodeURIComponent).join("/");

/** GitHub answers 414 to a longer URL: the file is then pasted, and only its name is in the URL. */
export const MAX_URL = 8000;

/**
 * GitHub's create-file page with the file filled in: for someone without write access GitHub forks the
 * repository and opens the pull request itself. `pasted`: the file is too long for the URL.
 */
export function createFileUrl(repo: string, branch: string, name: string, text: string) {
  const page = `https://github.com/${repo}/new/${branchPath(branch)}`;
  const full = `${page}?filename=${encodeURIComponent(name)}&value=${encodeURIComponent(text)}`;
  if (full.length <= MAX_URL) return { url: full, pasted: false };
  return { url: `${page}?filename=${encodeURIComponent(name)}`, pasted: true };
}

/** The pull-request page for a signed file (SignedFile of compose.ts) on `repo` (OWNER/NAME). */
export function pullRequestUrl(repo: string, file: { path: string; text: string }, branch = "main") {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo))
    throw new Error(`E_VALUE: the repository must be OWNER/NAME, got ${JSON.stringify(repo.slice(0, 80))}`);
  return createFileUrl(repo, branch, file.path, file.text);
}

/** Why GitHub's API gave no answer, in a few words. */
export class GitHubError extends Error {}

/**
 * GET `path` of GitHub's API for repositories, without a token (60 requests an hour per address): the
 * answer, or null for a 404; a GitHubError otherwise.
 */
export async function gitHubApi<T>(path: string, fetchFn: typeof fetch = fetch): Promise<T | null> {
  const r = await fetchFn(`https://api.github.com/repos/${path}`, {
    cache: "no-cache",
    headers: { accept: "application/vnd.github+json" },
  }).catch(() => {
    throw new GitHubError("GitHub could not be reached");
  });
  if (r.status === 404) return null;
  if (r.status === 403 || r.status === 429)
    throw new GitHubError("GitHub's limit of requests without a token is spent for now (60 an hour)");
  if (!r.ok) throw new GitHubError(`GitHub answered ${r.status}`);
  return (await r.json()) as T;
}

/** A pull request as GitHub's API gives it: what of it the page and the library read. */
export interface Pull {
  number: number;
  title: string;
  html_url: string;
  state: string;
  merged_at: string | null;
  head: { ref: string; sha: string };
}

/** The open pull requests of `repo` (the pending transactions of a chain on GitHub), newest first. */
export async function pendingPullRequests(repo: string, fetchFn: typeof fetch = fetch) {
  const prs = await gitHubApi<Pull[]>(`${repo}/pulls?state=open&per_page=100`, fetchFn);
  if (!prs) throw new GitHubError(`GitHub has no repository ${repo}`);
  // the branch: the page finds a transaction file's name in it or in the title
  return prs.map((p) => ({ number: p.number, title: p.title, url: p.html_url, branch: p.head.ref }));
}

/** An open pull request as pendingPullRequests lists it. */
export type PullRequest = Awaited<ReturnType<typeof pendingPullRequests>>[number];
