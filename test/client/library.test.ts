// The library as a front-end developer uses it (docs/client.md): the packed package installed offline in
// a scratch project beside ethers, imported by its name, drives `tinychain dev` from Node and, bundled
// with esbuild, from a page in headless Chromium whose wallet is an injected EIP-1193 provider. Each run
// deploys a contract, sends a call signed in the wallet, reads the result and the events back and gets
// the event pushed; the project's declarations type its code, and importing the package starts nothing.

import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../browser.ts";
import { ROOT } from "../helpers.ts";
import { type RunningDev, startDev } from "../node/dev-helpers.ts";

const APP = join(import.meta.dirname, "app");
const FILES = ["app.js", "wallet.js", "main.js", "page.js"];

let dir: string;
let project: string;
let dev: RunningDev;
let server: Server;
let origin: string;
let browser: Browser | undefined;
let accounts: { address: string; privateKey: string }[];

/** The page: index.html and the project's page.js bundled from the installed package. */
async function bundlePage(): Promise<Record<string, string>> {
  const out = await build({
    entryPoints: [join(project, "page.js")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return {
    "/": '<!doctype html><html><body><script type="module" src="/page.js"></script></body></html>',
    "/page.js": out.outputFiles[0]!.text,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tinychain-client-"));
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" }),
  )[0];
  project = join(dir, "app");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), '{ "name": "app", "private": true, "type": "module" }\n');
  const install = spawnSync(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", join(dir, packed.filename)],
    { cwd: project, encoding: "utf8" },
  );
  expect(install.status, install.stdout + install.stderr).toBe(0);
  // the project's own dependency, as `npm install ethers` would leave it
  symlinkSync(join(ROOT, "node_modules/ethers"), join(project, "node_modules/ethers"), "dir");
  for (const f of FILES) cpSync(join(APP, f), join(project, f));

  const files = await bundlePage();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const body = files[path];
    if (body === undefined) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": path === "/" ? "text/html" : "text/javascript" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dev = await startDev(["--accounts", "2", "--cors", origin]);
  accounts = dev.events.find((e) => e.event === "accounts")!.accounts;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What app.js's run() answers, with its bigints as "3n" and addresses as {hex}. */
function expected(from: string, greeter: string) {
  return {
    chainId: 31337,
    greeter,
    status: 0,
    returned: ["hello", "3n", ["a", "b"], "250n"],
    current: "hello",
    tips: "250n",
    logs: [{ block: expect.any(Number), args: [{ hex: from }, "hello", "3n", "250n"] }],
    pushed: { block: expect.any(Number), args: `(${from} "hello" 3 250)` },
  };
}

describe("the library in a front-end project", () => {
  it("is imported by its name in Node, without running the GitHub Action", () => {
    const r = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", 'import * as t from "tinychain"; console.log(Object.keys(t).length)'],
      { cwd: project, encoding: "utf8", env: { ...process.env, GITHUB_ACTIONS: "true" } },
    );
    expect(r.stderr).toBe("");
    expect(Number(r.stdout)).toBeGreaterThan(20);
  });

  it("drives tinychain dev from Node: deploy, a call signed in the wallet, results, logs and a pushed log", () => {
    const [a] = accounts;
    const r = spawnSync(process.execPath, ["main.js", dev.url, a!.privateKey], {
      cwd: project,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stderr).toBe("");
    const result = JSON.parse(r.stdout);
    expect(result).toEqual(expected(a!.address, result.greeter));
    expect(result.greeter).toMatch(/^0x[0-9a-f]{40}$/);
  }, 90_000);

  it("drives it from the page bundled for a browser, with the wallet injected as window.ethereum", async () => {
    browser = await launchBrowser();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const [, b] = accounts;
    const account = privateKeyToAccount(b!.privateKey as `0x${string}`);
    await page.exposeFunction("__sign", async (json: string) => {
      const doc = JSON.parse(json);
      const { EIP712Domain: _, ...types } = doc.types;
      return account.signTypedData({ ...doc, types });
    });
    await page.addInitScript((address) => {
      const w = window as unknown as { ethereum: unknown; __sign: (json: string) => Promise<string> };
      w.ethereum = {
        request: async ({ method, params }: { method: string; params?: unknown[] }) => {
          if (method === "eth_requestAccounts") return [address];
          if (method === "eth_chainId") return "0x7a69";
          if (method === "eth_signTypedData_v4") return w.__sign(params![1] as string);
          throw Object.assign(new Error(`${method} is not supported`), { code: 4200 });
        },
      };
    }, account.address);
    await page.goto(`${origin}/?node=${encodeURIComponent(dev.url)}`);
    await page.waitForSelector("body[data-result], body[data-error]", { state: "attached", timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset.error)).toBeUndefined();
    const result = JSON.parse((await page.evaluate(() => document.body.dataset.result))!);
    expect(result).toEqual(expected(b!.address, result.greeter));
    expect(errors).toEqual([]);
  }, 120_000);

  it("types the project's code with the package's declarations", () => {
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom"],
          types: [],
          strict: true,
          allowJs: true,
          checkJs: true,
          noEmit: true,
        },
        files: ["app.js"],
      }),
    );
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], {
      cwd: project,
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 60_000);

  it("is the project docs/client.md shows", () => {
    const doc = readFileSync(join(ROOT, "docs/client.md"), "utf8");
    for (const f of ["app.js", "page.js"]) expect(doc).toContain(readFileSync(join(APP, f), "utf8"));
  });
});
