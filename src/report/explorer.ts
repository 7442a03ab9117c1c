// state/README.md: the chain's explorer, which GitHub renders with no server. Regenerated with every
// block from the explorer data (explorer-index.ts); a pure function of the chain, so it is the
// same whoever applies the block. It is part of the state commit, not of the state root. The chain's
// and contracts' names are chain data: inert code spans (inert.ts); addresses are shown checksummed.

import type { Header } from "../chain/block.ts";
import { codePath } from "../chain/layout.ts";
import { grouped, shownAddress, utcMinute as utc } from "../client/display.ts";
import type { WaitingLine } from "../client/waiting.ts";
import { accountPath, blockPath } from "../store/snapshot.ts";
import { codeCell, codeSpan } from "./inert.ts";

export interface BlockSummary {
  number: number;
  hash: string;
  timestamp: number;
  commit: string;
  txs: number;
  rejected: number;
  gasUsed: number;
  gasLimit: number;
  baseFee: string;
}

export interface ExplorerData {
  chainId: number;
  name: string;
  head: Header;
  /** the newest blocks, oldest first */
  recent: BlockSummary[];
  /** the largest balances, largest first (ties by address) */
  top: { address: string; balance: string }[];
  /** the first contracts by name then address (at most CONTRACTS_SHOWN), and how many there are */
  contracts: { address: string; name: string; balance: string }[];
  contractCount: number;
  /** https://github.com/OWNER/REPO when known: commits link there */
  repoUrl?: string;
  /** the sequencer's waiting line, from GitHub when the block was applied (docs/sequencer.md) */
  waiting?: WaitingLine;
}

export type { WaitingEntry, WaitingLine } from "../client/waiting.ts";

export const RECENT_BLOCKS = 20;
export const TOP_BALANCES = 10;
export const CONTRACTS_SHOWN = 50;

/** The repository's web address from GITHUB_SERVER_URL and GITHUB_REPOSITORY, when both look right. */
export function githubRepoUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository } = process.env;
  if (!server || !repository) return undefined;
  if (!/^https?:\/\/[A-Za-z0-9.:-]+$/.test(server) || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
    return undefined;
  return `${server}/${repository}`;
}

const short = (h: string) => `${h.slice(0, 10)}…`;
// links relative to state/README.md (paths as store/snapshot.ts lays them out)
const accountLink = (a: string) => `[\`${shownAddress(a)}\`](${accountPath(a).slice("state/".length)})`;
const blockLink = (n: number) => `[${n}](${blockPath(n).slice("state/".length)})`;

/** A mermaid xychart of one series, `kind` its bars or line (GitHub renders it), then a blank line. */
function chart(title: string, yAxis: string, xs: string, kind: "bar" | "line", values: unknown[]): string[] {
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${title}"`,
    `  x-axis [${xs}]`,
    `  y-axis "${yAxis}"`,
    `  ${kind} [${values.join(", ")}]`,
    "```",
    "",
  ];
}

