// A sync sees every commit made before it was called, even while an earlier fetch is under way:
// `tinychain dev` commits a block and then syncs, and a fetch the node had already started must not
// make tinychain_sendTransaction answer that the mined transaction "was not mined".

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { Follower } from "../../src/node/follower.ts";
import { bob } from "../chain/fixtures.ts";
import { commitAll, scratchChain, writeTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";

const SNEED = "0x0000000000000000000000000000000000005eed";

it("a sync called during another one fetches again, and serves the block committed in between", async () => {
  const chain = scratchChain();
  commitAll(chain, "genesis");
  const node = Follower.open(
    chain,
    join(mkdtempSync(join(tmpdir(), "tinychain-follow-")), "clone"),
    () => {},
  );
  expect(node.head().number).toBe(0);
  const earlier = node.sync(); // under way: its git fetch may read the branch before the block below
  writeTx(chain, bob, `(call ${SNEED} 'transfer ${bob.address} 1)`);
  commitAll(chain, "Merge: a transfer");
  expect(cli(["apply"], { cwd: chain }).code).toBe(0);
  commitAll(chain, "tinychain: block 1");
  await node.sync();
  expect(node.head().number).toBe(1);
  await earlier;
}, 60_000);
