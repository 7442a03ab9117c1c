// `tinychain dev` as a process: a local chain that front-ends and scripts can use without GitHub.

import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cli } from "../helpers.ts";
import { devTx, freshDir, result, rpc, startDev } from "../node/dev-helpers.ts";

async function rpcResult(url: string, method: string, params: unknown[] = []) {
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
      expect((await rpcResult(url, "tinychain_getBalance", [accounts[2].address])).balance).toBe(
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
        balance = (await rpcResult(url, "tinychain_getBalance", [accounts[2].address])).balance;
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

describe("tinychain dev: a chain a front end drives", () => {
  const SNEED = "0x0000000000000000000000000000000000005eed";

  it("makes the same accounts at every start (anvil's mnemonic), prints them again, and takes --seed or --random", async () => {
    const dev = await startDev(["--accounts", "2", "--interval", "3600"]);
    const first = dev.events.find((e) => e.event === "accounts")!.accounts;
    expect(first[0]).toMatchObject({
      address: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
      privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      file: "keys/account-0.json",
    });
    expect(statSync(join(dev.dir, first[0].file)).mode & 0o777).toBe(0o600);
    await dev.stop();
    const again = await startDev(["--interval", "3600"], dev.dir);
    expect(again.events.find((e) => e.event === "accounts")!.accounts).toEqual(first);
    await again.stop();
    // another mnemonic, other accounts, the same ones every time
    const phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    const seeded = await startDev(["--accounts", "1", "--seed", phrase, "--interval", "3600"]);
    const s = seeded.events.find((e) => e.event === "accounts")!.accounts[0];
    expect(s.address).not.toBe(first[0].address);
    await seeded.stop();
    const reseeded = await startDev(["--accounts", "1", "--seed", phrase, "--interval", "3600"]);
    expect(reseeded.events.find((e) => e.event === "accounts")!.accounts[0].address).toBe(s.address);
    await reseeded.stop();
    const random = await startDev(["--accounts", "1", "--random", "--interval", "3600"]);
    expect(random.events.find((e) => e.event === "accounts")!.accounts[0].address).not.toBe(first[0].address);
    await random.stop();
    const bad = cli(["dev", "--chain", freshDir(), "--seed", "not a mnemonic", "--port", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--seed must be a BIP-39 mnemonic");
    const both = cli(["dev", "--chain", freshDir(), "--seed", phrase, "--random", "--port", "0"]);
    expect(both.code).toBe(2);
  });

  it("takes a signed file over tinychain_sendTransaction and mines it; refuses what validate refuses", async () => {
    const dev = await startDev(["--accounts", "2", "--interval", "3600"]);
    try {
      const [a, b] = dev.events.find((e) => e.event === "accounts")!.accounts;
      const content = devTx(a, `(call ${SNEED} 'transfer ${b.address} 9)`, 0);
      const receipt = await result(dev.url, "tinychain_sendTransaction", [content]);
      expect(receipt).toMatchObject({ status: 0, block: 1, from: a.address });
      expect((await result(dev.url, "tinychain_getBalance", [b.address])).balance).toBe(
        "1000000000000000000000009",
      );
      // committed as a merge and a block commit would be: the file left txs/ for the block
      expect(existsSync(join(dev.dir, `txs/${a.address}-0.json`))).toBe(false);
      expect(readFileSync(join(dev.dir, "state/head.json"), "utf8")).toContain('"number": 1');
      // its JSON as an object works too
      const second = JSON.parse(devTx(a, `(call ${SNEED} 'transfer ${b.address} 1)`, 1));
      expect(await result(dev.url, "tinychain_sendTransaction", [second])).toMatchObject({
        status: 0,
        block: 2,
      });
      const replayed = await rpc(dev.url, "tinychain_sendTransaction", [content]);
      expect(replayed.error).toMatchObject({ code: -32002, data: { code: "E_NONCE_LOW" } });
      const forged = content.replace(" 9)", " 9000)");
      expect((await rpc(dev.url, "tinychain_sendTransaction", [forged])).error).toMatchObject({
        code: -32002,
      });
      expect((await rpc(dev.url, "tinychain_sendTransaction", ["{not json"])).error).toMatchObject({
        code: -32002,
        data: { code: "E_PARSE" },
      });
      for (const p of [[42], [null], [], [content, 1]])
        expect((await rpc(dev.url, "tinychain_sendTransaction", p)).error, JSON.stringify(p)).toMatchObject({
          code: -32602,
          data: { code: "E_PARAMS" },
        });
    } finally {
      await dev.stop();
    }
  });

  it("mines empty blocks on demand and moves to a block number, with the timestamps asked for", async () => {
    const dev = await startDev(["--accounts", "1", "--interval", "3600"]);
    try {
      const genesis = await result(dev.url, "tinychain_head");
      const mined = await result(dev.url, "dev_mine", [3, 12]);
      expect(mined.blocks).toEqual([1, 2, 3]);
      const times = [];
      for (const n of [1, 2, 3]) {
        const block = await result(dev.url, "tinychain_getBlockByNumber", [n]);
        expect(block.transactions).toEqual([]);
        times.push(block.header.timestamp);
      }
      expect(times).toEqual([genesis.timestamp + 12, genesis.timestamp + 24, genesis.timestamp + 36]);
      expect(await result(dev.url, "dev_mine")).toMatchObject({ blocks: [4], head: { number: 4 } });
      expect(await result(dev.url, "dev_mineTo", { number: 7 })).toMatchObject({ blocks: [5, 6, 7] });
      // the chain it made verifies
      expect(cli(["verify", "--chain", dev.dir]).code).toBe(0);
      const wrong: [string, unknown][] = [
        ["dev_mine", [0]],
        ["dev_mine", [101]],
        ["dev_mine", ["3"]],
        ["dev_mine", [1, -5]],
        ["dev_mineTo", [7]],
        ["dev_mineTo", [3]],
        ["dev_mineTo", [1000]],
        ["dev_mineTo", []],
      ];
      for (const [method, params] of wrong)
        expect(
          (await rpc(dev.url, method, params)).error,
          `${method} ${JSON.stringify(params)}`,
        ).toMatchObject({
          code: -32602,
          data: { code: "E_PARAMS" },
        });
      expect((await result(dev.url, "tinychain_head")).number).toBe(7);
    } finally {
      await dev.stop();
    }
  });
});
