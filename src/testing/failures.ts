// How a test fails: a failed check (TestFailure), or a transaction of the test that did not succeed.

import type { Pos } from "../lang/errors.ts";

export class TestFailure extends Error {
  /** a failing invariant test's shrunk sequence, as a deftest to paste */
  reproduction?: string;
  /** the sentence, then where in the test file it happened when that is known: `sentence (at L:C)` */
  constructor(
    readonly sentence: string,
    readonly pos?: Pos,
  ) {
    super(pos ? `${sentence} (at ${pos.line}:${pos.col})` : sentence);
  }
}
/** A transaction of the test that did not succeed (what expect-abort and expect-status expect). */
export class Failed extends TestFailure {
  constructor(
    readonly status: number,
    readonly error: string,
  ) {
    super(`status ${status}: ${error}`);
  }
}
