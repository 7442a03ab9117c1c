// state/README.md: the chain's explorer, which GitHub renders with no server. Regenerated with every
// block from the explorer's index; a pure function of the chain, so it is the same whoever applies the
// block. It is part of the state commit, not of the state root. The chain's and contracts' names are
// chain data: inert code spans (inert.ts); addresses are shown checksummed.
//
// The index is kept up to date in O(what a block changed): a cache in .tinychain-cache/explorer.json
// holds the largest balances, the contracts and the recent blocks, tagged with the hash of the head
// block it describes. A missing or stale cache (a fresh clone, a CI checkout) is rebuilt from the
// account files and block records, as the tree's is.
//
// Top balances stay exact without a scan. Accounts are ranked by balance, then address (a total
// order, so equal balances are no problem). The cache keeps up to CANDIDATES accounts and a `floor`:
// every account outside the list ranks at or below it. A changed account is taken out of the list and
// put back only when it ranks above the floor; what overflows the list raises the floor. Only when
// fewer than TOP_BALANCES candidates rank above the floor is the list rebuilt from the files (with
// CANDIDATES = 1,024 that takes a thousand accounts falling out of it).

import { join } from "node:path";
import type { Header } from "../chain/block.ts";
import type { Genesis } from "../chain/genesis.ts";
import { codePath } from "../chain/layout.ts";
import { grouped, shownAddress, utcMinute as utc } from "../client/display.ts";
import { openSentence, WAITING_PATH, type WaitingLine, waitingFileText } from "../client/waiting.ts";
import type { BlockObserver, ObservedBlocks } from "../sequencer/ledger.ts";
import { readTextIfExists, writeFileAtomic } from "../store/files.ts";
import {
  type AccountFile,
  accountPath,
  type BlockRecord,
  blockPath,
  type Snapshot,
} from "../store/snapshot.ts";
import { codeCell, codeSpan } from "./inert.ts";

const RECENT_BLOCKS = 20;
const TOP_BALANCES = 10;
const CONTRACTS_SHOWN = 50;
const CANDIDATES = 1024;
// 3: contract names are any symbol (shown inert), not only plain ones; 4: the cache is the index as it
// is kept (balances as decimal text, contracts an object)
const VERSION = 4;

type AccountEntry = readonly [string, AccountFile | undefined | null];

/** An account in the ranking: its balance decimal text, as the cache and the page write it. */
type Candidate = Pick<AccountFile, "balance"> & { address: string };

/** A block as the explorer lists it. */
type BlockSummary = ReturnType<typeof summaryOf>;

/** What state/README.md shows: the index's data, and what apply knows of GitHub. */
type ExplorerData = ReturnType<ExplorerIndex["data"]> & {
  /** https://github.com/OWNER/REPO when known: commits link there */
  repoUrl?: string;
  /** the sequencer's waiting line, from GitHub when the block was applied (docs/sequencer.md) */
  waiting?: WaitingLine;
};

/** The index as it is kept, and as .tinychain-cache/explorer.json holds it. */
interface Kept {
  /** the head block (hash and number) this index describes */
  headHash: string;
  head: number;
  top: Candidate[];
  /** every account outside `top` ranks at or below this one; null when there is none */
  floor: Candidate | null;
  /** each contract's name, by address */
  contracts: Record<string, string>;
  recent: BlockSummary[];
}

export class ExplorerIndex {
  private constructor(
    private readonly kept: Kept,
    /** how many candidates the list keeps (tests use small lists to exercise the floor) */
    private readonly candidates = CANDIDATES,
  ) {}

  /** The cached index when it describes `head`. */
  static cached(snapshot: Snapshot, head: Header): ExplorerIndex | undefined {
    try {
      const { version, ...kept } = JSON.parse(readTextIfExists(cachePath(snapshot)) ?? "null") ?? {};
      if (version === VERSION && kept.headHash === head.hash && kept.head === head.number)
        return new ExplorerIndex(kept);
    } catch {
      // a damaged cache is rebuilt
    }
    return undefined;
  }

