// Where the page finds its chain (docs/web.md "Configuration"): config.json beside it (pages.yml and the
// node write it), then its own GitHub Pages address (OWNER.github.io/REPO). What is deployed wins: a
// `?repo=`/`?branch=` in the address that differs is shown as a warning and not used (a link to the real
// page must not send a victim's signed transaction to another repository). Only where nothing deployed
// names a repository (a node whose clone has no GitHub origin) is `?repo=` used, and said so. Pure.

import { branchPath } from "../client/github.ts";

export interface Config {
  /** where the repository's files are read from, ending in "/" */
  base: string;
  /** owner/name on GitHub, for the pull request and the pending list; null when not known */
  repo: string | null;
  branch: string;
  /** a sentence for the page when its address asked for another chain than the deployed one */
  warning?: string;
  /** the node's JSON-RPC, when a node serves the page (its config.json says so); none on GitHub Pages */
  rpc?: string;
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** git check-ref-format's rules for a branch name (no "..", "@{", control characters, "//", ".lock"…). */
export function isRefName(s: string): boolean {
  if (s.length === 0 || s.length > 200 || s === "@") return false;
  if (/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|^\/|\/$|\.$/.test(s)) return false;
  return s.split("/").every((c) => c !== "" && !c.startsWith(".") && !c.endsWith(".lock"));
}

export function resolveConfig(href: string, file: Partial<Config>): Config {
  const url = new URL(href);
  const repoOf = (v: unknown) => (typeof v === "string" && REPO.test(v) && !v.includes("..") ? v : null);
  const branchOf = (v: unknown) => (typeof v === "string" && isRefName(v) ? v : null);
  const pages = /^([A-Za-z0-9-]+)\.github\.io$/.exec(url.hostname);
  const deployed = repoOf(file.repo) ?? (pages ? repoOf(`${pages[1]}/${url.pathname.split("/")[1]}`) : null);
  const asked = { repo: url.searchParams.get("repo"), branch: url.searchParams.get("branch") };
  let repo = deployed;
  let branch = branchOf(file.branch) ?? "main";
  let warning: string | undefined;
  const refused = (what: string, value: string, used: string) =>
    `This page's address asks for ${what} ${JSON.stringify(value)}, but this page is deployed for ${used}: it shows ${used} and sends pull requests there only.`;
  if (asked.repo !== null && asked.repo !== repo) {
    if (repo) warning = refused("the repository", asked.repo, repo);
    else if (repoOf(asked.repo)) {
      repo = asked.repo;
      warning = `The repository ${repo} comes from this page's address, not from the chain's configuration: check that it is the chain you mean before you sign.`;
    } else
      warning = `The page's address names ${JSON.stringify(asked.repo)}, which is not a repository (OWNER/NAME).`;
  }
  if (asked.branch !== null && asked.branch !== branch) {
    if (file.branch !== undefined || deployed || !branchOf(asked.branch))
      warning ??= branchOf(asked.branch)
        ? refused("the branch", asked.branch, `branch ${branch}`)
        : `The page's address names ${JSON.stringify(asked.branch)}, which is not a branch name.`;
    else branch = asked.branch;
  }
  // the node serves the files itself (base "./"); a chain on GitHub is read from its raw files
  const base =
    typeof file.base === "string"
      ? new URL(file.base, url).href
      : repo
        ? `https://raw.githubusercontent.com/${repo}/${branchPath(branch)}/`
        : new URL("./", url).href;
  const rpc = typeof file.rpc === "string" ? new URL(file.rpc, url).href : undefined;
  return { base, repo, branch, ...(warning ? { warning } : {}), ...(rpc ? { rpc } : {}) };
}
