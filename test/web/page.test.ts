// The chain's web page in a real browser (headless Chromium from npm, driven by playwright-core), served by
// `tinychain node` from a scratch chain whose origin is a GitHub repository: read-only views at their own
// addresses, a view answered in the page, a previewed receipt equal to the CLI's dry run, a wallet (an
// EIP-1193 provider backed by viem and a test key) signing a file byte-identical to the CLI's that
// validates, the preview withdrawn by every edit, pending transactions counted in the nonce, the
// transaction followed to its block, hostile chain text shown inert, a phone's width, axe-core's
// accessibility check. GitHub's API is answered by a double (playwright routes). Screenshots at desktop
// and phone widths go to $TINYCHAIN_SCREENSHOTS or .tmp/screenshots/ (CI keeps them).

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toChecksumAddress } from "../../src/crypto/address-case.ts";
import { launchBrowser } from "../browser.ts";
import { alice, bob } from "../chain/fixtures.ts";
import { commitAll, type RunningNode, scratchChain, startNode } from "../chain-helpers.ts";
import { cli, ROOT } from "../helpers.ts";

const SHOTS = process.env.TINYCHAIN_SCREENSHOTS ?? join(ROOT, ".tmp/screenshots");
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}` as const;
const HOSTILE = `(contract Hostile
  (defmap notes)
  (defn shout (text) (put! notes text text) (emit Said text) text)
  (defn fail (text) (abort text)))`;
/** what an attacker writes: markup, a right-to-left override, a zero-width space */
const EVIL = '<img src=x onerror="window.__pwned=1">\u202Eevil\u200Bnote';

let dir: string;
let node: RunningNode;
let browser: Browser;
let token: string;
let hostile: string;

const sync = () =>
  fetch(node.url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: '{"jsonrpc":"2.0","id":1,"method":"tinychain_sync"}',
  }).then((r) => r.json());

/** a transaction by the CLI, applied as a block and committed, then seen by the node */
async function block(args: string[]) {
  const r = cli([...args, "--key", "alice.json", "--force"], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  commitAll(dir, "tx");
  expect(cli(["apply"], { cwd: dir }).code).toBe(0);
  commitAll(dir, "block");
  await sync();
}

beforeAll(async () => {
  dir = scratchChain();
  execFileSync("git", ["-C", dir, "remote", "add", "origin", "git@github.com:sneed-org/chain.git"]);
  writeFileSync(join(dir, "token.lisp"), readFileSync(join(ROOT, "examples/token.lisp")));
  writeFileSync(join(dir, "hostile.lisp"), HOSTILE);
  const deploy = (file: string) => {
    const r = cli(["deploy", "--key", "alice.json", file, "--json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).contract as string;
  };
  token = deploy("token.lisp");
  hostile = deploy("hostile.lisp");
  commitAll(dir, "deploy the contracts");
  expect(cli(["apply"], { cwd: dir }).code).toBe(0);
  commitAll(dir, "block 1");
  node = await startNode(["--interval", "0"], dir);
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  node?.process.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Options {
  chainId?: number;
  reject?: boolean;
  rejectConnect?: boolean;
  none?: boolean;
  viewport?: { width: number; height: number };
  dark?: boolean;
  /** GitHub's API double: path (after /repos/sneed-org/chain/) → JSON answer; anything else 404 */
  github?: Record<string, unknown>;
}

/** A page with an injected EIP-1193 wallet holding Alice's key (signing in Node, with viem). */
async function open(hash = "", o: Options = {}) {
  const context = await browser.newContext({
    viewport: o.viewport ?? { width: 1100, height: 900 },
    colorScheme: o.dark ? "dark" : "light",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const signed: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await context.route("https://github.com/**", (r) => r.abort());
  await context.route("https://api.github.com/**", (r) => {
    const path = new URL(r.request().url()).pathname.replace("/repos/sneed-org/chain/", "");
    const answer = o.github?.[path] ?? (path === "pulls" ? [] : undefined);
    return answer === undefined
      ? r.fulfill({ status: 404, json: { message: "Not Found" } })
      : r.fulfill({ json: answer });
  });
  if (!o.none) {
    const account = privateKeyToAccount(hex(alice.privateKey));
    await page.exposeFunction("__wallet", async (method: string, params: unknown[]) => {
      switch (method) {
        case "eth_requestAccounts":
          if (o.rejectConnect) return { error: { code: 4001, message: "User rejected the request." } };
          return { result: [account.address] };
        case "eth_chainId":
          return { result: `0x${(o.chainId ?? 7357).toString(16)}` };
        case "wallet_switchEthereumChain":
          return { error: { code: 4902, message: "Unrecognized chain ID" } };
        case "eth_signTypedData_v4": {
          if (o.reject) return { error: { code: 4001, message: "User rejected the request." } };
          const doc = JSON.parse(params[1] as string);
          signed.push(doc.message.data);
          const { EIP712Domain: _, ...types } = doc.types;
          return { result: await account.signTypedData({ ...doc, types }) };
        }
        default:
          return { error: { code: 4200, message: `unsupported ${method}` } };
      }
    });
    await page.addInitScript(() => {
      const w = window as unknown as {
        ethereum: unknown;
        __wallet: (
          m: string,
          p: unknown,
        ) => Promise<{ result?: unknown; error?: { code: number; message: string } }>;
      };
      w.ethereum = {
        request: async ({ method, params }: { method: string; params?: unknown[] }) => {
          const r = await w.__wallet(method, params ?? []);
          if (r.error) throw Object.assign(new Error(r.error.message), { code: r.error.code });
          return r.result;
        },
      };
    });
  }
  await page.goto(`${node.url}/${hash}`);
  await page.waitForSelector("body[data-pending=shown]", { timeout: 20_000 });
  return { page, errors, signed };
}

const text = async (page: Page, sel: string) => (await page.locator(sel).first().textContent()) ?? "";
const signable = (page: Page) => page.locator("#sign").isVisible();

async function connect(page: Page) {
  await page.click("#connect");
  await expect.poll(() => page.inputValue("#from")).toBe(toChecksumAddress(alice.address));
}

async function previewSend(page: Page, amount: string) {
  await page.fill("#to", bob.address);
  await page.fill("#amount", amount);
  await page.click("#preview");
  await page.waitForSelector("#receipt .receipt, #receipt .note");
}

async function noSeriousViolations(page: Page) {
  // evaluated by the driver, which the page's CSP does not govern (a <script> tag it would refuse)
  await page.evaluate(readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8"));
  const violations = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe.run();
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.nodes.length})`);
  });
  expect(violations).toEqual([]);
}

