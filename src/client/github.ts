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
export function createFileUrl(
  repo: string,
  branch: string,
  name: string,
  text: string,
): { url: string; pasted: boolean } {
  const page = `https://github.com/${repo}/new/${branchPath(branch)}`;
  const full = `${page}?filename=${encodeURIComponent(name)}&value=${encodeURIComponent(text)}`;
  if (full.length <= MAX_URL) return { url: full, pasted: false };
  return { url: `${page}?filename=${encodeURIComponent(name)}`, pasted: true };
}

/** The pull-request page for a signed file (SignedFile of compose.ts) on `repo` (OWNER/NAME). */
export function pullRequestUrl(
  repo: string,
  file: { path: string; text: string },
  branch = "main",
): { url: string; pasted: boolean } {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo))
    throw new Error(`E_VALUE: the repository must be OWNER/NAME, got ${JSON.stringify(repo.slice(0, 80))}`);
  return createFileUrl(repo, branch, file.path, file.text);
}

export interface PullRequest {
  number: number;
  title: string;
  url: string;
  /** the pull request's branch (the page finds a transaction file's name in it or in the title) */
  branch: string;
}

/** The open pull requests of `repo` (the pending transactions of a chain on GitHub), newest first. */
export async function pendingPullRequests(
  repo: string,
  fetchFn: typeof fetch = fetch,
): Promise<PullRequest[]> {
  const r = await fetchFn(`https://api.github.com/repos/${repo}/pulls?state=open&per_page=100`, {
    headers: { accept: "application/vnd.github+json" },
  }).catch(() => {
    throw new Error(`GitHub could not be reached for the pull requests of ${repo}`);
  });
  if (!r.ok) throw new Error(`GitHub answered ${r.status} for the pull requests of ${repo}`);
  const prs = (await r.json()) as {
    number: number;
    title: string;
    html_url: string;
    head: { ref: string };
  }[];
  return prs.map((p) => ({ number: p.number, title: p.title, url: p.html_url, branch: p.head.ref }));
}
