// Pending transactions and a signed transaction followed to its block (its steps shown as they pass),
// from the repository's files and GitHub's public API without a token (60 requests an hour per address;
// docs/web.md says what is polled and how often). Pending: the files in txs/ of the head (the node's
// txs.json, or GitHub's contents API) and the open pull requests whose title or branch names a
// transaction file.

import { blockPath } from "../chain/layout.ts";
import type { PendingTx } from "../client/compose.ts";
import { GitHubError, gitHubApi, type Pull, pendingPullRequests } from "../client/github.ts";
import { httpText, RemoteChain } from "../client/remote.ts";
import type { Config } from "./config.ts";
import { $, button, el, link, txLink } from "./dom.ts";

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
export async function pendingTransactions(cfg: Config) {
  // served by a node (its own files): the node's list of txs/
  const files: Promise<string[]> = cfg.base.startsWith(location.origin)
    ? httpText(new URL("txs.json", cfg.base).href).then((t) => (t === null ? [] : JSON.parse(t)))
    : cfg.repo
      ? gitHubApi<{ path: string }[]>(`${cfg.repo}/contents/txs?ref=${encodeURIComponent(cfg.branch)}`).then(
          (l) => l?.map((f) => f.path) ?? [],
        )
      : Promise.resolve([]);
  const pulls = cfg.repo ? pendingPullRequests(cfg.repo) : Promise.resolve([]);
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

/** The check's step, by its verdict: what it says, and how it is marked. */
const CHECK_STEP = {
  passed: ["The check passed", "done"],
  failed: ["The check failed: see its receipt", "bad"],
  waiting: ["Waiting for the check", "wait"],
} as const;

type Check = { sha: string; verdict: keyof typeof CHECK_STEP; url?: string };

async function checkOf(repo: string, sha: string): Promise<Check> {
  type Run = { status: string; conclusion: string | null; html_url: string };
  const all = (await gitHubApi<{ check_runs: Run[] }>(`${repo}/commits/${sha}/check-runs`))?.check_runs ?? [];
  const bad = all.find(
    (r) => r.status === "completed" && !["success", "neutral", "skipped"].includes(r.conclusion ?? ""),
  );
  if (bad) return { sha, verdict: "failed", url: onGitHub(bad.html_url) };
  if (all.length === 0 || all.some((r) => r.status !== "completed")) return { sha, verdict: "waiting" };
  return { sha, verdict: "passed", url: onGitHub(all[0]!.html_url) };
}

/** the transaction followed, and its poll's timer */
let following: { id: string; timer: number } | undefined;

/**
 * Follows one signed transaction in #following, a line per step, a poll every POLL_SECONDS: its pull
 * request (found by the file's name in its title or branch, as GitHub's create-file page titles it), the
 * check's verdict, the merge, the block that includes it. Each poll makes at most one API request.
 * `included`: called when the transaction is found in a block (the page then reads the new head).
 */
export function follow(cfg: Config, file: string, id: string, head: number, included: () => void): void {
  if (following?.id === id) return;
  if (following) clearInterval(following.timer);
  const repo = cfg.repo;
  let pr: Pull | undefined;
  let check: Check | undefined;
  let block: number | undefined;
  let error: string | undefined;
  /** polls alternate between the check's verdict and the pull request's state (merged?) */
  let ticks = 0;
  const merged = () => Boolean(pr?.merged_at);
  const done = () => block !== undefined || (pr?.state === "closed" && !merged());
  const steps = el("ol", "", "steps");
  const now = button("Check now");
  const status = el("p", "", "muted");
  const box = el("div", [el("h3", "Following the transaction"), steps, now, status], "follow", "follow");
  const step = (text: string, state: "done" | "wait" | "bad", url?: string) =>
    el("li", url ? [text, " ", link("view", url)] : text, state);
  const render = () => {
    // pr is only found when there is a repository
    const verdict = pr && CHECK_STEP[check?.sha === pr.head.sha ? check.verdict : "waiting"];
    const items = [
      repo && !pr && step(`Waiting for the pull request that adds ${file}`, "wait"),
      pr && step(`Pull request #${pr.number} opened`, "done", onGitHub(pr.html_url)),
      verdict && step(verdict[0], verdict[1], check?.url),
      merged() && step("Merged", "done"),
      pr?.state === "closed" && !merged() && step("Closed without merging", "bad"),
      pr && pr.state !== "closed" && !merged() && step("Waiting for the merge", "wait"),
      block !== undefined && el("li", [`Included in block ${block}`, " ", txLink(block, id)], "done"),
      block === undefined && (!repo || merged()) && step("Waiting for the block that includes it", "wait"),
    ].filter((item) => item instanceof HTMLElement);
    steps.replaceChildren(...items);
    status.textContent = done()
      ? ""
      : `${error ? `${error}; ` : ""}checked every ${POLL_SECONDS} seconds (GitHub's API at most once a poll, the repository's files after the merge).`;
  };
  /** the blocks after the last head seen: the repository's files, not the API */
  const findBlock = async () => {
    const chain = new RemoteChain(cfg.base);
    const top = await chain.load(() => chain.head().number);
    // one block at a time, stopping at the one that holds it: a page left open on a busy chain does
    // not ask for every block since at once
    for (let n = head + 1; n <= top; n++) {
      await chain.prefetch([blockPath(n)]);
      if (chain.block(n)?.transactions.some((t) => t.id === id)) {
        block = n;
        return;
      }
    }
    head = top;
  };
  const name = file.replace(/^txs\//, "");
  const poll = async () => {
    if (done()) return;
    now.disabled = true;
    error = undefined;
    try {
      if (repo && !merged()) {
        if (!pr) {
          const pulls = await gitHubApi<Pull[]>(
            `${repo}/pulls?state=all&sort=created&direction=desc&per_page=30`,
          );
          pr = pulls?.find((x) => `${x.title} ${x.head.ref}`.includes(name));
        } else if (ticks++ % 2 === 0 && (check?.sha !== pr.head.sha || check.verdict === "waiting"))
          check = await checkOf(repo, pr.head.sha);
        else pr = (await gitHubApi<Pull>(`${repo}/pulls/${pr.number}`)) ?? pr;
      }
      if (!repo || merged()) await findBlock();
    } catch (e) {
      error = e instanceof GitHubError ? e.message : "the repository could not be reached";
    }
    now.disabled = done();
    render();
    if (done()) clearInterval(timer);
    if (block !== undefined) included();
  };
  now.addEventListener("click", () => void poll());
  const timer = window.setInterval(() => void poll(), POLL_SECONDS * 1000);
  following = { id, timer };
  $("following").replaceChildren(box);
  render();
  void poll();
}
