// state/README.md, the explorer: what it shows after blocks, that it is the same whether its cache
// was kept or rebuilt, that it is not part of the state root, and that the incremental top-balances
// list agrees with a full sort through any sequence of changes.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Header } from "../../src/chain/block.ts";
import { codePath } from "../../src/chain/layout.ts";
import { contractAddress } from "../../src/chain/state.ts";
import { grouped } from "../../src/client/display.ts";
import { toChecksumAddress } from "../../src/crypto/address-case.ts";
import { contractName, ExplorerIndex, explorerObserver, renderExplorer } from "../../src/report/explorer.ts";
import { initChain } from "../../src/sequencer/ledger.ts";
import type { AccountFile, BlockRecord } from "../../src/store/snapshot.ts";
import { accountPath, blockPath } from "../../src/store/snapshot.ts";
import { alice, bob, carol, genesis, SNEED } from "../chain/fixtures.ts";
import { commitAll, scratchChain, writeTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { HOSTILE, HOSTILE_SYMBOLS, inertProblems, REFUND } from "../report/hostile.ts";

const readme = (dir: string) => readFileSync(join(dir, "state/README.md"), "utf8");

describe("state/README.md", () => {
  it("shows the head, recent blocks, top balances, contracts and the gas chart after each block", () => {
    const dir = scratchChain();
    expect(readme(dir)).toContain(`| [0](${blockPath(0).slice(6)}) |`);
    writeTx(dir, alice, `(call ${SNEED} 'mint ${carol.address} 777000)`);
    writeTx(dir, alice, "(deploy (contract Counter (defvar n 0) (defn inc () (set! n (+ n 1)))))", {
      nonce: 1,
      gasLimit: 2_000_000,
    });
    commitAll(dir);
    const env = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "octo/chain" };
    expect(cli(["apply"], { cwd: dir, env }).code).toBe(0);
    const text = readme(dir);
    const commit = JSON.parse(readFileSync(join(dir, "state/head.json"), "utf8")).commit;
    expect(text).toContain(`Head: block [1](${blockPath(1).slice(6)})`);
    expect(text).toContain(`| [1](${blockPath(1).slice(6)}) |`);
    expect(text).toContain(`[\`${commit.slice(0, 7)}\`](https://github.com/octo/chain/commit/${commit})`);
    expect(text).toContain("```mermaid\nxychart-beta");
    // addresses as EIP-55 spells them, linking to their lowercase files
    const shown = (a: string) => toChecksumAddress(a);
    expect(text).toContain(
      `[\`${shown(carol.address)}\`](${accountPath(carol.address).slice(6)}) | 777,000 |`,
    );
    const counter = contractAddress(alice.address, 1, 0);
    expect(text).toContain(
      `| \`Counter\` | [\`${shown(counter)}\`](${accountPath(counter).slice(6)}) | [\`Counter.lisp\`](${codePath(counter).slice(6)}) | 0 |`,
    );
    expect(text).toContain("| `SneedToken` |");
    // each contract's code is a file of its own, one definition a line, as GitHub shows it numbered
    expect(readFileSync(join(dir, codePath(counter)), "utf8")).toBe(
      "(contract Counter\n  (defvar n 0)\n  (defn inc () (set! n (+ n 1))))\n",
    );
    expect(readFileSync(join(dir, codePath(SNEED)), "utf8")).toMatch(/^\(contract SneedToken\n {2}\(/);
    // the largest balance comes first
    const ranks = [...text.matchAll(/^\| (\d+) \| \[`(0x[0-9a-fA-F]{40})`\]/gm)].map((m) => m[2]);
    expect(ranks[0]).toBe(shown(alice.address));
    expect(ranks).toContain(shown(carol.address));
  });

  it("is the same whether its cache was kept or rebuilt, and is not part of the state root", () => {
    const dir = scratchChain();
    const other = scratchChain();
    for (const d of [dir, other]) {
      writeTx(d, alice, `(transfer ${bob.address} 1000)`);
      commitAll(d);
    }
    rmSync(join(other, ".tinychain-cache"), { recursive: true, force: true });
    writeFileSync(join(other, "state/README.md"), "edited by hand\n");
    const env = { GITHUB_SERVER_URL: "", GITHUB_REPOSITORY: "" };
    // the same triggering commit and time for both, as two machines applying one merge would have
    const trigger = ["apply", "--timestamp", "1764000000", "--commit", "c0ffee".padEnd(40, "0")];
    expect(cli(trigger, { cwd: dir, env }).code).toBe(0);
    expect(cli(trigger, { cwd: other, env }).code).toBe(0);
    expect(readme(other)).toBe(readme(dir));
    // hand-editing the explorer changes nothing that verify checks
    writeFileSync(join(dir, "state/README.md"), "edited by hand\n");
    expect(cli(["verify"], { cwd: dir }).code).toBe(0);
  });
});

describe("state/README.md shows the chain's text inert", () => {
  /** The elements and links the explorer's own template makes. */
  const EXPLORER = {
    tags: ["h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "a"],
    href: /^(accounts|blocks|code)\/[0-9a-fx/]+\.(json|lisp)$|^https:\/\/github\.com\/octo\/chain\/commit\/[0-9a-f]{40}$/,
  };

  it("a chain named, and contracts deployed, with hostile names", () => {
    const dir = mkdtempSync(join(tmpdir(), "tinychain-test-"));
    execFileSync("git", ["init", "-q", "-b", "main", dir]);
    const name = `${REFUND.slice(0, 80)} @everyone\u202E\u0000`;
    initChain(dir, genesis({ name }), { observer: explorerObserver() });
    HOSTILE_SYMBOLS.forEach((symbol, nonce) => {
      writeTx(dir, alice, `(deploy (contract ${symbol} (defvar n 0)))`, { nonce, gasLimit: 1_000_000 });
    });
    commitAll(dir);
    const env = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "octo/chain" };
    expect(cli(["apply"], { cwd: dir, env }).code).toBe(0);
    const text = readme(dir);
    expect(text).toContain(`## Contracts (${HOSTILE_SYMBOLS.length + 1})`);
    expect(inertProblems(text, { ...EXPLORER, readable: [name, ...HOSTILE_SYMBOLS] })).toEqual([]);
  });

  it("any text at all as the chain's and the contracts' names", () => {
    for (const h of HOSTILE) {
      const text = renderExplorer({
        chainId: 1,
        name: h,
        head: {
          number: 0,
          stateRoot: `0x${"0".repeat(64)}`,
          hash: `0x${"1".repeat(64)}`,
          timestamp: 0,
        } as Header,
        recent: [],
        top: [],
        contracts: [{ address: carol.address, name: h, balance: "5" }],
        contractCount: 1,
      });
      const head = [...h].slice(0, 40).join("");
      expect(inertProblems(text, { ...EXPLORER, readable: [head] }), h).toEqual([]);
    }
  });
});

describe("the incremental top balances", () => {
  const header = (n: number) => ({ number: n, stateRoot: `0x${"0".repeat(64)}` }) as unknown as Header;
  const record = (n: number): BlockRecord => ({
    header: { number: n, hash: "0x", timestamp: n, commit: "c", gasUsed: 0, gasLimit: 1, baseFee: "1" },
    transactions: [],
    receipts: [],
    rejected: [],
  });
  const file = (balance: bigint): AccountFile => ({ nonce: 0, balance: balance.toString() });
  const address = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;

  it("agrees with sorting every account, through random changes, ties and deletions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 20n }), { minLength: 0, maxLength: 60 }),
        fc.array(
          fc.array(fc.tuple(fc.nat(80), fc.option(fc.bigInt({ min: 0n, max: 20n }))), { maxLength: 8 }),
          { maxLength: 30 },
        ),
        (initial, blocks) => {
          const accounts = new Map<string, AccountFile>(initial.map((b, i) => [address(i), file(b)]));
          // a list of 12 candidates: small enough that the floor and the rescans are exercised
          const index = ExplorerIndex.build(accounts, [record(0)], header(0), 12);
          blocks.forEach((changes, n) => {
            const changed: [string, AccountFile | null][] = [];
            for (const [i, b] of changes) {
              if (b === null) accounts.delete(address(i));
              else accounts.set(address(i), file(b));
              changed.push([address(i), b === null ? null : file(b)]);
            }
            index.addBlock(record(n + 1), changed, () => accounts);
            const expected = [...accounts]
              .filter(([, f]) => BigInt(f.balance) > 0n)
              .sort(([a, x], [b, y]) => {
                const d = BigInt(y.balance) - BigInt(x.balance);
                return d > 0n ? 1 : d < 0n ? -1 : a < b ? -1 : 1;
              })
              .slice(0, 10)
              .map(([a, f]) => ({ address: a, balance: f.balance }));
            expect(index.data(genesis(), header(n + 1), () => "0").top).toEqual(expected);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("names a contract by its symbol, of at most 64 characters", () => {
    expect(contractName("(contract Counter (defvar n 0))")).toBe("Counter");
    expect(contractName("(contract token-v2.1)")).toBe("token-v2.1");
    expect(contractName("(contract a|b (defvar n 0))")).toBe("a|b"); // shown inert (test below)
    expect(contractName('(contract "a b" (defvar n 0))')).toBe("(unnamed)");
    expect(contractName(`(contract ${"x".repeat(65)} (defvar n 0))`)).toBe("(unnamed)");
  });

  it("keeps the chain's name to one inert line", () => {
    const text = renderExplorer({
      chainId: 1,
      name: "evil <b>*x*</b>\n# [y](http://z)",
      head: { ...header(0), hash: `0x${"1".repeat(64)}`, timestamp: 0 },
      recent: [],
      top: [],
      contracts: [],
      contractCount: 0,
    });
    expect(text.split("\n")[0]).toBe("# `evil <b>*x*</b>\\u000A# [y](http://z)`");
  });

  it("shows any timestamp a genesis allows", () => {
    const far = { ...header(0), hash: `0x${"1".repeat(64)}`, timestamp: Number.MAX_SAFE_INTEGER };
    const text = renderExplorer({
      chainId: 1,
      name: "x",
      head: far,
      recent: [],
      top: [],
      contracts: [],
      contractCount: 0,
    });
    expect(text).toContain(`${Number.MAX_SAFE_INTEGER} s UTC`);
  });

  it("groups digits without the host's locale", () => {
    expect(grouped(0)).toBe("0");
    expect(grouped("1234567")).toBe("1,234,567");
    expect(grouped(10n ** 18n)).toBe("1,000,000,000,000,000,000");
  });
});
