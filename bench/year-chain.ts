// A year-scale chain repository for `npm run bench scale`, built in minutes with `git fast-import`:
// ACCOUNTS accounts, a token contract with ENTRIES storage entries (and a 10-entry copy of it), and
// BLOCKS block commits. The history is what a busy year writes: every block commit adds accounts and
// token holders (ACCOUNTS / BLOCKS of each), in the chain's own layout (accountPath, storagePath,
// blockPath), with headers sealed and linked and each stateRoot the true root of the state after it.
// The blocks are generated, not replayed transactions (their bodies are empty), so this repository
// is for measuring apply, commit, clone and git, not for `verify`. Alongside it: the .tinychain-cache
// an apply runner restores with actions/cache (state tree, storage trees, explorer index).
// Kept out of the test suite; cached under .tmp/ between bench runs.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Header, headerFromJson, headerToJson, sealHeader } from "../src/chain/block.ts";
import { commitState, genesisHeader } from "../src/chain/block-transition.ts";
import { canonicalJson } from "../src/chain/canonical-json.ts";
import { type Genesis, genesisToJson } from "../src/chain/genesis.ts";
import { genesisState } from "../src/chain/genesis-state.ts";
import { accountLeafKey, accountLeafValue, hex, StateTrees, ZERO_HEX } from "../src/chain/merkle.ts";
import { compiledContract } from "../src/chain/state.ts";
import { bytesToHex, utf8 } from "../src/crypto/hex.ts";
import { keccak256 } from "../src/crypto/keccak.ts";
import { ExplorerIndex } from "../src/report/explorer.ts";
import { BOT_EMAIL, BOT_NAME } from "../src/sequencer/git.ts";
import { type Overlay, persistChanges } from "../src/store/overlay.ts";
import {
  type AccountFile,
  accountPath,
  type BlockRecord,
  blockPath,
  Snapshot,
  storagePath,
} from "../src/store/snapshot.ts";
import { saveTrees } from "../src/store/tree.ts";
import { CHAIN_ID } from "../test/chain/fixtures.ts";
import { benchKey } from "./chain.ts";

export interface YearSpec {
  accounts: number;
  entries: number;
  blocks: number;
}

/** The year-scale chain of the state-layout bench; BENCH_YEAR_* make it smaller for a quick run. */
export function yearSpec(): YearSpec {
  return {
    accounts: Number(process.env.BENCH_YEAR_ACCOUNTS ?? 1_000_000),
    entries: Number(process.env.BENCH_YEAR_ENTRIES ?? 1_000_000),
    blocks: Number(process.env.BENCH_YEAR_BLOCKS ?? 100_000),
  };
}

export interface YearChain {
  /** the bare repository (the "remote"), main at the last block */
  origin: string;
  /** a folder whose .tinychain-cache holds the head's caches (what actions/cache restores) */
  cache: string;
  genesis: Genesis;
  head: Header;
  /** funded keys, each holding tokens in both contracts */
  senders: ReturnType<typeof benchKey>[];
  /** the token contract with `entries` holders, and its 10-holder copy */
  big: string;
  small: string;
  /** seconds the generation took (0 when reused) */
  seconds: number;
}

const TOKEN = `(contract Token
  (defvar owner origin)
  (defvar supply 0)
  (defmap balances)
  (defn transfer (to amount)
    (let ((have (get balances sender 0)))
      (assert (>= have amount) "insufficient balance")
      (put! balances sender (- have amount))
      (put! balances to (+ amount (get balances to 0)))
      true))
  (defview balance-of (who) (get balances who 0)))`;

const SENDERS = 10;
const T0 = 1_700_000_000;

const addressOf = (tag: string, i: number) => `0x${bytesToHex(keccak256(utf8(`${tag}-${i}`))).slice(24)}`;

export function yearGenesis(senders: { address: string }[]): Genesis {
  return {
    chainId: CHAIN_ID,
    name: "year",
    minter: null,
    coinbase: "0x00000000000000000000000000000000000000cb",
    blockGasLimit: 30_000_000,
    minBaseFee: 1n,
    initialBaseFee: 1n,
    alloc: new Map(senders.map((k) => [k.address, 10n ** 24n])),
    timestamp: T0,
  };
}

