// `npm run demo`: the whole life of a chain on a scratch repository, with output that teaches.
// It runs the built CLI (dist/cli.js) in a temporary git repository and removes it at the end,
// unless run with --keep.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/cli.js");
const keep = process.argv.includes("--keep");
const dir = mkdtempSync(join(tmpdir(), "tinychain-demo-"));
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

const quote = (a) => (/^[\w./=:-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);

function tinychain(args, { show = true, allowFail = false } = {}) {
  if (show) console.log(`\n$ tinychain ${args.map(quote).join(" ")}`);
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (show) process.stdout.write((r.stdout + r.stderr).replace(/^/gm, "  "));
  if (r.status !== 0 && !allowFail) {
    console.error(`demo: 'tinychain ${args.join(" ")}' failed with exit ${r.status}`);
    process.exit(1);
  }
  return r.stdout;
}

/** Runs `tinychain node` in the scratch chain while `use` talks to it, then stops it. */
async function withNode(use) {
  const child = spawn(process.execPath, [cli, "node", "--port", "0", "--interval", "0", "--json"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c) => {
        out += c;
        for (const line of out.split("\n").slice(0, -1)) {
          const e = JSON.parse(line);
          if (e.event === "verified")
            console.log(`  verified blocks ${e.from}–${e.to} (commit ${e.commit.slice(0, 10)})`);
          if (e.event === "listening") resolve(e.url);
        }
        out = out.slice(out.lastIndexOf("\n") + 1);
      });
      child.on("exit", (code) => reject(new Error(`the node exited with ${code}`)));
    });
    console.log(`  serving at ${url}`);
    await use(url);
  } finally {
    child.kill("SIGTERM");
  }
}

