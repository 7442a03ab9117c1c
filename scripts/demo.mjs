// `npm run demo`: the whole life of a chain on a scratch repository, with output that teaches.
// It runs the built CLI (dist/cli.js) in a temporary git repository and removes it at the end,
// unless run with --keep.
import { execFileSync, spawnSync } from "node:child_process";
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
  const deployed = JSON.parse(
    tinychain(["deploy", "--key", "alice.json", "token.lisp", "--json"], { show: false }),
  );
  console.log(
    `\n$ tinychain deploy --key alice.json token.lisp\n  wrote ${deployed.file}\n  contract ${deployed.contract} (its address is known before it is mined)`,
  );

  say("4. What a reviewer sees on the pull request (the comment the action posts)");
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

  say("5. Merging is consensus: on merge, the action applies the pending transactions as a block");
  git("add", "-A");
  git("commit", "-q", "-m", "Merge: three transactions");
  tinychain(["apply"]);
  git("add", "-A");
  git("commit", "-q", "-m", "tinychain: block 1");

  say("6. Calling the token, then reading state");
  tinychain(["call", "--key", "alice.json", deployed.contract, "mint", bob, "1000"]);
  tinychain(["call", "--key", "bob.json", deployed.contract, "transfer", alice, "400"]);
  git("add", "-A");
  git("commit", "-q", "-m", "Merge: token calls");
  tinychain(["apply"]);
  git("add", "-A");
  git("commit", "-q", "-m", "tinychain: block 2");
  tinychain(["view", deployed.contract, "balance-of", bob]);
  tinychain(["balance", bob]);
  tinychain(["view", "0x0000000000000000000000000000000000005eed", "total-burned"]);

  say("7. Anyone can re-verify the whole chain from genesis");
  tinychain(["verify"]);

  say("8. A Merkle proof that Bob's account is in block 2's state root, checked offline");
  tinychain(["prove", bob, "--out", "bob.proof"]);
  tinychain(["check-proof", "bob.proof"]);

  const head = JSON.parse(readFileSync(join(dir, "state/head.json"), "utf8"));
  console.log(`\n${bold("Done.")} The chain is at block ${head.number} (${head.hash.slice(0, 18)}…).`);
  console.log(
    keep
      ? `It is kept in ${dir}: try 'cd ${dir} && git log --stat'.`
      : "Run 'npm run demo -- --keep' to keep the scratch chain and look around.",
  );
  console.log(
    "Next: README.md shows how to run a chain on GitHub; docs/language.md is the language and its gas table.",
  );
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