/**
 * Repacks as a host like GitHub keeps a repository: one pack, deltas computed afresh (fast-import's
 * pack deltifies each path's new version against its old one, so a shallow clone of the tip makes the
 * server rebuild every tree from a delta chain: 34 s against 17 s), a reachability bitmap (or every
 * fetch and push counts objects through the history) and a reverse index (or every request sorts
 * eleven million pack offsets first, 0.4 s; git writes .rev files by default since 2.41). This is the
 * bench's remote's cost, not a runner's; about 10 minutes at a year's scale, once.
 */
function withBitmap(origin: string): void {
  const pack = readdirSync(join(origin, "objects", "pack"));
  if (pack.some((f) => f.endsWith(".bitmap")) && pack.some((f) => f.endsWith(".rev"))) return;
  console.log("  repacking the generated repository as a git host keeps it (once)");
  const repack = ["repack", "-a", "-d", "-f", "-b", "-q", "--window=10", "--depth=50"];
  execFileSync("git", ["-c", "pack.writeReverseIndex=true", ...repack], { cwd: origin, stdio: "inherit" });
}

/** git fast-import's stream, written with back-pressure. */
class FastImport {
  private readonly child;
  private readonly done: Promise<void>;
  constructor(repo: string) {
    this.child = spawn("git", ["fast-import", "--quiet", "--force"], {
      cwd: repo,
      stdio: ["pipe", "inherit", "inherit"],
    });
    this.done = new Promise((resolve, reject) =>
      this.child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`fast-import: ${code}`)))),
    );
  }
  async write(chunk: string): Promise<void> {
    if (!this.child.stdin.write(chunk)) await new Promise((r) => this.child.stdin.once("drain", r));
  }
  async commit(time: number, message: string, files: Map<string, string | null>): Promise<void> {
    const msg = Buffer.byteLength(message);
    let out = `commit refs/heads/main\ncommitter ${BOT_NAME} <${BOT_EMAIL}> ${time} +0000\ndata ${msg}\n${message}\n`;
    for (const [path, text] of files) {
      if (text === null) out += `D ${path}\n`;
      else out += `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
    }
    await this.write(`${out}\n`);
  }
  async end(): Promise<void> {
    this.child.stdin.end();
    await this.done;
  }
}

/** Builds (or reuses) the year-scale repository under `root`. */
export async function yearChain(spec: YearSpec, root: string): Promise<YearChain> {
  const dir = join(root, `year-${spec.accounts}-${spec.entries}-${spec.blocks}`);
  const senders = Array.from({ length: SENDERS }, (_, i) => benchKey(1_000_000 + i));
  const genesis = yearGenesis(senders);
  const code = compiledContract(TOKEN).source;
  const big = addressOf("big-token", 0);
  const small = addressOf("small-token", 0);
  const manifest = join(dir, "done.json");
  const base = { origin: join(dir, "origin.git"), cache: join(dir, "cache"), genesis, senders, big, small };
  if (existsSync(manifest)) {
    const head = headerFromJson(JSON.parse(readFileSync(manifest, "utf8")).head);
    withBitmap(base.origin); // a repository generated before the bench repacked
    return { ...base, head, seconds: 0 };
  }
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(base.origin, { recursive: true });
  const git = (...args: string[]) =>
    new Promise<void>((resolve, reject) =>
      spawn("git", args, { cwd: base.origin, stdio: "inherit" }).on("exit", (c) =>
        c === 0 ? resolve() : reject(new Error(`git ${args[0]}: ${c}`)),
      ),
    );
  await git("init", "-q", "--bare", "-b", "main");
  await git("config", "uploadpack.allowFilter", "true");
  const importer = new FastImport(base.origin);

  // block 0 exactly as `tinychain init` makes it
  const trees = new StateTrees();
  const overlay: Overlay = new Map();
  const files = new Map<string, string | null>();
  persistChanges(() => undefined, commitState(genesisState(genesis), trees), overlay, files);
  let head = genesisHeader(genesis, hex(trees.accounts.root()));
  const empty = (h: Header): BlockRecord => ({
    header: headerToJson(h),
    transactions: [],
    receipts: [],
    rejected: [],
  });
  const records: BlockRecord[] = [empty(head)];
  files.set(blockPath(0), canonicalJson(records[0]));
  files.set("state/genesis.json", canonicalJson(genesisToJson(genesis)));
  files.set("state/head.json", canonicalJson(headerToJson(head)));
  files.set("txs/.gitkeep", "");
  await importer.commit(T0, `tinychain: genesis of chain ${CHAIN_ID}`, files);

  const balances = new Map<string, string>(); // every account's balance, for the explorer's index
  for (const k of senders) balances.set(k.address, (10n ** 24n).toString());
  const contracts = new Map<string, number>(); // address → entries
  const setSlot = (contract: string, key: string, value: string, out: Map<string, string | null>) => {
    trees.storage(contract).set(key, value);
    out.set(storagePath(contract, key), canonicalJson({ key, value }));
    contracts.set(contract, (contracts.get(contract) ?? 0) + 1);
  };
  const putContract = (contract: string, out: Map<string, string | null>) => {
    const f: AccountFile = {
      nonce: 0,
      balance: "0",
      code,
      storageRoot: hex(trees.storage(contract).root()),
    };
    trees.accounts.set(accountLeafKey(contract), accountLeafValue(f));
    out.set(accountPath(contract), canonicalJson(f));
  };

  for (let n = 1; n <= spec.blocks; n++) {
    const out = new Map<string, string | null>();
    if (n === 1) {
      // the two token contracts, every sender holding tokens in both
      for (const c of [big, small]) {
        setSlot(c, "owner", senders[0]!.address, out);
        setSlot(c, "supply", "1000000000000", out);
        for (const k of senders) setSlot(c, `(balances ${k.address})`, "1000000000", out);
      }
    }
    const from = Math.floor(((n - 1) * spec.accounts) / spec.blocks);
    const to = Math.floor((n * spec.accounts) / spec.blocks);
    for (let i = from; i < to; i++) {
      const a = addressOf("holder", i);
      const f: AccountFile = { nonce: 0, balance: String(1_000_000 + i) };
      trees.accounts.set(accountLeafKey(a), accountLeafValue(f));
      out.set(accountPath(a), canonicalJson(f));
      balances.set(a, f.balance);
    }
    const eFrom = Math.floor(((n - 1) * spec.entries) / spec.blocks);
    const eTo = Math.floor((n * spec.entries) / spec.blocks);
    for (let i = eFrom; i < eTo; i++) setSlot(big, `(balances ${addressOf("holder", i)})`, "1000", out);
    putContract(big, out);
    if (n === 1) putContract(small, out);
    head = sealHeader({
      number: n,
      parentHash: head.hash,
      timestamp: T0 + n * 300,
      commit: bytesToHex(keccak256(utf8(`trigger-${n}`))).slice(0, 40),
      baseFee: 1n,
      gasLimit: genesis.blockGasLimit,
      gasUsed: 0,
      coinbase: genesis.coinbase,
      txRoot: ZERO_HEX,
      receiptRoot: ZERO_HEX,
      stateRoot: hex(trees.accounts.root()),
    });
    const record = empty(head);
    records.push(record);
    if (records.length > 20) records.shift();
    out.set(blockPath(n), canonicalJson(record));
    out.set("state/head.json", canonicalJson(headerToJson(head)));
    await importer.commit(T0 + n * 300, `tinychain: block ${n} (generated)`, out);
    if (n % 10_000 === 0) process.stdout.write(`  generated ${n} of ${spec.blocks} blocks\r`);
  }
  await importer.end(); // fast-import's own pack (deltas against each path's previous version)
  withBitmap(base.origin);

  // the caches an apply runner restores: the trees (their roots are the head's) and the explorer's index
  const cache = new Snapshot(base.cache);
  mkdirSync(base.cache, { recursive: true });
  saveTrees(cache, trees.accounts, trees.storageTrees);
  const accounts: [string, AccountFile][] = [...balances].map(([a, balance]) => [a, { nonce: 0, balance }]);
  for (const c of [big, small]) accounts.push([c, { nonce: 0, balance: "0", code }]);
  ExplorerIndex.build(accounts, records, head).save(cache);
  writeFileSync(manifest, JSON.stringify({ head: headerToJson(head) }));
  return { ...base, head, seconds: (performance.now() - started) / 1000 };
}
