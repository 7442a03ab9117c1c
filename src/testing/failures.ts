// How a test fails: a failed check (TestFailure), or a transaction of the test that did not succeed.

export class TestFailure extends Error {
  /** a failing invariant test's shrunk sequence, as a deftest to paste */
  reproduction?: string;
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
