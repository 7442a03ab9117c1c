// `tinychain dev` as a process: a local chain that front-ends and scripts can use without GitHub.

import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cli } from "../helpers.ts";

async function rpc(url: string, method: string, params: unknown[] = []) {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await r.json()) as { result: { balance: string } }).result;
}

describe("tinychain dev", () => {
  it("starts a chain with funded accounts, serves JSON-RPC, and mines the files that appear", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tinychain-dev-")), "chain");
    const child = spawn(
      process.execPath,
      [CLI, "dev", "--chain", dir, "--port", "0", "--accounts", "3", "--json"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      const events: Record<string, any>[] = [];
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (c) => {
          out += c;
          const lines = out.split("\n");
          out = lines.pop()!;
          for (const l of lines) {
            const e = JSON.parse(l);
            events.push(e);
            if (e.event === "listening") resolve(e.url);
          }
        });
        child.on("exit", (code) => reject(new Error(`dev exited with ${code}`)));
      });
      const accounts = events.find((e) => e.event === "accounts")!.accounts;
      expect(accounts).toHaveLength(3);
      expect((await rpc(url, "tinychain_getBalance", [accounts[2].address])).balance).toBe(
        "1000000000000000000000000",
      );
      // a script writes a transaction file; the dev chain mines it and the node serves the new block
      const sent = cli([
        "send",
        "--chain",
        dir,
        "--key",
        join(dir, accounts[0].file),
        "--to",
        accounts[2].address,
        "--amount",
        "7",
      ]);
      expect(sent.code).toBe(0);
      let balance = "";
      for (let i = 0; i < 100 && balance !== "1000000000000000000000007"; i++) {
        await new Promise((r) => setTimeout(r, 200));
        balance = (await rpc(url, "tinychain_getBalance", [accounts[2].address])).balance;
      }
      expect(balance).toBe("1000000000000000000000007");
      expect(events.some((e) => e.event === "mined")).toBe(true);
      // and serves the chain's web page, with the state files of the block it verified
      expect(await (await fetch(`${url}/`)).text()).toContain("<title>tinychain</title>");
      const head = await (await fetch(`${url}/state/head.json`)).json();
      expect(head.number).toBeGreaterThanOrEqual(1);
      // a file that waits on a nonce gap makes no block and no error, tick after tick
      const gap = ["send", "--chain", dir, "--key", join(dir, accounts[0].file), "--to", accounts[1].address];
      expect(cli([...gap, "--amount", "1", "--nonce", "5"]).code).toBe(0);
      await new Promise((r) => setTimeout(r, 2500));
      expect(events.filter((e) => e.event === "error")).toEqual([]);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("runs git with the folder's hooks and core.fsmonitor off, and writes the chain's .gitattributes", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tinychain-dev-hooks-")), "chain");
    mkdirSync(dir);
    execFileSync("git", ["init", "-q", "-b", "main", dir]);
    // a folder whose own git configuration would run programs on each commit and status
    const ran = join(dir, "..", "ran");
    const script = `#!/bin/sh\necho "$0" >> ${ran}\n`;
    for (const hook of ["pre-commit", "post-commit", "commit-msg"]) {
      writeFileSync(join(dir, ".git/hooks", hook), script);
      chmodSync(join(dir, ".git/hooks", hook), 0o755);
    }
    writeFileSync(join(dir, "..", "fsmonitor"), script);
    chmodSync(join(dir, "..", "fsmonitor"), 0o755);
    execFileSync("git", ["-C", dir, "config", "core.fsmonitor", join(dir, "..", "fsmonitor")]);
    const child = spawn(process.execPath, [CLI, "dev", "--chain", dir, "--port", "0", "--json"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const accounts = await new Promise<{ file: string; address: string }[]>((resolve, reject) => {
        let out = "";
        let found: { file: string; address: string }[] = [];
        child.stdout!.on("data", (c) => {
          out += c;
          const lines = out.split("\n");
          out = lines.pop()!;
          for (const l of lines) {
            const e = JSON.parse(l);
            if (e.event === "accounts") found = e.accounts;
            if (e.event === "listening") resolve(found);
          }
        });
        child.on("exit", (code) => reject(new Error(`dev exited with ${code}`)));
      });
      const key = join(dir, accounts[0]!.file);
      expect(
        cli(["send", "--chain", dir, "--key", key, "--to", accounts[1]!.address, "--amount", "1"]).code,
      ).toBe(0);
      let blocks = 0;
      for (let i = 0; i < 100 && blocks < 2; i++) {
        await new Promise((r) => setTimeout(r, 200));
        blocks = Number(
          execFileSync("git", ["-C", dir, "rev-list", "--count", "HEAD"], { encoding: "utf8" }),
        );
      }
      expect(blocks).toBeGreaterThanOrEqual(2); // genesis, then the transactions and their block
      expect(existsSync(ran) ? readFileSync(ran, "utf8") : "").toBe("");
      expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toContain("txs/** -text");
    } finally {
      child.kill("SIGTERM");
    }
  });
});
