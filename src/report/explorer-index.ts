// The data behind state/README.md (explorer.ts), kept up to date in O(what a block
// changed): a cache in .tinychain-cache/explorer.json holds the largest balances, the contracts and
// the recent blocks, tagged with the hash of the head block it describes. A missing or stale cache (a
// fresh clone, a CI checkout) is rebuilt from the account files and block records, as the tree's is.
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
import { WAITING_PATH, waitingFileText } from "../client/waiting.ts";
import type { BlockObserver } from "../sequencer/ledger.ts";
import { readTextIfExists, writeFileAtomic } from "../store/files.ts";
import type { AccountFile, BlockRecord, Snapshot } from "../store/snapshot.ts";
import {
  type BlockSummary,
  CONTRACTS_SHOWN,
  type ExplorerData,
  RECENT_BLOCKS,
  renderExplorer,
  TOP_BALANCES,
  type WaitingLine,
} from "./explorer.ts";

const CANDIDATES = 1024;
// 3: contract names are any symbol (shown inert), not only plain ones; 4: the cache is the index as it
// is kept (balances as decimal text, contracts an object)
const VERSION = 4;

type AccountEntry = readonly [string, AccountFile | undefined | null];

/** An account in the ranking: its balance decimal text, as the cache and the page write it. */
interface Candidate {
  address: string;
  balance: string;
}

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

  /** The cached index if it describes `head`, else one rebuilt from the files. */
  static load(snapshot: Snapshot, head: Header): ExplorerIndex {
    const cached = ExplorerIndex.cached(snapshot, head);
    if (cached) return cached;
    const records: BlockRecord[] = [];
    for (let n = Math.max(0, head.number - RECENT_BLOCKS + 1); n <= head.number; n++) {
      const record = snapshot.blockRecord(n);
      if (record) records.push(record);
    }
    return ExplorerIndex.build(
      snapshot.allAddresses().map((a) => [a, snapshot.accountFile(a)] as const),
      records,
      head,
    );
  }

  /** An index of these accounts (the whole state) and the latest block records, oldest first. */
  static build(
    accounts: Iterable<AccountEntry>,
    records: BlockRecord[],
    head: Header,
    candidates = CANDIDATES,
  ): ExplorerIndex {
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
    const dropped = k.top.splice(this.candidates)[0];
    if (dropped && this.aboveFloor(dropped)) k.floor = dropped;
    if (k.floor && k.top.filter((c) => this.aboveFloor(c)).length < TOP_BALANCES) this.rescanBalances(all());
    const summary = summaryOf(record);
    k.recent = [...k.recent.filter((b) => b.number < summary.number), summary].slice(-RECENT_BLOCKS);
    k.head = summary.number;
    k.headHash = String(record.header.hash);
  }

  /** What state/README.md shows; `balanceOf` reads a contract's current balance. */
  data(genesis: Genesis, head: Header, balanceOf: (a: string) => string, repoUrl?: string): ExplorerData {
    return {
      chainId: genesis.chainId,
      name: genesis.name,
      head,
      recent: this.kept.recent,
      top: this.kept.top.filter((c) => c.balance !== "0" && this.aboveFloor(c)).slice(0, TOP_BALANCES),
      // only the contracts shown have their balance read: the page costs the same with many contracts
      contracts: this.shownContracts().map((address) => ({
        address,
        name: this.kept.contracts[address]!,
        balance: balanceOf(address),
      })),
      contractCount: Object.keys(this.kept.contracts).length,
      repoUrl,
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

function summaryOf(record: BlockRecord): BlockSummary {
  const h = record.header as Record<string, unknown>;
  return {
    number: Number(h.number),
    hash: String(h.hash),
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
      // each new contract's code gets a file, once: at genesis every contract, later those created
      const created: string[] = [];
      if (o.parent === undefined) {
        const all = o.allAccounts();
        index = ExplorerIndex.build(
          all,
          o.blocks.map((b) => b.record),
          o.head,
        );
        for (const [a, f] of all) if (f?.code) created.push(a);
      } else {
        index = ExplorerIndex.load(o.snapshot, o.parent);
        for (const b of o.blocks) {
          index.addBlock(b.record, b.changed, o.allAccounts);
          for (const r of b.receipts) created.push(...r.created);
        }
      }
      const data = index.data(o.genesis, o.head, (a) => o.account(a)?.balance ?? "0", repoUrl);
      const files = new Map([[EXPLORER_PATH, renderExplorer(waiting ? { ...data, waiting } : data)]]);
      // the same line as data, for the node and the page (client/waiting.ts); without a line read
      // this time, the last one stays, its `block` saying how old it is
      if (waiting) files.set(WAITING_PATH, waitingFileText(waiting, o.head.number));
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
