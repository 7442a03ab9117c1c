// pushIfUnchanged's answer when git cannot even be started: a refusal, never a TypeError.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { pushIfUnchanged } from "../../src/sequencer/git.ts";

it("a push whose git cannot be started fails with a reason", () => {
  const dir = mkdtempSync(join(tmpdir(), "tinychain-push-"));
  const path = process.env.PATH;
  process.env.PATH = join(dir, "no-such-folder"); // no git on it
  try {
    expect(pushIfUnchanged(dir, "refs/heads/main", "0".repeat(40))).toEqual({
      status: "failed",
      reason: "git push exited with null",
    });
  } finally {
    process.env.PATH = path;
  }
});