  /** An index of these accounts (the whole state) and the latest block records, oldest first. */
  static build(
    accounts: Iterable<AccountEntry>,
    records: BlockRecord[],
    head: Header,
    candidates = CANDIDATES,
  ) {
    const recent = records.map(summaryOf).slice(-RECENT_BLOCKS);
    const kept = { headHash: head.hash, head: head.number, top: [], floor: null, contracts: {}, recent };
    const index = new ExplorerIndex(kept, candidates);
    const list = [...accounts];
    index.rescanBalances(list);
    for (const [address, f] of list) index.noteContract(address, f ?? undefined);
    return index;
  }

  /** Takes in one block: its record and the account files it changed (null: the account is gone). */
  addBlock(record: BlockRecord, changed: Iterable<AccountEntry>, all: () => Iterable<AccountEntry>): void {
    const k = this.kept;
    const latest = new Map(changed); // an address listed twice counts with its last file
    k.top = k.top.filter((c) => !latest.has(c.address));
    for (const [address, f] of latest) {
      const c = { address, balance: f?.balance ?? "0" };
      if (f && this.aboveFloor(c)) k.top.push(c);
      this.noteContract(address, f ?? undefined);
    }
    k.top.sort(byBalance);
    // every candidate ranks above the floor (none enters otherwise): the first left out is the new floor
    const dropped = k.top.splice(this.candidates)[0];
    if (dropped) k.floor = dropped;
    if (k.floor && k.top.length < TOP_BALANCES) this.rescanBalances(all());
    const summary = summaryOf(record);
    k.recent = [...k.recent.filter((b) => b.number < summary.number), summary].slice(-RECENT_BLOCKS);
    k.head = summary.number;
    k.headHash = String(record.header.hash);
  }

  /** What state/README.md shows; `balanceOf` reads a contract's current balance. */
  data(genesis: Genesis, head: Header, balanceOf: (a: string) => string) {
    return {
      chainId: genesis.chainId,
      name: genesis.name,
      head,
      /** the newest blocks, oldest first */
      recent: this.kept.recent,
      /** the largest balances, largest first (ties by address) */
      top: this.kept.top.filter((c) => c.balance !== "0").slice(0, TOP_BALANCES),
      /** the first contracts by name then address (at most CONTRACTS_SHOWN), and how many there are */
      // only the contracts shown have their balance read: the page costs the same with many contracts
      contracts: this.shownContracts().map((address) => ({
        address,
        name: this.kept.contracts[address]!,
        balance: balanceOf(address),
      })),
      contractCount: Object.keys(this.kept.contracts).length,
    };
  }

  /** The contracts the page shows, by name then address (their balances are read when it is rendered). */
  shownContracts(): string[] {
    const names = this.kept.contracts;
    return Object.keys(names)
      .sort((a, b) => textOrder(names[a]!, names[b]!) || textOrder(a, b))
      .slice(0, CONTRACTS_SHOWN);
  }

  save(snapshot: Snapshot): void {
    writeFileAtomic(cachePath(snapshot), JSON.stringify({ version: VERSION, ...this.kept }));
  }

  private rescanBalances(accounts: Iterable<AccountEntry>): void {
    const all: Candidate[] = [];
    for (const [address, f] of accounts) if (f) all.push({ address, balance: f.balance });
    all.sort(byBalance);
    this.kept.top = all.slice(0, this.candidates);
    this.kept.floor = all[this.candidates] ?? null;
  }

  private aboveFloor(c: Candidate): boolean {
    return this.kept.floor === null || byBalance(c, this.kept.floor) < 0;
  }

  private noteContract(address: string, f: AccountFile | undefined): void {
    if (f?.code && !Object.hasOwn(this.kept.contracts, address))
      this.kept.contracts[address] = contractName(f.code);
  }
}

const cachePath = (snapshot: Snapshot) => join(snapshot.root, ".tinychain-cache", "explorer.json");

const textOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The rank order: larger balance first, then smaller address. Balances are canonical decimal text (no
 * leading zero), so the longer is the larger, and of two as long the later in text order.
 */
const byBalance = (a: Candidate, b: Candidate) =>
  b.balance.length - a.balance.length || textOrder(b.balance, a.balance) || textOrder(a.address, b.address);

/**
 * The NAME of `(contract NAME …)`, as the canonical source starts: a symbol of at most 64 characters
 * (explorer.ts shows it inert, whatever its characters), else "(unnamed)".
 */