describe("the web page", () => {
  it("shows the chain by name, its head and blocks with time and hash; without a wallet it is read-only", async () => {
    const { page, errors } = await open("", { none: true });
    const head = JSON.parse(readFileSync(join(dir, "state/head.json"), "utf8"));
    const genesis = JSON.parse(readFileSync(join(dir, "state/genesis.json"), "utf8"));
    expect(await page.title()).toBe(`${genesis.name} · tinychain`);
    expect(await text(page, "#name")).toBe(genesis.name);
    expect(await page.locator("#view .hash").first().getAttribute("title")).toBe(head.hash);
    expect(await page.locator("#blocks li").count()).toBe(2);
    expect(await text(page, "#blocks li")).toMatch(/^#1 \d{4}-\d\d-\d\d \d\d:\d\d UTC 0x/);
    // on load: read-only, and nothing offers to sign
    expect(await page.locator("#readonly").isVisible()).toBe(true);
    expect(await page.locator("#connect").isVisible()).toBe(false);
    await page.fill("#from", alice.address);
    await previewSend(page, "5");
    expect(await text(page, "#receipt")).toContain("Install a browser wallet to sign");
    expect(await signable(page)).toBe(false);
    // a block is a link to its own view, and that address can be shared
    await page.click("#blocks li a >> nth=0");
    await expect.poll(() => page.url()).toBe(`${node.url}/#/block/1`);
    await page.waitForSelector("#view .tx");
    expect(await page.locator("#view .tx").count()).toBe(2);
    expect(await text(page, "#view .tx .lead")).toMatch(
      /^From 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}, nonce 0 — fee [0-9,]+ sneed$/,
    );
    await page.screenshot({ path: join(SHOTS, "block.png"), fullPage: true });
    const tx = await page.locator("#view .tx h3 a").first().getAttribute("href");
    const shared = await open(tx!, { none: true });
    await shared.page.waitForSelector("#view pre");
    expect(await text(shared.page, "#view pre")).toContain('"nonce": 0');
    // older blocks have an address too
    const older = await open("#/blocks/0", { none: true });
    expect(await older.page.locator("#blocks li").count()).toBe(1);
    expect(errors).toEqual([]);
    for (const p of [page, shared.page, older.page]) await p.context().close();
  });

  it("lists a contract's functions with a form each, and answers a view as the CLI does", async () => {
    const { page } = await open(`#/address/${token}`, { none: true });
    await page.waitForSelector("#view .fn");
    expect(await page.locator("#view h2 .addr").getAttribute("title")).toBe(toChecksumAddress(token));
    const fns = await page.locator("#view .fn strong").allInnerTexts();
    expect(fns).toContain("function transfer");
    expect(fns).toContain("view balance-of");
    await page.fill('[aria-label="balance-of who"]', alice.address);
    await page.locator(".fn", { hasText: "view balance-of" }).locator("button").click();
    const cliView = cli(["view", token, "balance-of", alice.address], { cwd: dir }).stdout.trim();
    await expect.poll(() => text(page, ".fn:has-text('view balance-of') output")).toBe(`= ${cliView}`);
    await page.screenshot({ path: join(SHOTS, "contract.png"), fullPage: true });
    // the look-up form goes to the same view
    await page.goto(`${node.url}/`);
    await page.fill("#account-address", bob.address);
    await page.click("#lookup button");
    await page.waitForSelector("#view h2 .addr");
    expect(page.url()).toBe(`${node.url}/#/address/${bob.address}`);
    await page.context().close();
  });

  it("previews the CLI's receipt in a sentence, signs the CLI's file byte for byte, opens the origin's pull request", async () => {
    const { page, errors, signed } = await open("");
    await connect(page);
    expect(await text(page, "#wallet")).toContain("Connected");
    await previewSend(page, "1250");
    const dry = JSON.parse(
      cli(["send", "--from", alice.address, "--to", bob.address, "--amount", "1250", "--dry-run", "--json"], {
        cwd: dir,
      }).stdout,
    );
    const to = toChecksumAddress(bob.address);
    const short = `${to.slice(0, 6)}…${to.slice(-4)}`;
    expect(await text(page, "#receipt .lead")).toMatch(
      new RegExp(`^Send 1,250 sneed to ${short} — fee \\d{1,3}(,\\d{3})* sneed$`),
    );
    expect(await page.locator(`#receipt .addr[title="${to}"]`).count()).toBeGreaterThan(0);
    expect(await text(page, "#receipt")).toContain(
      `${dry.gasUsed.toLocaleString("en-US")} of ${dry.gasLimit.toLocaleString("en-US")}`,
    );
    expect(await text(page, "#receipt")).toContain("you have no pending transaction");
    await page.screenshot({ path: join(SHOTS, "preview.png"), fullPage: true });
    await page.click("#sign");
    await page.waitForSelector("#file");
    expect(signed).toEqual([`(transfer ${bob.address} 1250)`]);
    const file = await page.locator("#file").textContent();
    const written = JSON.parse(
      cli(["send", "--key", "alice.json", "--to", bob.address, "--amount", "1250", "--json"], { cwd: dir })
        .stdout,
    );
    const cliBytes = readFileSync(join(dir, written.file), "utf8");
    expect(file).toBe(cliBytes);
    expect(cli(["validate", "--json"], { cwd: dir }).code).toBe(0);
    rmSync(join(dir, written.file));
    // `tinychain node` in a clone of a GitHub chain: the pull request goes to its origin
    const href = await page.locator("#open-pr").getAttribute("href");
    expect(href).toBe(
      `https://github.com/sneed-org/chain/new/main?filename=${encodeURIComponent(written.file)}&value=${encodeURIComponent(cliBytes)}`,
    );
    expect(await page.locator("#signed button.copy").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a call with a value: the preview says the sneed it sends, the wallet signs the CLI's call --value file", async () => {
    const { page, errors, signed } = await open("");
    await connect(page);
    await page.click("[data-tab=call]");
    await page.fill("#target", hostile);
    await page.fill("#fn", "shout");
    await page.fill("#args", '"hi"');
    await page.fill("#value", "-3");
    await page.click("#preview");
    expect(await text(page, "#receipt")).toContain('Value: "-3" is not a whole number of sneed.');
    await page.fill("#value", "2500");
    await page.click("#preview");
    await page.waitForSelector("#sign", { state: "visible" });
    expect(await text(page, "#receipt .lead")).toMatch(
      /^Call shout on 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}, sending 2,500 sneed — fee/,
    );
    // the value is part of what is signed: editing it withdraws the preview
    await page.fill("#value", "2501");
    expect(await signable(page)).toBe(false);
    await page.fill("#value", "2500");
    await page.click("#preview");
    await page.waitForSelector("#sign", { state: "visible" });
    await page.click("#sign");
    await page.waitForSelector("#file");
    expect(signed).toEqual([`(call-value ${hostile} 2500 'shout "hi")`]);
    const written = JSON.parse(
      cli(["call", "--key", "alice.json", hostile, "shout", '"hi"', "--value", "2500", "--json"], {
        cwd: dir,
      }).stdout,
    );
    expect(written.value).toBe("2500");
    expect(await page.locator("#file").textContent()).toBe(readFileSync(join(dir, written.file), "utf8"));
    rmSync(join(dir, written.file));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("withdraws the preview and its Sign button on every edit and on switching tabs", async () => {
    const { page, signed } = await open("");
    await connect(page);
    const withdrawn = async (edit: () => Promise<unknown>, what: string) => {
      await page.click("#preview");
      await page.waitForSelector("#sign", { state: "visible" });
      await edit();
      expect(await signable(page), what).toBe(false);
      expect(await text(page, "#receipt"), what).toContain("The form changed since the preview");
    };
    await previewSend(page, "123");
    for (const [field, value] of [
      ["#amount", "999"],
      ["#to", alice.address],
      ["#from", bob.address],
      ["#nonce", "7"],
    ] as const) {
      const before = await page.inputValue(field);
      await withdrawn(() => page.fill(field, value), field);
      await page.fill(field, before);
    }
    await withdrawn(() => page.click("[data-tab=call]"), "the tab");
    await page.fill("#target", token);
    await page.fill("#fn", "approve");
    await page.fill("#args", `${bob.address}\n5`);
    for (const [field, value] of [
      ["#target", hostile],
      ["#fn", "transfer"],
      ["#args", `${bob.address}\n6`],
    ] as const) {
      const before = await page.inputValue(field);
      await withdrawn(() => page.fill(field, value), field);
      await page.fill(field, before);
    }
    // a function's form fills the transaction form: that is an edit too
    await withdrawn(async () => {
      await page.goto(`${node.url}/#/address/${token}`);
      await page.locator(".fn", { hasText: "function approve" }).locator("button").click();
    }, "a function's form");
    await page.click("[data-tab=deploy]");
    await page.fill("#source", "(contract Small (defn f () 1))");
    await withdrawn(() => page.fill("#source", "(contract Small (defn f () 2))"), "#source");
    await withdrawn(
      () =>
        page.setInputFiles("#source-file", {
          name: "c.lisp",
          mimeType: "text/plain",
          buffer: Buffer.from("(contract C)"),
        }),
      "a loaded file",
    );
    // preview 123, change to 999, preview again: the wallet is asked for 999, never 123
    await page.click("[data-tab=send]");
    await page.fill("#amount", "123");
    await page.click("#preview");
    await page.fill("#amount", "999");
    await page.click("#preview");
    await page.waitForSelector("#sign", { state: "visible" });
    await page.click("#sign");
    await page.waitForSelector("#file");
    expect(signed).toEqual([`(transfer ${bob.address} 999)`]);
    await page.context().close();
  });

  it("offers no Sign for a refused transaction, and asks before signing one that fails", async () => {
    const { page } = await open("");
    await connect(page);
    await page.fill("#nonce", "0");
    await previewSend(page, "5");
    expect(await text(page, "#receipt")).toContain("be refused: E_NONCE_LOW");
    expect(await signable(page)).toBe(false);
    await page.fill("#nonce", "");
    await page.click("[data-tab=call]");
    await page.fill("#target", token);
    await page.fill("#fn", "transfer");
    await page.fill("#args", `${bob.address}\n5`);
    await page.click("#preview");
    await page.waitForSelector("#sign", { state: "visible" });
    expect(await text(page, "#warnings")).toContain(
      "This will fail on the current head: status 1 (aborted), Token.transfer: insufficient balance",
    );
    expect(await page.locator("#sign").isDisabled()).toBe(true);
    await page.check("#confirm");
    expect(await page.locator("#sign").isDisabled()).toBe(false);
    await page.context().close();
  });

  it("counts the sender's pending transactions in the nonce, and warns before replacing one", async () => {
    // one pending file in txs/ of the head, and one open pull request on GitHub
    const pendingFile = JSON.parse(
      cli(["send", "--key", "alice.json", "--to", bob.address, "--amount", "1", "--json"], { cwd: dir })
        .stdout,
    ).file as string;
    commitAll(dir, "a pending transaction");
    await sync();
    const nextName = pendingFile.replace(/-(\d+)\.json$/, (_, n) => `-${Number(n) + 1}.json`);
    const pr = {
      number: 12,
      title: `Create ${nextName.replace("txs/", "")}`,
      html_url: "https://github.com/sneed-org/chain/pull/12",
      state: "open",
      merged_at: null,
      head: { ref: "patch-1", sha: "a".repeat(40) },
    };
    const { page } = await open("", { github: { pulls: [pr] } });
    expect(await text(page, "#pending")).toContain("pull request #12");
    expect(await text(page, "#pending")).toContain(pendingFile);
    await connect(page);
    await previewSend(page, "5");
    const next = Number(/-(\d+)\.json$/.exec(nextName)![1]) + 1;
    expect(await text(page, "#receipt")).toContain(
      `Nonce ${next}: after your 2 pending transactions (${pendingFile} (nonce ${next - 2}), pull request #12 (nonce ${next - 1}))`,
    );
    expect(await page.locator("#sign").isDisabled()).toBe(false);
    await page.fill("#nonce", String(next - 1));
    await page.click("#preview");
    await page.waitForSelector("#sign", { state: "visible" });
    expect(await text(page, "#warnings")).toContain(
      "This replaces your pending transaction pull request #12",
    );
    expect(await page.locator("#sign").isDisabled()).toBe(true);
    await page.context().close();
    rmSync(join(dir, pendingFile));
    commitAll(dir, "withdraw the pending transaction");
    await sync();
  });

  it("follows a signed transaction: its pull request, the check, the merge, its block", async () => {
    const sha = "b".repeat(40);
    const github: Record<string, unknown> = {};
    const { page } = await open("", { github });
    await connect(page);
    await previewSend(page, "77");
    await page.click("#sign");
    await page.waitForSelector("#open-pr");
    const content = (await page.locator("#file").textContent())!;
    const tx = JSON.parse(content);
    const name = `${tx.from}-${tx.nonce}.json`;
    await page.click("#open-pr");
    await expect
      .poll(() => text(page, "#follow"))
      .toContain(`Waiting for the pull request that adds txs/${name}`);
    expect(await text(page, "#follow")).toContain("checked every 90 seconds");
    const pull = {
      number: 13,
      title: `Create ${name}`,
      html_url: "https://github.com/sneed-org/chain/pull/13",
      state: "open",
      merged_at: null,
      head: { ref: "patch-2", sha },
    };
    github.pulls = [pull];
    const step = async (want: string) => {
      await page.click("#follow button");
      await expect.poll(() => text(page, "#follow")).toContain(want);
    };
    await step("Pull request #13 opened");
    github[`commits/${sha}/check-runs`] = {
      check_runs: [
        { status: "completed", conclusion: "success", html_url: "https://github.com/sneed-org/chain/runs/1" },
      ],
    };
    await step("The check passed");
    github["pulls/13"] = { ...pull, state: "closed", merged_at: "2026-01-01T00:00:00Z" };
    await step("Merged");
    writeFileSync(join(dir, "txs", name), content);
    commitAll(dir, "merge #13");
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    commitAll(dir, "block");
    await sync();
    await step("Included in block 2");
    // and the page reads the new head
    await expect.poll(() => text(page, "#blocks li")).toMatch(/^#2 /);
    await page.screenshot({ path: join(SHOTS, "followed.png"), fullPage: true });
    await page.click("#follow li a >> text=0x");
    await page.waitForSelector("#view pre");
    expect(await text(page, "#view pre")).toBe(content);
    await page.context().close();
  });

  it("shows hostile chain text inert: markup as text, invisible and bidi characters escaped", async () => {
    const literal = JSON.stringify(EVIL);
    await block(["call", hostile, "shout", literal]);
    const { page, errors } = await open("#/block/3");
    await page.waitForSelector("#view .tx");
    const shown = await text(page, "#view .tx");
    expect(shown).toContain('<img src=x onerror=\\"window.__pwned=1\\">\\u202Eevil\\u200Bnote');
    expect(shown).not.toMatch(/[\u202E\u200B]/);
    expect(shown).toContain("Said");
    // the preview of a failing call says the abort message escaped too
    await connect(page);
    await page.click("[data-tab=call]");
    await page.fill("#target", hostile);
    await page.fill("#fn", "fail");
    await page.fill("#args", literal);
    await page.click("#preview");
    await page.waitForSelector("#warnings li");
    expect(await text(page, "#receipt")).toContain("\\u202Eevil\\u200Bnote");
    expect(await text(page, "#warnings")).not.toMatch(/[\u202E\u200B]/);
    expect(await page.locator("main img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // every address the page shows is in its checksummed form
    for (const title of await page
      .locator("#view .addr")
      .evaluateAll((as) => as.map((a) => a.getAttribute("title"))))
      expect(title).toBe(toChecksumAddress(title!.toLowerCase()));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("fits a phone's width before and after connecting, long storage keys included; no serious accessibility violation", async () => {
    await block(["call", hostile, "shout", JSON.stringify("k".repeat(300))]);
    const phone = { width: 390, height: 844 };
    for (const dark of [false, true]) {
      const { page } = await open("", { viewport: phone, dark });
      const width = () => page.evaluate(() => document.documentElement.scrollWidth);
      expect(await width()).toBeLessThanOrEqual(390);
      await connect(page);
      expect(await width()).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(SHOTS, `phone${dark ? "-dark" : ""}.png`), fullPage: true });
      await noSeriousViolations(page);
      await page.goto(`${node.url}/#/block/4`);
      await page.waitForSelector("#view .changes");
      expect(await width()).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(SHOTS, `phone-block${dark ? "-dark" : ""}.png`), fullPage: true });
      await page.context().close();
      const desktop = await open("", { dark });
      await connect(desktop.page);
      await desktop.page.screenshot({
        path: join(SHOTS, `desktop${dark ? "-dark" : ""}.png`),
        fullPage: true,
      });
      await noSeriousViolations(desktop.page);
      await desktop.page.goto(`${node.url}/#/address/${token}`);
      await desktop.page.waitForSelector("#view .fn");
      await noSeriousViolations(desktop.page);
      await desktop.page.context().close();
    }
  }, 120_000);

  it("explains a declined connection, a wallet on another network and a declined signature", async () => {
    const refused = await open("", { rejectConnect: true });
    await refused.page.click("#connect");
    await expect
      .poll(() => text(refused.page, "#wallet"))
      .toBe("You declined the connection in your wallet: the page is not connected.");
    await refused.page.context().close();
    const wrong = await open("", { chainId: 1 });
    await connect(wrong.page);
    await previewSend(wrong.page, "5");
    await wrong.page.click("#sign");
    await expect.poll(() => text(wrong.page, "#signed")).toContain("signed for chain id 7357");
    await wrong.page.context().close();
    const declined = await open("", { reject: true });
    await connect(declined.page);
    await previewSend(declined.page, "5");
    await declined.page.click("#sign");
    await expect.poll(() => text(declined.page, "#signed")).toContain("You declined the signature");
    // and disconnects
    await declined.page.click("#disconnect");
    expect(await declined.page.inputValue("#from")).toBe("");
    expect(await declined.page.locator("#connect").isVisible()).toBe(true);
    await declined.page.context().close();
  });

  it("warns about a ?repo= that is not the deployed one and keeps the deployed one", async () => {
    const { page } = await open("?repo=attacker/x");
    expect(await text(page, "#warning")).toContain('asks for the repository "attacker/x"');
    expect(await page.locator("#repo-link").getAttribute("href")).toBe("https://github.com/sneed-org/chain");
    await page.context().close();
  });

  it("is served by the node: its files, the verified commit's state files and pending list, nothing else", async () => {
    const get = (path: string) => fetch(`${node.url}${path}`);
    const index = await get("/");
    // the header is the page's own <meta> policy, plus no framing
    expect(index.headers.get("content-security-policy")).toMatch(
      /^default-src 'none'; .*connect-src 'self' https:\/\/raw\.githubusercontent\.com https:\/\/api\.github\.com; .*frame-ancestors 'none'$/,
    );
    expect(await index.text()).toContain('<script type="module" src="page.js">');
    const head = await get("/state/head.json");
    expect(await head.text()).toBe(readFileSync(join(dir, "state/head.json"), "utf8"));
    expect(await (await get("/config.json")).json()).toEqual({
      base: "./",
      rpc: "./",
      repo: "sneed-org/chain",
      branch: "main",
    });
    expect(await (await get("/txs.json")).json()).toEqual([]);
    for (const path of [
      "/alice.json",
      "/state/%2e%2e/alice.json",
      "/.git/config",
      "/state/",
      "/state/nope.json",
    ])
      expect((await get(path)).status, path).toBe(404);
    const rpc = await fetch(node.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"jsonrpc":"2.0","id":1,"method":"tinychain_status"}',
    });
    expect((await rpc.json()).result).toBeDefined();
  });

  it("shows the waiting line of state/waiting.json: age, what each waits for, those past half the window flagged, the vetoes", async () => {
    const { page: before } = await open("#/waiting", { none: true });
    await before.waitForSelector("#view h2");
    expect(await text(before, "#view")).toContain("This chain records no waiting line");
    await before.context().close();
    // a block commit with the line apply read from GitHub (src/client/waiting.ts); hostile text included
    const r = cli(["send", "--to", bob.address, "--amount", "3", "--key", "alice.json", "--force"], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    commitAll(dir, "tx");
    expect(cli(["apply"], { cwd: dir }).code).toBe(0);
    const number = JSON.parse(readFileSync(join(dir, "state/head.json"), "utf8")).number;
    const line = {
      block: number,
      readAt: "2026-12-07T01:00:00Z",
      window: "6h",
      open: [
        {
          pull: 41,
          age: "3 h 20 min",
          waitsFor: "a maintainer to merge it (sequencer policy: manual)",
          pastHalfWindow: true,
        },
        { pull: 44, age: "12 min", waitsFor: EVIL, pastHalfWindow: false },
      ],
      more: 3,
      vetoes: [{ pull: 42, closedAt: "2026-12-07 00:40:00 UTC" }],
      vetoBlocks: 10,
    };
    writeFileSync(join(dir, "state/waiting.json"), `${JSON.stringify(line, null, 2)}\n`);
    commitAll(dir, "block");
    expect((await sync()).result.refused).toBeNull();
    const { page, errors } = await open("", { none: true });
    await page.click("#waiting-link");
    await page.waitForSelector("#waiting-open");
    expect(page.url()).toBe(`${node.url}/#/waiting`);
    expect(await text(page, "#waiting-as-of")).toBe(
      `As GitHub showed it at 2026-12-07 01:00:00 UTC, when block #${number} was applied.`,
    );
    expect(await text(page, "#view")).toContain(
      "the sequencing window (6h) includes each one open longer than that",
    );
    const items = await page.locator("#waiting-open li").allInnerTexts();
    expect(items[0]).toBe(
      "#41 open for 3 h 20 min · waits for a maintainer to merge it (sequencer policy: manual) ⚠ past half the window",
    );
    expect(items[1]).toContain('waits for <img src=x onerror="window.__pwned=1">\\u202Eevil\\u200Bnote');
    expect(items[1]).not.toContain("past half the window");
    expect(items[2]).toBe("and 3 more.");
    expect(await page.locator("#waiting-open li.late").count()).toBe(1);
    expect(await page.locator("#waiting-open a").first().getAttribute("href")).toBe(
      "https://github.com/sneed-org/chain/pull/41",
    );
    expect(await page.locator("#vetoes li").allInnerTexts()).toEqual(["#42 closed 2026-12-07 00:40:00 UTC"]);
    expect(await page.locator("main img").count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "waiting.png"), fullPage: true });
    await noSeriousViolations(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
