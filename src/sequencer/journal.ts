// The apply journal: a block's file writes land all together or not at all. The whole set is first
// written as one journal file (atomically), then applied file by file, then the journal is removed;
// a journal found later (the process was killed half-way) is rolled forward.

import { rmSync } from "node:fs";
import { readTextIfExists, removeIfExists, writeFileAtomic } from "../store/files.ts";
import type { Writes } from "../store/overlay.ts";
import type { Snapshot } from "../store/snapshot.ts";

const JOURNAL = "state/.apply-journal.json";

/**
 * Commits staged writes so that a crash at any point leaves the old state or the new one: the whole
 * set is first written as one journal file (atomically), then applied file by file, then the journal
 * is removed. A journal found later is rolled forward (`recoverInterruptedApply`).
 */
export function commitWrites(snapshot: Snapshot, writes: Writes): void {
  const entries = [...writes].filter(([p]) => p !== "state/head.json");
  if (writes.has("state/head.json")) entries.push(["state/head.json", writes.get("state/head.json")!]);
  writeFileAtomic(snapshot.path(JOURNAL), JSON.stringify(entries));
  replayJournal(snapshot, entries);
}

function replayJournal(snapshot: Snapshot, entries: [string, string | null][]): void {
  for (const [path, content] of entries) {
    // a pending "file" can be a file, a symlink or a folder
    if (content === null) rmSync(snapshot.path(path), { force: true, recursive: true });
    else writeFileAtomic(snapshot.path(path), content);
  }
  removeIfExists(snapshot.path(JOURNAL));
  snapshot.invalidate();
}

/** Finishes an apply that was interrupted after its journal was written. Returns true if it did. */
export function recoverInterruptedApply(snapshot: Snapshot): boolean {
  const text = readTextIfExists(snapshot.path(JOURNAL));
  if (text === undefined) return false;
  let entries: [string, string | null][];
  try {
    entries = JSON.parse(text);
  } catch {
    // the journal itself is written atomically, so a damaged one was never complete: drop it
    removeIfExists(snapshot.path(JOURNAL));
    return false;
  }
  replayJournal(snapshot, entries);
  return true;
}
