// tinychain_waiting as a process answers it: the sequencer's waiting line of the commit the node serves
// (state/waiting.json, written by apply's block commit), read from a blob-less clone of a bare origin;
// the empty line without the file, a hand-made file named, a commit that edits the line without a
// block refused like any other hand edit of state/.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alice, carol, SNEED } from "../chain/fixtures.ts";
import { commitAll, type RunningNode, scratchChain, startNode, writeTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { schemaErrors } from "./schema-check.ts";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

async function rpc(url: string, method: string): Promise<{ result?: any; error?: any }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method }),
  });
  return (await res.json()) as { result?: any; error?: any };
}

/** what apply writes when it has read the line from GitHub (src/client/waiting.ts) */
const line = (block: number) => ({
  block,
  readAt: "2026-12-07T01:00:00Z",
  window: "6h",
  open: [
    { pull: 41, age: "3 h 20 min", waitsFor: "a maintainer to merge it", pastHalfWindow: true },
    { pull: 44, age: "12 min", waitsFor: "a merge", pastHalfWindow: false },
  ],
  more: 0,
  vetoes: [{ pull: 42, closedAt: "2026-12-07 00:40:00 UTC" }],
  vetoBlocks: 10,
});

let work: string;
let node: RunningNode;
let nonce = 0;

/** A block applied and committed with `waiting` as state/waiting.json, pushed, and synced by the node. */
async function blockWith(waiting: string | undefined) {
  writeTx(work, alice, `(call ${SNEED} 'transfer ${carol.address} 1)`, { nonce: nonce++ });
  commitAll(work, "Merge: a transfer");
  expect(cli(["apply"], { cwd: work }).code).toBe(0);
  if (waiting !== undefined) writeFileSync(join(work, "state/waiting.json"), waiting);
  commitAll(work, "tinychain: block");
  git(work, "push", "-q", "origin", "main");
  return (await rpc(node.url, "tinychain_sync")).result;
}

beforeAll(async () => {
  work = scratchChain();
  commitAll(work, "genesis");
  const origin = join(mkdtempSync(join(tmpdir(), "tinychain-origin-")), "chain.git");
  git(work, "clone", "-q", "--bare", work, origin);
  git(origin, "config", "uploadpack.allowFilter", "true"); // as GitHub: partial clones
  git(work, "remote", "add", "origin", origin);
  node = await startNode(["--remote", `file://${origin}`, "--interval", "0"], work);
});

afterAll(() => {
  node?.process.kill("SIGTERM");
});

describe("tinychain_waiting", () => {
  it("answers the empty line on a chain whose commit has no state/waiting.json", async () => {
    const r = await rpc(node.url, "tinychain_waiting");
    expect(r.result).toEqual({
      block: null,
      readAt: null,
      window: null,
      open: [],
      more: 0,
      vetoes: [],
      vetoBlocks: 0,
    });
    expect(schemaErrors({ tinychain_waiting: r.result })).toEqual([]);
  });

  it("answers the line a block commit wrote, as the page's GET /state/waiting.json serves it", async () => {
    const status = await blockWith(`${JSON.stringify(line(1), null, 2)}\n`);
    expect(status.head.number).toBe(1);
    expect(status.refused).toBeNull();
    const r = await rpc(node.url, "tinychain_waiting");
    expect(r.result).toEqual(line(1));
    expect(schemaErrors({ tinychain_waiting: r.result })).toEqual([]);
    const served = await fetch(`${node.url}/state/waiting.json`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(line(1));
  });

  it("keeps the last line through a block whose commit wrote none; names a file that is not a line", async () => {
    await blockWith(undefined);
    expect((await rpc(node.url, "tinychain_waiting")).result).toEqual(line(1)); // its block says how old
    const bad = line(3) as Record<string, any>;
    bad.open[1].pull = "44";
    const status = await blockWith(JSON.stringify(bad));
    expect(status.head.number).toBe(3);
    const r = await rpc(node.url, "tinychain_waiting");
    expect(r.result).toBeUndefined();
    expect(r.error.data.code).toBe("E_WAITING");
    expect(r.error.message).toMatch(
      /^commit [0-9a-f]{12}: state\/waiting.json: open\[1\].pull must be a whole number$/,
    );
    // the rest of the node is not disturbed
    expect((await rpc(node.url, "tinychain_head")).result.number).toBe(3);
  });

  it("refuses a commit that rewrites the line without a block, and keeps serving the last one", async () => {
    await blockWith(`${JSON.stringify(line(4), null, 2)}\n`);
    const served = (await rpc(node.url, "tinychain_status")).result.commit;
    writeFileSync(join(work, "state/waiting.json"), JSON.stringify({ ...line(4), open: [] }));
    commitAll(work, "a quieter line");
    git(work, "push", "-q", "origin", "main");
    const after = (await rpc(node.url, "tinychain_sync")).result;
    expect(after.refused.reason).toMatch(/^E_HISTORY: commit [0-9a-f]{12} changes state\/ without a block/);
    expect(after.commit).toBe(served);
    expect((await rpc(node.url, "tinychain_waiting")).result).toEqual(line(4));
  });
});
