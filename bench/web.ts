// The web page (docs/web.md): its first meaningful paint (the head and the ten recent blocks drawn) in
// headless chromium, on the 1k-account chain and on the year-scale chain of the state-layout bench, each
// served locally the way `tinychain node` serves it (the committed files of the head commit). The page
// must read only what it shows: the files it fetched and their bytes are reported beside the time.
// Median of 7 fresh browser contexts (no cache), after one warm-up.

import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pageRoutes } from "../src/node/page.ts";
import { startServer } from "../src/node/server.ts";
import { launchBrowser } from "../test/browser.ts";
import { fmt, median, type Report } from "./measure.ts";
import { yearChain, yearSpec } from "./year-chain.ts";

const ROOT = join(import.meta.dirname, "..");

interface Paint {
  ms: number[];
  files: number;
  bytes: number;
  account: number[];
}

async function paint(origin: string, runs = 8): Promise<Paint> {
  const commit = execFileSync("git", ["rev-parse", "main"], { cwd: origin, encoding: "utf8" }).trim();
  const { server, url } = await startServer({}, 0, (e) => console.error(e), {
    get: pageRoutes(origin, () => commit, { repo: null, branch: "main" }, join(ROOT, "dist/web")),
  });
  const browser = await launchBrowser();
  const out: Paint = { ms: [], files: 0, bytes: 0, account: [] };
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let bytes = 0;
      page.on("response", (r) => {
        if (new URL(r.url()).pathname.startsWith("/state/"))
          bytes += Number(r.headers()["content-length"] ?? 0);
      });
      await page.goto(`${url}/`);
      await page.waitForSelector("body[data-ready=blocks]", { timeout: 60_000 });
      const ready = Number(await page.getAttribute("body", "data-ready-at"));
      const files = Number(await page.getAttribute("body", "data-files"));
      // then an account, as a user looks one up: the coinbase of the year-scale chain's blocks
      const t = performance.now();
      await page.fill("#account-address", "0x00000000000000000000000000000000000000cb");
      await page.click("#lookup button");
      await page.waitForSelector("#view h2 .addr");
      const account = performance.now() - t;
      if (i > 0) {
        out.ms.push(ready);
        out.account.push(account);
      }
      out.files = files;
      out.bytes = bytes;
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

export async function benchWeb(report: Report): Promise<void> {
  report.section(
    "The web page: first meaningful paint in headless chromium, served locally (reads only what it shows)",
  );
  const root = join(process.cwd(), ".tmp");
  mkdirSync(root, { recursive: true });
  const year = yearSpec();
  const small = await paint((await yearChain({ accounts: 1000, entries: 1000, blocks: 100 }, root)).origin);
  const big = await paint((await yearChain(year, root)).origin);
  const spread = (xs: number[]) =>
    `${fmt(median(xs), 0)} ms (${fmt(Math.min(...xs), 0)}–${fmt(Math.max(...xs), 0)})`;
  const line = (name: string, p: Paint) =>
    `${name}: first paint ${spread(p.ms)}, ${p.files} files, ${fmt(p.bytes / 1024, 1)} KiB read; an account looked up in ${spread(p.account)}`;
  report.row(line("1,000 accounts, 100 blocks", small));
  report.row(
    line(
      `${year.accounts.toLocaleString("en-US")} accounts, ${year.blocks.toLocaleString("en-US")} blocks`,
      big,
    ),
  );
  report.row(
    `year scale vs 1k: first paint ${fmt(median(big.ms) / median(small.ms), 2)}×, files ${big.files} vs ${small.files}`,
  );
}
