// Pending transactions and a signed transaction followed to its block, from the repository's files and
// GitHub's public API without a token (60 requests an hour per address; docs/web.md says what is
// polled and how often). Pending: the files in txs/ of the head (the node's txs.json, or GitHub's
// contents API) and the open pull requests whose title or branch names a transaction file.

import { blockPath } from "../chain/layout.ts";
import type { PendingTx } from "../client/compose.ts";
import { GitHubError, gitHubApi, type Pull, pendingPullRequests } from "../client/github.ts";
import { httpText, RemoteChain } from "../client/remote.ts";
import type { Config } from "./config.ts";

export type { PendingTx };

const TX_FILE = /(0x[0-9a-fA-F]{40})-(0|[1-9][0-9]{0,8})\.json/;
/** the follower's interval: one API request a poll, so at most 40 of the 60 an hour */
export const POLL_SECONDS = 90;

/** a link the API gave, kept only when it is GitHub's own page */
const onGitHub = (url: string) => (/^https:\/\/github\.com\//.test(url) ? url : undefined);

const parsed = (text: string, where: string, url?: string): PendingTx | undefined => {
  const m = TX_FILE.exec(text);
  return m ? { from: m[1]!.toLowerCase(), nonce: Number(m[2]), where, url } : undefined;
};

/** Every pending transaction the page can see, and sentences for the sources it could not read. */
export async function pendingTransactions(cfg: Config, local: boolean) {
  const repo = cfg.repo;
  const files: Promise<string[]> = local
    ? httpText(new URL("txs.json", cfg.base).href).then((t) => (t === null ? [] : JSON.parse(t)))
    : repo
      ? gitHubApi<{ path: string }[]>(`${repo}/contents/txs?ref=${encodeURIComponent(cfg.branch)}`).then(
          (l) => l?.map((f) => f.path) ?? [],
        )
      : Promise.resolve([]);
  const pulls = repo ? pendingPullRequests(repo) : Promise.resolve([]);
  // both read at once; each source that fails is said, the other still counts
  const sources = {
    "the pending files of txs/": files.then((paths) => paths.map((path) => parsed(path, path))),
    "the open pull requests": pulls.then((prs) =>
      prs.map((pr) => parsed(`${pr.title} ${pr.branch}`, `pull request #${pr.number}`, onGitHub(pr.url))),
    ),
  };
  const list: PendingTx[] = [];
  const problems: string[] = [];
  for (const [what, found] of Object.entries(sources))
    try {
      for (const p of await found) if (p) list.push(p);
    } catch (e) {
      problems.push(`${what} could not be read (${(e as Error).message})`);
    }
  return { list, problems };
}

export interface Progress {
  pr?: { number: number; url?: string; sha: string; state: string; merged: boolean };
  check?: { sha: string; verdict: "waiting" | "passed" | "failed"; url?: string };
  block?: number;
  error?: string;
}

/**
 * Follows one signed transaction: its pull request (found by the file's name in its title or branch, as
 * GitHub's create-file page titles it), the check's verdict, the merge, the block that includes it.
 * `poll()` does one step; at most one API request each.
 */
export class Follow {
  readonly progress: Progress = {};
  private seenHead: number;
  /** polls alternate between the check's verdict and the pull request's state (merged?) */
  private ticks = 0;

  constructor(
    private readonly cfg: Config,
    private readonly file: string,
    readonly id: string,
    head: number,
  ) {
    this.seenHead = head;
  }

  get done(): boolean {
    const pr = this.progress.pr;
    return this.progress.block !== undefined || (pr?.state === "closed" && !pr.merged);
  }

  async poll(): Promise<Progress> {
    const p = this.progress;
    p.error = undefined;
    try {
      const repo = this.cfg.repo;
      if (repo && !p.pr?.merged) {
        const name = this.file.replace(/^txs\//, "");
        if (!p.pr) {
          const pulls = await gitHubApi<Pull[]>(
            `${repo}/pulls?state=all&sort=created&direction=desc&per_page=30`,
          );
          const pr = pulls?.find((x) => `${x.title} ${x.head.ref}`.includes(name));
          if (pr) p.pr = pullOf(pr);
        } else if (this.ticks++ % 2 === 0 && (p.check?.sha !== p.pr.sha || p.check.verdict === "waiting")) {
          p.check = await this.checkOf(repo, p.pr.sha);
        } else {
          const pr = await gitHubApi<Pull>(`${repo}/pulls/${p.pr.number}`);
          if (pr) p.pr = pullOf(pr);
        }
      }
      if (!repo || p.pr?.merged) await this.findBlock();
    } catch (e) {
      p.error = e instanceof GitHubError ? e.message : "the repository could not be reached";
    }
    return p;
  }

  private async checkOf(repo: string, sha: string): Promise<Progress["check"]> {
    const runs = await gitHubApi<{
      check_runs: { status: string; conclusion: string | null; html_url: string }[];
    }>(`${repo}/commits/${sha}/check-runs`);
    const all = runs?.check_runs ?? [];
    const bad = all.find(
      (r) => r.status === "completed" && !["success", "neutral", "skipped"].includes(r.conclusion ?? ""),
    );
    if (bad) return { sha, verdict: "failed", url: onGitHub(bad.html_url) };
    if (all.length === 0 || all.some((r) => r.status !== "completed")) return { sha, verdict: "waiting" };
    return { sha, verdict: "passed", url: onGitHub(all[0]!.html_url) };
  }

  /** the blocks after the last head seen: the repository's files, not the API */
  private async findBlock(): Promise<void> {
    const chain = new RemoteChain(this.cfg.base);
    const head = await chain.load(() => chain.head().number);
    for (let n = this.seenHead + 1; n <= head; n++) {
      await chain.prefetch([blockPath(n)]);
      if (chain.block(n)?.transactions.some((t) => t.id === this.id)) {
        this.progress.block = n;
        return;
      }
    }
    this.seenHead = head;
  }
}

const pullOf = (pr: Pull) => ({
  number: pr.number,
  url: onGitHub(pr.html_url),
  sha: pr.head.sha,
  state: pr.state,
  merged: pr.merged_at !== null,
});
