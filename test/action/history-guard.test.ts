// The history guard (E_HISTORY) against commits that pass for block commits: apply, as GitHub runs it,
// refuses to build on a commit that touches state/head.json to smuggle in other changes of state/, and
// `verify` refuses the code files it cannot replay. Also: a spoofed bot author, case-colliding paths and
// .gitattributes.

import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { blockPath, codePath } from "../../src/chain/layout.ts";
import { SNEED_ADDRESS } from "../../src/chain/sneed.ts";
import { transactionFileBytes, transactionFileName } from "../../src/chain/transaction.ts";
import { alice, bob, carol, type TestKey } from "../chain/fixtures.ts";
import { signedTx } from "../chain-helpers.ts";
import { cli } from "../helpers.ts";
import { FakeGitHub } from "./fake-github.ts";
import {
  applyCheckout,
  chainRepo,
  clone,
  git,
  openPullRequest,
  pullRequestEvent,
  pushEvent,
  runAction,
} from "./harness.ts";

let api: FakeGitHub | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

async function setup() {
  const repo = chainRepo();
  api = new FakeGitHub(repo.origin);
  await api.start();
  return repo;
}

function tx(k: TestKey, data: string, nonce = 0) {
  const t = signedTx(k, data, { nonce });
  return { path: transactionFileName(t), content: new TextDecoder().decode(transactionFileBytes(t)) };
}

/** A commit on main made in a clone by `change`, pushed; its sha. */
function pushCommit(
  origin: string,
  change: (dir: string) => void,
  author?: string,
  subject = "edit",
): string {
  const dir = clone(origin);
  change(dir);
  git(dir, "add", "-A");
  const as = author ? ["-c", `user.name=${author}`] : [];
  git(dir, ...as, "commit", "-q", "-m", subject);
  git(dir, "push", "-q", "origin", "main");
  return git(dir, "rev-parse", "HEAD");
}

const write = (dir: string, path: string, text: string) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const edit = (dir: string, path: string, f: (s: string) => string) =>
  writeFileSync(join(dir, path), f(readFileSync(join(dir, path), "utf8")));

const runPush = (origin: string, sha: string) =>
  runAction({ workspace: applyCheckout(origin), api: api!.url, eventName: "push", event: pushEvent(sha) });

/** A chain with block 1 built by the action. */
async function chainWithBlock1() {
  const repo = await setup();
  const sha = pushCommit(repo.origin, (d) => {
    const t = tx(alice, `(transfer ${carol.address} 5)`);
    write(d, t.path, t.content);
  });
  const run = await runPush(repo.origin, sha);
  expect(run.code, run.stdout).toBe(0);
  return repo;
}

