// The README's first command: `npm run demo` walks a scratch chain from genesis to a checked proof.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockPath } from "../../src/store/snapshot.ts";
import { ROOT } from "../helpers.ts";

describe("npm run demo", () => {
  it("runs the life of a chain and cleans up after itself", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/demo.mjs")], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("## tinychain receipts ✅");
    expect(r.stdout).toMatch(/block 2 0x[0-9a-f]{64}: 2 included, 0 rejected/);
    expect(r.stdout).toContain("ok: 2 blocks and 5 transactions replay to the recorded roots");
    expect(r.stdout).toMatch(/ok: account:0x[0-9a-f]{40} = .* is in the state of block 2/);
    // the explorer and the node: Bob holds 1,000 minted − 400 sent, whatever the keys' ids
    expect(r.stdout).toContain(`| [2](${blockPath(2).slice(6)}) |`);
    expect(r.stdout).toContain('"result":{"status":0,"value":"600"');
    const dir = /started chain 7357 \(demo\) in (\S+)/.exec(r.stdout)?.[1];
    expect(dir).toBeDefined();
    expect(spawnSync("test", ["-e", dir!]).status).not.toBe(0); // removed
  });
});