export function contractName(code: string): string {
  return /^\(contract ([A-Za-z0-9+\-*/<>=!?_.%&$^~:#@|]{1,64})[\s)]/.exec(code)?.[1] ?? "(unnamed)";
}

function summaryOf(record: BlockRecord) {
  const h = record.header;
  return {
    number: Number(h.number),
    timestamp: Number(h.timestamp),
    commit: String(h.commit),
    txs: record.transactions.length,
    rejected: record.rejected.length,
    gasUsed: Number(h.gasUsed),
    gasLimit: Number(h.gasLimit),
    baseFee: String(h.baseFee),
  };
}

/** state/README.md, the explorer GitHub renders (explorer.ts). */
const EXPLORER_PATH = "state/README.md";

/**
 * The explorer as an observer of new blocks (sequencer/ledger.ts): its index takes in each block's
 * changes, and state/README.md is rendered in the same commit as the blocks (and state/waiting.json
 * written, when apply read the waiting line).
 */
export function explorerObserver(repoUrl?: string, waiting?: WaitingLine): BlockObserver {
  let index: ExplorerIndex | undefined;
  return {
    files(o) {
      // the cached index takes in the new blocks; at genesis, or with no cache of the parent (a fresh
      // clone, a CI checkout), one is built from the new head's accounts and latest block records
      const cached = o.parent && ExplorerIndex.cached(o.snapshot, o.parent);
      if (cached) for (const b of o.blocks) cached.addBlock(b.record, b.changed, o.allAccounts);
      index = cached ?? ExplorerIndex.build(o.allAccounts(), latestRecords(o), o.head);
      const data = index.data(o.genesis, o.head, (a) => o.account(a)?.balance ?? "0");
      const files = new Map([[EXPLORER_PATH, renderExplorer({ ...data, repoUrl, waiting })]]);
      // the same line as data, for the node and the page (client/waiting.ts); without a line read
      // this time, the last one stays, its `block` saying how old it is
      if (waiting) files.set(WAITING_PATH, waitingFileText(waiting, o.head.number));
      // each new contract's code gets a file, once: at genesis every contract, later those created
      const created = o.parent
        ? o.blocks.flatMap((b) => b.receipts.flatMap((r) => r.created))
        : o.allAccounts().flatMap(([a, f]) => (f?.code ? [a] : []));
      for (const a of created) {
        const code = o.account(a)?.code;
        if (code) files.set(codePath(a), `${code}\n`);
      }
      return files;
    },
    committed(snapshot) {
      index?.save(snapshot);
    },
  };
}

/** The newest RECENT_BLOCKS block records up to the run's head, oldest first: the stored ones, then the run's. */
function latestRecords(o: ObservedBlocks): BlockRecord[] {
  const first = Math.max(0, o.head.number - RECENT_BLOCKS + 1);
  const stored = Array.from({ length: (o.parent?.number ?? -1) - first + 1 }, (_, i) => first + i);
  return [...stored.flatMap((n) => o.snapshot.blockRecord(n) ?? []), ...o.blocks.map((b) => b.record)];
}

/** The repository's web address from GITHUB_SERVER_URL and GITHUB_REPOSITORY, when both look right. */
export function githubRepoUrl(): string | undefined {
  // unset: empty, which neither pattern matches
  const { GITHUB_SERVER_URL: server = "", GITHUB_REPOSITORY: repository = "" } = process.env;
  if (!/^https?:\/\/[A-Za-z0-9.:-]+$/.test(server) || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
    return undefined;
  return `${server}/${repository}`;
}

const short = (h: string) => `${h.slice(0, 10)}…`;
// links relative to state/README.md (paths as store/snapshot.ts lays them out)
const accountLink = (a: string) => `[\`${shownAddress(a)}\`](${accountPath(a).slice("state/".length)})`;
const blockLink = (n: number) => `[${n}](${blockPath(n).slice("state/".length)})`;

/** A mermaid xychart of one series of the recent blocks, `kind` its bars or line (GitHub renders it). */
function chart(
  recent: BlockSummary[],
  title: string,
  yAxis: string,
  kind: "bar" | "line",
  value: keyof BlockSummary,
) {
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${title}"`,
    // block numbers as quoted categories: mermaid reads a quoted label whatever it holds
    `  x-axis [${recent.map((b) => `"${b.number}"`).join(", ")}]`,
    `  y-axis "${yAxis}"`,
    `  ${kind} [${recent.map((b) => b[value]).join(", ")}]`,
    "```",
    "",
  ];
}

export function renderExplorer(d: ExplorerData): string {
  const h = d.head;
  const commit = (c: string) =>
    c === ""
      ? "genesis"
      : d.repoUrl
        ? `[\`${c.slice(0, 7)}\`](${d.repoUrl}/commit/${c})`
        : `\`${c.slice(0, 7)}\``;
  const blockRow = (b: BlockSummary) => {
    const permille = b.gasLimit > 0 ? Math.floor((b.gasUsed * 1000) / b.gasLimit) : 0;
    const share = b.gasLimit > 0 ? ` (${Math.floor(permille / 10)}.${permille % 10}%)` : "";
    return `| ${blockLink(b.number)} | ${utc(b.timestamp)} | ${b.txs} | ${b.rejected} | ${grouped(b.gasUsed)}${share} | ${grouped(b.baseFee)} | ${commit(b.commit)} |`;
  };
  const contractRow = (c: ExplorerData["contracts"][number]) =>
    `| ${codeCell(c.name)} | ${accountLink(c.address)} | [${codeCell(`${c.name}.lisp`)}](${codePath(c.address).slice("state/".length)}) | ${grouped(c.balance)} |`;
  const more = d.contractCount - d.contracts.length;
  const charts = [
    `## Gas used and base fee, blocks ${d.recent[0]?.number}–${d.recent.at(-1)?.number}`,
    "",
    ...chart(d.recent, "Gas used per block", "gas", "bar", "gasUsed"),
    ...chart(d.recent, "Base fee per block (sneed per gas)", "base fee", "line", "baseFee"),
  ];
  const balances = [
    "| # | account | sneed |",
    "| ---: | --- | ---: |",
    ...d.top.map((t, i) => `| ${i + 1} | ${accountLink(t.address)} | ${grouped(t.balance)} |`),
  ];
  return [
    `# ${d.name === "" ? "tinychain" : codeSpan(d.name)}`,
    "",
    "<!-- tinychain writes this file with every block: edits here are overwritten -->",
    "",
    `A tinychain, chain id ${d.chainId}. Head: block ${blockLink(h.number)}, ` +
      `hash \`${short(h.hash)}\`, state root \`${short(h.stateRoot)}\`, ${utc(h.timestamp)} UTC.`,
    "",
    "Send a transaction by opening a pull request that adds a signed file under `txs/`; check this",
    "chain yourself with `tinychain verify`, or serve it with `tinychain node`.",
    "",
    ...(d.waiting ? renderWaitingLine(d.waiting, d.repoUrl) : []),
    "## Recent blocks",
    "",
    "| block | time (UTC) | txs | rejected | gas used | base fee | commit |",
    "| ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ...[...d.recent].reverse().map(blockRow),
    "",
    ...(d.recent.length > 1 ? charts : []),
    "## Top balances",
    "",
    ...(d.top.length === 0 ? ["No account holds sneed yet."] : balances),
    "",
    `## Contracts (${d.contractCount})`,
    "",
    "| contract | address (its account file) | code | sneed |",
    "| --- | --- | --- | ---: |",
    ...d.contracts.map(contractRow),
    ...(more > 0 ? [`| … | and ${more} more in \`accounts/\` | \`code/\` | |`] : []),
    "",
  ].join("\n");
}

/**
 * The waiting line: the one part of the explorer that comes from GitHub, not from the chain (as of
 * the block commit). Pull requests are shown by number only: their titles are anyone's text.
 */
function renderWaitingLine(w: WaitingLine, repoUrl?: string): string[] {
  const link = (n: number) => (repoUrl ? `[#${n}](${repoUrl}/pull/${n})` : `#${n}`);
  const warned = w.window === null ? "" : " ⚠️: past half the window.";
  const out = ["## Waiting line", "", `${openSentence(w.window)}${warned}`, ""];
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
