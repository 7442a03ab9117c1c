// Where the page finds its chain (docs/web.md "Configuration"): `?repo=OWNER/REPO&branch=B` in its
// address, then config.json beside it (pages.yml and the node write it), then its own GitHub Pages
// address (OWNER.github.io/REPO). Pure, so the GitHub path is tested without GitHub.

export interface Config {
  /** where the repository's files are read from, ending in "/" */
  base: string;
  /** owner/name on GitHub, for the pull request and the pending list; null when not known */
  repo: string | null;
  branch: string;
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const BRANCH = /^[A-Za-z0-9._/-]{1,200}$/;

export function resolveConfig(href: string, file: Partial<Config>): Config {
  const url = new URL(href);
  const valid = (v: unknown, re: RegExp) => (typeof v === "string" && re.test(v) ? v : null);
  const pages = /^([A-Za-z0-9-]+)\.github\.io$/.exec(url.hostname);
  const pagesRepo = pages ? valid(`${pages[1]}/${url.pathname.split("/")[1]}`, REPO) : null;
  const repo = valid(url.searchParams.get("repo"), REPO) ?? valid(file.repo, REPO) ?? pagesRepo;
  const branch = valid(url.searchParams.get("branch"), BRANCH) ?? valid(file.branch, BRANCH) ?? "main";
  // the node serves the files itself (base "./"); a chain on GitHub is read from its raw files
  const base =
    typeof file.base === "string"
      ? new URL(file.base, url).href
      : repo
        ? `https://raw.githubusercontent.com/${repo}/${encodeURIComponent(branch)}/`
        : new URL("./", url).href;
  return { base, repo, branch };
}
