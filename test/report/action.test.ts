// The action as GitHub runs it, on a pull request whose transactions and file names are hostile: the
// bot's comment, the check run's summary and the job summary show all of it inert and readable, the
// annotations carry no control character of theirs; and once merged, the apply summary, the final
// receipts and state/README.md too.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { visibleText } from "../../src/client/display.ts";
import { printString } from "../../src/lang/printer.ts";
import { FakeGitHub } from "../action/fake-github.ts";
import {
  applyCheckout,
  chainRepo,
  clone,
  git,
  openPullRequest,
  type PrFile,
  pullRequestEvent,
  pushEvent,
  runAction,
} from "../action/harness.ts";
import { alice } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { COMMENT_TAGS, HOSTILE, HOSTILE_SYMBOLS, hostilePrograms, inertProblems } from "./hostile.ts";

let api: FakeGitHub | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

const SOME = HOSTILE.filter((h) => /Claim|<img|@everyone$|\| a|``|\u202E|\u001b|\u0000/u.test(h));
const first40 = (s: string) => [...s].slice(0, 40).join("");

function hostileFiles(): PrFile[] {
  const files: PrFile[] = [];
  SOME.forEach((h, i) => {
    const p = hostilePrograms(h, HOSTILE_SYMBOLS[i]!, HOSTILE_SYMBOLS[i + 1]!);
    const nonce = 2 * i;
    for (const [data, n, gasLimit] of [
      [p.call, nonce, 1_000_000],
      [p.abort, nonce + 1, 200_000],
    ] as const) {
      const t = signedTx(alice, data, { nonce: n, gasLimit });
      files.push({
        path: transactionFileName(t),
        content: new TextDecoder().decode(transactionFileBytes(t)),
      });
    }
  });
  return files;
}

describe("the action on a pull request with hostile text", () => {
  it("comment, check run and job summary inert; annotations without their controls", async () => {
    const { origin, work } = chainRepo();
    api = new FakeGitHub(origin);
    await api.start();
    const named = SOME.filter((h) => !/[/\u0000]/.test(h)).map((h) => ({
      path: `txs/${h}.json`,
      content: h,
    }));
    const outside = { path: `docs/${SOME[0]!.replace(/\//g, "∕")}.md`, content: "x" };
    const at = openPullRequest(origin, 9, [...hostileFiles(), ...named, outside]);
    api.pull(9, at.head, at.base);
    const run = await runAction({
      workspace: work,
      api: api.url,
      eventName: "pull_request_target",
      event: pullRequestEvent(9, at.head, at.base),
    });
    expect(run.code).toBe(1);
    const readable = [
      ...SOME.flatMap((h) => [first40(printString(h)), first40(h)]),
      ...named.map((f) => first40(f.path)),
      first40(outside.path),
    ];
    const comment = api.comments[0]!.body;
    const check = (api.checkRuns[0]!.output as { summary: string }).summary;
    for (const [surface, md] of [
      ["comment", comment],
      ["check run", check],
      ["job summary", run.summary],
    ])
      expect(inertProblems(md!, { tags: COMMENT_TAGS, readable }), surface).toEqual([]);
    // annotations (workflow commands on stdout): the messages with their controls escaped
    const annotations = run.stdout.split("\n").filter((l) => l.startsWith("::error"));
    expect(annotations.length).toBeGreaterThan(SOME.length);
    for (const line of annotations) expect(line).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(annotations.join("\n")).toContain(visibleText("\u001b[31mred"));
  });

  it("merged: the apply summary, the final receipts and state/README.md inert", async () => {
    const { origin } = chainRepo();
    api = new FakeGitHub(origin);
    await api.start();
    // merged, with a file the block rejects
    const main = clone(origin);
    const rejected = `${SOME[0]!.replace(/\//g, "∕")}.json`;
    for (const f of [...hostileFiles(), { path: `txs/${rejected}`, content: SOME[0] }])
      writeFileSync(join(main, f.path), f.content!);
    git(main, "add", "-A");
    git(main, "commit", "-q", "-m", "Merge pull request #10");
    git(main, "push", "-q", "origin", "main");
    const sha = git(main, "rev-parse", "HEAD");
    api.commitPulls.set(sha, [10]);
    const run = await runAction({
      workspace: applyCheckout(origin),
      api: api.url,
      eventName: "push",
      event: pushEvent(sha),
    });
    expect(run.code, run.stdout).toBe(0);
    expect(inertProblems(run.summary, { tags: COMMENT_TAGS, readable: [first40(rejected)] })).toEqual([]);
    const final = api.comments.filter((c) => c.issue === 10);
    expect(final.length, "the final receipts").toBeGreaterThan(0);
    const readable = SOME.flatMap((h) => [first40(printString(h)), first40(h)]);
    expect(inertProblems(final.map((c) => c.body).join("\n\n"), { tags: COMMENT_TAGS, readable })).toEqual(
      [],
    );
    const explorer = readFileSync(join(clone(origin), "state/README.md"), "utf8");
    expect(
      inertProblems(explorer, {
        tags: ["h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "a"],
        href: /^(accounts|blocks|code)\/[0-9a-fx/]+\.(json|lisp)$|^https:\/\/github\.com\/Codertocat\/Hello-World\/commit\/[0-9a-f]{40}$/,
        readable: HOSTILE_SYMBOLS.slice(1, SOME.length + 1),
      }),
    ).toEqual([]);
  });
});
