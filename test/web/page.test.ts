// The chain's web page in a real browser (headless Chromium from npm, driven by playwright-core), served by
// `tinychain node` from a scratch chain: read-only views, a view answered in the page, a previewed
// receipt equal to the CLI's dry run, a wallet (an EIP-1193 provider backed by viem and a test key)
// signing a file byte-identical to the CLI's that validates, the create-file URL, and each way the
// wallet can say no. Screenshots of the main views go to .tmp/screenshots/ (CI keeps them).

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../browser.ts";
import { alice, bob } from "../chain/fixtures.ts";
import { commitAll, type RunningNode, scratchChain, startNode } from "../chain-helpers.ts";
import { cli, ROOT } from "../helpers.ts";

const SHOTS = process.env.TINYCHAIN_SCREENSHOTS ?? join(ROOT, ".tmp/screenshots");
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}` as const;

let dir: string;
let node: RunningNode;
let browser: Browser;
let token: string;

beforeAll(async () => {
  dir = scratchChain();
  writeFileSync(join(dir, "token.lisp"), readFileSync(join(ROOT, "examples/token.lisp")));
  const deployed = cli(["deploy", "--key", "alice.json", "token.lisp", "--json"], { cwd: dir });
  expect(deployed.code, deployed.stderr).toBe(0);
  token = JSON.parse(deployed.stdout).contract;
  commitAll(dir, "deploy the token");
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

interface WalletOptions {
  chainId?: number;
  reject?: boolean;
  none?: boolean;
}

/** A page with an injected EIP-1193 wallet holding Alice's key (signing in Node, with viem). */
async function open(query = "", wallet: WalletOptions = {}, viewport = { width: 1100, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  if (!wallet.none) {
    const account = privateKeyToAccount(hex(alice.privateKey));
    await page.exposeFunction("__wallet", async (method: string, params: unknown[]) => {
      switch (method) {
        case "eth_requestAccounts":
          return { result: [account.address] };
        case "eth_chainId":
          return { result: `0x${(wallet.chainId ?? 7357).toString(16)}` };
        case "wallet_switchEthereumChain":
          return { error: { code: 4902, message: "Unrecognized chain ID" } };
        case "eth_signTypedData_v4": {
          if (wallet.reject) return { error: { code: 4001, message: "User rejected the request." } };
          const doc = JSON.parse(params[1] as string);
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
  await page.goto(`${node.url}/${query}`);
  await page.waitForSelector("body[data-ready=blocks]", { timeout: 20_000 });
  return { page, errors };
}

const text = async (page: Page, sel: string) => (await page.locator(sel).textContent()) ?? "";

async function composeSend(page: Page, amount: string) {
  await page.click("#connect");
  await expect.poll(() => page.inputValue("#from")).toBe(alice.address);
  await page.fill("#to", bob.address);
  await page.fill("#amount", amount);
  await page.click("#preview");
  await page.waitForSelector("#signing:not([hidden])");
}

describe("the web page", () => {
  it("shows the head and the recent blocks, read from the repository's files, with no wallet", async () => {
    const { page, errors } = await open("", { none: true });
    const head = JSON.parse(readFileSync(join(dir, "state/head.json"), "utf8"));
    expect(await text(page, "#head")).toContain(head.hash);
    expect(await page.locator("#blocks li").count()).toBe(2);
    await page.click("#blocks li button >> nth=0");
    expect(await text(page, "#blocks")).toContain("status 0");
    await page.screenshot({ path: join(SHOTS, "chain.png"), fullPage: true });
    await page.click("#connect");
    expect(await text(page, "#wallet")).toContain("No browser wallet was found");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lists a contract's functions and answers a view as the CLI does", async () => {
    const { page } = await open("", { none: true });
    await page.fill("#account-address", token);
    await page.click("#account-form button");
    await page.waitForSelector("#account .fn");
    const fns = await page.locator("#account .fn strong").allInnerTexts();
    expect(fns).toContain("function transfer");
    expect(fns).toContain("view balance-of");
    await page.fill('[aria-label="balance-of who"]', alice.address);
    await page.locator(".fn", { hasText: "view balance-of" }).locator("button").click();
    const cliView = cli(["view", token, "balance-of", alice.address], { cwd: dir }).stdout.trim();
    await expect.poll(() => text(page, ".fn:has-text('view balance-of') span")).toBe(` = ${cliView}`);
    await page.screenshot({ path: join(SHOTS, "contract.png"), fullPage: true });
    await page.close();
  });

  it("previews the CLI's receipt, then signs the CLI's file byte for byte, which validates", async () => {
    const { page, errors } = await open("?repo=sneed-org/chain");
    await composeSend(page, "250");
    const dry = JSON.parse(
      cli(["send", "--from", alice.address, "--to", bob.address, "--amount", "250", "--dry-run", "--json"], {
        cwd: dir,
      }).stdout,
    );
    const receipt = await text(page, "#receipt");
    expect(receipt).toContain("status 0");
    expect(receipt).toContain(`${dry.gasUsed} of ${dry.gasLimit}`);
    await page.click("#sign");
    await page.waitForSelector("#file");
    const file = await page.locator("#file").textContent();
    await page.screenshot({ path: join(SHOTS, "signed.png"), fullPage: true });

    const written = JSON.parse(
      cli(["send", "--key", "alice.json", "--to", bob.address, "--amount", "250", "--json"], { cwd: dir })
        .stdout,
    );
    const cliBytes = readFileSync(join(dir, written.file), "utf8");
    expect(file).toBe(cliBytes);
    expect(cli(["validate", "--json"], { cwd: dir }).code).toBe(0);
    rmSync(join(dir, written.file));

    const href = await page.locator("#open-pr").getAttribute("href");
    expect(href).toBe(
      `https://github.com/sneed-org/chain/new/main?filename=${encodeURIComponent(written.file)}&value=${encodeURIComponent(cliBytes)}`,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("checks a contract before deploying it, and copies a file too long for a URL", async () => {
    const { page } = await open("?repo=sneed-org/chain");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: node.url });
    await page.context().route("https://github.com/**", (r) => r.abort());
    await page.click("#connect");
    await expect.poll(() => page.inputValue("#from")).toBe(alice.address);
    await page.click("[data-tab=deploy]");
    await page.fill("#source", "(contract Bad\n  (defvar x 0)\n  (defn f () (sett! x 1)))");
    await page.click("#preview");
    await expect
      .poll(() => text(page, "#findings"))
      .toContain("3:15: error E_UNKNOWN_NAME: unknown name sett! (did you mean set!?)");
    expect(await text(page, "#receipt")).toContain("fix them first");
    // a contract whose file is too long for GitHub's create-file URL
    const long = readFileSync(join(ROOT, "examples/multisig.lisp"), "utf8");
    const padded = `${long.trim()}\n${"; the multisig of the examples, with a long comment to pass the URL's limit\n".repeat(60)}`;
    await page.fill("#source", padded);
    await page.click("#preview");
    await page.waitForSelector("#signing:not([hidden])");
    expect(await text(page, "#receipt")).toContain("The contract's address will be");
    await page.click("#sign");
    await page.waitForSelector("#open-pr");
    const file = (await page.locator("#file").textContent()) ?? "";
    const name = JSON.parse(file).from.concat("-", JSON.parse(file).nonce, ".json");
    expect(await page.locator("#open-pr").getAttribute("href")).toBe(
      `https://github.com/sneed-org/chain/new/main?filename=${encodeURIComponent(`txs/${name}`)}`,
    );
    expect(await text(page, "#signed")).toContain("Paste it into the page GitHub opens");
    await page.locator("#open-pr").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(file);
    await page.screenshot({ path: join(SHOTS, "deploy.png"), fullPage: true });
    await page.close();
  });

  it("explains a wallet on another network and a declined signature", async () => {
    const wrong = await open("", { chainId: 1 });
    await composeSend(wrong.page, "5");
    await wrong.page.click("#sign");
    await expect.poll(() => text(wrong.page, "#signed")).toContain("signed for chain id 7357");
    await wrong.page.close();
    const declined = await open("", { reject: true });
    await composeSend(declined.page, "5");
    await declined.page.click("#sign");
    await expect.poll(() => text(declined.page, "#signed")).toContain("You declined the signature");
    await declined.page.close();
  });

  it("is served by the node: its files, the verified commit's state files, nothing else", async () => {
    const get = (path: string) => fetch(`${node.url}${path}`);
    const index = await get("/");
    // the header is the page's own <meta> policy, plus no framing
    expect(index.headers.get("content-security-policy")).toMatch(
      /^default-src 'none'; .*connect-src 'self' https:\/\/raw\.githubusercontent\.com https:\/\/api\.github\.com; .*frame-ancestors 'none'$/,
    );
    expect(await index.text()).toContain('<script type="module" src="page.js">');
    const head = await get("/state/head.json");
    expect(await head.text()).toBe(readFileSync(join(dir, "state/head.json"), "utf8"));
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

  it("fits a phone's width", async () => {
    const { page } = await open("", { none: true }, { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, "phone.png"), fullPage: true });
    await page.close();
  });
});
