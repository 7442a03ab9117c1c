// The relay's journal as a module: what a long-running relay accumulates must not break it.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { Journal } from "../../src/relay/journal.ts";

it("numbers the next batch after 300,000 kept ones (no spread of every batch number)", () => {
  const journal = new Journal(mkdtempSync(join(tmpdir(), "tinychain-journal-")));
  expect(journal.nextBatchNumber()).toBe(1);
  for (let n = 1; n <= 300_000; n++) journal.batches.set(n, { number: n, branch: "b", base: "", ids: [] });
  expect(journal.nextBatchNumber()).toBe(300_001);
});