const git = (...args) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
const say = (text) => console.log(`\n${bold(`## ${text}`)}`);

try {
  git("init", "-q", "-b", "main");
  git("config", "user.email", "demo@example.com");
  git("config", "user.name", "demo");

  say("1. Two keys: Alice and Bob (key files, mode 0600)");
  const alice = tinychain(["keygen", "--out", "alice.json"]).trim();
  const bob = tinychain(["keygen", "--out", "bob.json"]).trim();

  say("2. A new chain: Alice may mint sneed (the native token) and starts with 10,000,000");
  tinychain([
    "init",
    "--chain-id",
    "7357",
    "--name",
    "demo",
    "--minter",
    alice,
    "--alloc",
    `${alice}=10000000`,
  ]);
  git("add", "-A");
  git("commit", "-q", "-m", "genesis");

  say("3. Transactions are signed files under txs/ (EIP-712: any Ethereum wallet can sign them)");
  tinychain([
    "tx",
    "--key",
    "alice.json",
    "--data",
    `(call 0x0000000000000000000000000000000000005eed 'mint ${bob} 5000000)`,
  ]);
  tinychain(["send", "--key", "alice.json", "--to", bob, "--amount", "250"]);
  // the example token (examples/token.lisp): its storage is reachable only through its own functions
  copyFileSync(join(root, "examples/token.lisp"), join(dir, "token.lisp"));
  copyFileSync(join(root, "examples/token.test.lisp"), join(dir, "token.test.lisp"));
  say("4. Before a contract is deployed: static checks, and its tests on a fresh in-memory chain");
  tinychain(["check", "token.lisp"]);
  tinychain(["test", "token.test.lisp"]);
  const deployed = JSON.parse(
    tinychain(["deploy", "--key", "alice.json", "token.lisp", "--json"], { show: false }),
  );
  console.log(
    `\n$ tinychain deploy --key alice.json token.lisp\n  wrote ${deployed.file}\n  contract ${deployed.contract} (its address is known before it is mined)`,
  );

  say("5. What a reviewer sees on the pull request (the comment the action posts)");
  const md = tinychain(["validate", "--markdown"], { show: false });
  console.log(
    md
      .split("\n")
      .filter((l) => !l.startsWith("<!--"))
      .slice(0, 40)
      .join("\n")
      .replace(/^/gm, "  │ "),
  );
  console.log("  │ …");

  say("6. Merging is consensus: on merge, the action applies the pending transactions as a block");
  git("add", "-A");
  git("commit", "-q", "-m", "Merge: three transactions");
  tinychain(["apply"]);
  git("add", "-A");
  git("commit", "-q", "-m", "tinychain: block 1");

  say("7. Calling the token, then reading state");
  // a higher tip puts Alice's mint first in the block (docs/spec.md §4's auction), before Bob spends it
  tinychain([
    "call",
    "--key",
    "alice.json",
    deployed.contract,
    "mint",
    bob,
    "1000",
    "--tip",
    "3",
    "--max-fee",
    "10",
  ]);
  // what Bob's transfer will do before he signs anything, on the head state after the pending mint
  tinychain([
    "call",
    "--key",
    "bob.json",
    deployed.contract,
    "transfer",
    alice,
    "400",
    "--dry-run",
    "--trace",
  ]);
  tinychain(["call", "--key", "bob.json", deployed.contract, "transfer", alice, "400"]);
  git("add", "-A");
  git("commit", "-q", "-m", "Merge: token calls");
  tinychain(["apply"]);
  git("add", "-A");
  git("commit", "-q", "-m", "tinychain: block 2");
  tinychain(["view", deployed.contract, "balance-of", bob]);
  tinychain(["balance", bob]);
  tinychain(["view", "0x0000000000000000000000000000000000005eed", "total-burned"]);

  say("8. Anyone can re-verify the whole chain from genesis");
  tinychain(["verify"]);

  say("9. A Merkle proof that Bob's account is in block 2's state root, checked offline");
  tinychain(["prove", bob, "--out", "bob.proof"]);
  tinychain(["check-proof", "bob.proof"]);

  say("10. The explorer: state/README.md, which GitHub shows when you open state/ (first lines)");
  const explorer = readFileSync(join(dir, "state/README.md"), "utf8").split("\n");
  const upTo = explorer.findIndex((l) => l.startsWith("## Gas used"));
  console.log(
    explorer
      .slice(0, upTo > 0 ? upTo : 20)
      .map((l) => `  │ ${l}`)
      .join("\n"),
  );

  say(
    "11. A node: follows the repository, replays each new block, answers JSON-RPC and serves the chain's page",
  );
  console.log("\n$ tinychain node --port 0 --interval 0");
  await withNode(async (url) => {
    const body = [
      { jsonrpc: "2.0", id: 1, method: "tinychain_status" },
      { jsonrpc: "2.0", id: 2, method: "tinychain_view", params: [deployed.contract, "balance-of", [bob]] },
    ];
    console.log(`\n$ curl -s ${url} -H 'content-type: application/json' -d '${JSON.stringify(body)}'`);
    const json = { "content-type": "application/json" };
    const answers = await (
      await fetch(url, { method: "POST", headers: json, body: JSON.stringify(body) })
    ).json();
    for (const a of answers) console.log(`  ${JSON.stringify(a)}`);
    // the same node serves the chain's web page (docs/web.md), reading this chain's files
    const page = await fetch(`${url}/`);
    const head = await (await fetch(`${url}/state/head.json`)).json();
    console.log(
      `\n  the chain's web page: ${url}/ (${page.status}, reads block ${head.number} from the repository's files)`,
    );
  });

  const head = JSON.parse(readFileSync(join(dir, "state/head.json"), "utf8"));
  console.log(`\n${bold("Done.")} The chain is at block ${head.number} (${head.hash.slice(0, 18)}…).`);
  console.log(
    keep
      ? `It is kept in ${dir}: try 'cd ${dir} && git log --stat', or see it in a browser:\n'cd ${dir} && tinychain node' serves its page at http://127.0.0.1:8555/.`
      : "Run 'npm run demo -- --keep' to keep the scratch chain and look around.",
  );
  console.log(
    "Next: docs/tutorial.md walks you through your first transaction by pull request; README.md shows how to\n" +
      "run a chain on GitHub; docs/language.md is the language and its gas table; docs/rpc.md the node.",
  );
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