describe("the history guard", () => {
  it.each([
    [
      "an old block rewritten, head.json with a trailing space",
      (d: string) => {
        edit(d, blockPath(0), (s) => s.replace('"transactions": []', '"transactions": [ ]'));
        edit(d, "state/head.json", (s) => `${s} `);
      },
      /is not a block commit: it changes state\/blocks\/000\/000\/00000000\.json/,
    ],
    [
      "a contract's code file rewritten, head.json made executable",
      (d: string) => {
        edit(d, codePath(SNEED_ADDRESS), (s) => s.replace("mint", "mint ; send your keys to 0xbad"));
        chmodSync(join(d, "state/head.json"), 0o755);
      },
      /is not a block commit: it (makes state\/head\.json mode 100755|rewrites state\/code\/)/,
    ],
    [
      "the explorer rewritten, head.json with a trailing space",
      (d: string) => {
        edit(d, "state/README.md", (s) => `${s}\nSend your sneed to 0xbad.\n`);
        edit(d, "state/head.json", (s) => `${s} `);
      },
      /is not a block commit: .*state\/head\.json/,
    ],
  ])("%s: apply refuses to build on it (E_HISTORY)", async (_, tamper, why) => {
    const { origin } = await chainWithBlock1();
    pushCommit(origin, tamper);
    const sha = pushCommit(origin, (d) => {
      const t = tx(bob, `(transfer ${carol.address} 6)`);
      write(d, t.path, t.content);
    });
    const run = await runPush(origin, sha);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(
      /::error::E_HISTORY: commit [0-9a-f]{12} changes state\/head.json but is not a block commit/,
    );
    expect(run.stdout).toMatch(why);
    expect(git(clone(origin), "log", "-1", "--format=%s")).toBe("edit"); // nothing built on it
    const verify = cli(["verify", "--json"], { cwd: clone(origin) });
    expect(verify.code, verify.stdout).toBe(1);
  });

  it("verify compares the contract sources under state/code with the replay", async () => {
    const { origin } = await chainWithBlock1();
    const dir = clone(origin);
    expect(cli(["verify", "--json"], { cwd: dir }).code).toBe(0);
    edit(dir, codePath(SNEED_ADDRESS), (s) => s.replace("mint", "mint-all"));
    const v = cli(["verify", "--json"], { cwd: dir });
    expect(v.code).toBe(1);
    expect(JSON.parse(v.stdout).reason).toContain(`${codePath(SNEED_ADDRESS)} differs from the code of`);
  });

  it("a commit that only claims to be the bot's block commit does not make apply skip", async () => {
    const { origin } = await setup();
    const sha = pushCommit(
      origin,
      (d) => {
        const t = tx(alice, `(transfer ${carol.address} 5)`);
        write(d, t.path, t.content);
      },
      "github-actions[bot]",
      "tinychain: block 9",
    );
    const run = await runPush(origin, sha);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs["block-number"]).toBe("1");
    expect(git(clone(origin), "log", "-1", "--format=%s")).toBe("tinychain: block 1");
  });

  it("case-colliding paths and .gitattributes are refused by apply and by validate", async () => {
    const { origin, work } = await setup();
    // apply: a State/ beside state/ is one folder on macOS and Windows
    pushCommit(origin, (d) => write(d, "State/head.json", "{}\n"));
    const t = tx(alice, "1");
    const run = await runPush(
      origin,
      pushCommit(origin, (d) => write(d, t.path, t.content)),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::E_PATH_CASE: "State" differs only in case from state: on macOS and Windows',
    );
    // validate: TXS/ in a pull request, and a .gitattributes that would convert the chain's files
    const at = openPullRequest(origin, 31, [
      { path: "TXS/x.json", content: "{}" },
      { path: ".gitattributes", content: "* text eol=crlf\n" },
    ]);
    api!.pull(31, at.head, at.base);
    const pr = await runAction({
      workspace: work,
      api: api!.url,
      eventName: "pull_request_target",
      event: pullRequestEvent(31, at.head, at.base),
    });
    expect(pr.code).toBe(1);
    const body = api!.comments.at(-1)!.body;
    expect(body).toContain('E_PATH_CASE: "TXS/x.json" differs only in case from txs/');
    expect(body).toContain("E_HISTORY: this pull request changes state/ (.gitattributes)");
  });

  it("a pull request that changes only state/ fails its check with E_HISTORY", async () => {
    const { origin, work } = await setup();
    const at = openPullRequest(origin, 32, [{ path: "state/head.json", content: "{}\n" }]);
    api!.pull(32, at.head, at.base);
    const run = await runAction({
      workspace: work,
      api: api!.url,
      eventName: "pull_request_target",
      event: pullRequestEvent(32, at.head, at.base),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::E_HISTORY: this pull request changes state/ (state/head.json)");
    expect(api!.checkRuns.at(-1)).toMatchObject({ conclusion: "failure" });
  });

  it("a .gitattributes changed on the branch is E_HISTORY for apply", async () => {
    const { origin } = await chainWithBlock1();
    pushCommit(origin, (d) => write(d, ".gitattributes", "state/** text eol=crlf\n"));
    const t = tx(bob, "1");
    const run = await runPush(
      origin,
      pushCommit(origin, (d) => write(d, t.path, t.content)),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::E_HISTORY: .gitattributes changed since block commit");
  });

  it("genuine block commits pass: a deploy with its code file, then another block", async () => {
    const { origin } = await chainWithBlock1();
    const deploy = tx(alice, "(deploy (contract Box (storage n 0) (defn set (x) (set! n x))))", 1);
    const sha = pushCommit(origin, (d) => write(d, deploy.path, deploy.content));
    expect((await runPush(origin, sha)).code).toBe(0);
    const t = tx(bob, "1");
    const run = await runPush(
      origin,
      pushCommit(origin, (d) => write(d, t.path, t.content)),
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs["block-number"]).toBe("3");
    expect(cli(["verify", "--json"], { cwd: clone(origin) }).code).toBe(0);
  });
});
