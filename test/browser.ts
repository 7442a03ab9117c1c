// The browser the page's tests and bench drive. With nothing installed by hand, it is the headless
// Chromium that the @sparticuz/chromium npm package ships (Linux x64/arm64; it unpacks itself into the
// temp folder on first use). CHROMIUM=/path/to/chrome picks a system Chrome or Chromium instead (macOS,
// or to try the page in the browser a user has).
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Flags for a closed network and a container: no sandbox (root), no background connections. */
const FLAGS = [
  "--no-sandbox",
  "--no-zygote",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const SYSTEM = [
  "/usr/bin/chromium",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** Where the browser is: $CHROMIUM, else the npm package's on Linux, else a system one. */
export async function browserPath(): Promise<string> {
  if (process.env.CHROMIUM) {
    if (!existsSync(process.env.CHROMIUM)) throw new Error(`CHROMIUM=${process.env.CHROMIUM} does not exist`);
    return process.env.CHROMIUM;
  }
  if (process.platform === "linux") {
    const { default: packaged } = await import("@sparticuz/chromium");
    return packaged.executablePath();
  }
  const found = SYSTEM.find((p) => existsSync(p));
  if (!found)
    throw new Error("no Chromium for the page's tests: set CHROMIUM to a Chrome or Chromium binary");
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await browserPath(), args: FLAGS });
}