export function renderExplorer(d: ExplorerData): string {
  const h = d.head;
  const out: string[] = [];
  out.push(`# ${d.name === "" ? "tinychain" : codeSpan(d.name)}`);
  out.push("");
  out.push("<!-- tinychain writes this file with every block: edits here are overwritten -->");
  out.push("");
  out.push(
    `A tinychain, chain id ${d.chainId}. Head: block ${blockLink(h.number)}, ` +
      `hash \`${short(h.hash)}\`, state root \`${short(h.stateRoot)}\`, ${utc(h.timestamp)} UTC.`,
  );
  out.push("");
  out.push("Send a transaction by opening a pull request that adds a signed file under `txs/`; check this");
  out.push("chain yourself with `tinychain verify`, or serve it with `tinychain node`.");
  out.push("");

  if (d.waiting) out.push(...renderWaitingLine(d.waiting, d.repoUrl));
  out.push("## Recent blocks");
  out.push("");
  out.push("| block | time (UTC) | txs | rejected | gas used | base fee | commit |");
  out.push("| ---: | --- | ---: | ---: | ---: | ---: | --- |");
  for (const b of [...d.recent].reverse()) {
    const commit =
      b.commit === ""
        ? "genesis"
        : d.repoUrl
          ? `[\`${b.commit.slice(0, 7)}\`](${d.repoUrl}/commit/${b.commit})`
          : `\`${b.commit.slice(0, 7)}\``;
    const permille = b.gasLimit > 0 ? Math.floor((b.gasUsed * 1000) / b.gasLimit) : 0;
    const share = b.gasLimit > 0 ? ` (${Math.floor(permille / 10)}.${permille % 10}%)` : "";
    out.push(
      `| ${blockLink(b.number)} | ${utc(b.timestamp)} | ${b.txs} | ${b.rejected} | ${grouped(b.gasUsed)}${share} | ${grouped(b.baseFee)} | ${commit} |`,
    );
  }
  out.push("");

  if (d.recent.length > 1) {
    // block numbers as quoted categories: mermaid reads a quoted label whatever it holds
    const xs = d.recent.map((b) => `"${b.number}"`).join(", ");
    out.push(
      `## Gas used and base fee, blocks ${d.recent[0]!.number}–${d.recent[d.recent.length - 1]!.number}`,
    );
    out.push("");
    const gasUsed = d.recent.map((b) => b.gasUsed);
    out.push(...chart("Gas used per block", "gas", xs, "bar", gasUsed));
    const baseFees = d.recent.map((b) => b.baseFee);
    out.push(...chart("Base fee per block (sneed per gas)", "base fee", xs, "line", baseFees));
  }

  out.push("## Top balances");
  out.push("");
  if (d.top.length === 0) out.push("No account holds sneed yet.");
  else {
    out.push("| # | account | sneed |");
    out.push("| ---: | --- | ---: |");
    d.top.forEach((t, i) => {
      out.push(`| ${i + 1} | ${accountLink(t.address)} | ${grouped(t.balance)} |`);
    });
  }
  out.push("");

  out.push(`## Contracts (${d.contractCount})`);
  out.push("");
  out.push("| contract | address (its account file) | code | sneed |");
  out.push("| --- | --- | --- | ---: |");
  for (const c of d.contracts)
    out.push(
      `| ${codeCell(c.name)} | ${accountLink(c.address)} | [${codeCell(`${c.name}.lisp`)}](${codePath(c.address).slice("state/".length)}) | ${grouped(c.balance)} |`,
    );
  if (d.contractCount > d.contracts.length)
    out.push(`| … | and ${d.contractCount - d.contracts.length} more in \`accounts/\` | \`code/\` | |`);
  out.push("");
  return `${out.join("\n")}`;
}

/**
 * The waiting line: the one part of the explorer that comes from GitHub, not from the chain (as of
 * the block commit). Pull requests are shown by number only: their titles are anyone's text.
 */
function renderWaitingLine(w: WaitingLine, repoUrl?: string): string[] {
  const link = (n: number) => (repoUrl ? `[#${n}](${repoUrl}/pull/${n})` : `#${n}`);
  const out = ["## Waiting line", ""];
  out.push(
    w.window === null
      ? "Valid transaction pull requests not merged yet (the policy sets no sequencing window):"
      : `Valid transaction pull requests not merged yet; the sequencing window (${w.window}) includes each one open longer than that. ⚠️: past half the window.`,
  );
  out.push("");
  if (w.open.length === 0) out.push("None.");
  else {
    out.push("| pull request | open for | waits for |", "| --- | --- | --- |");
    for (const e of w.open)
      out.push(
        `| ${link(e.pull)}${e.pastHalfWindow ? " ⚠️" : ""} | ${e.age} | ${e.waitsFor.replace(/\|/g, "\\|")} |`,
      );
    if (w.more > 0) out.push("", `and ${w.more} more.`);
  }
  out.push("");
  if (w.vetoes.length > 0) {
    out.push(`Vetoed (valid, closed without merging, in the last ${w.vetoBlocks} blocks):`, "");
    for (const v of w.vetoes) out.push(`- ${link(v.pull)}, closed ${v.closedAt}`);
    out.push("");
  }
  return out;
}
