// Passphrases, from wherever the user gives them. Each question is answered, in this order, by
// TINYCHAIN_PASSPHRASE when it is set (every question gets it); by the terminal, without echo, when stdin
// is one; else by the next line of stdin (`printf '%s\n' "$PASS" | tinychain …`, one line per question).
// On a terminal, Node's readline edits the line: it decodes UTF-8 and a backspace removes a whole
// character, where the byte-at-a-time prompt this replaces deleted one byte and left a passphrase the
// user never typed.

import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { text } from "node:stream/consumers";
import { keyError } from "./command.ts";

/** One passphrase, e.g. to open a key file. */
export async function askPassphrase(prompt: string): Promise<string> {
  const fromEnv = process.env.TINYCHAIN_PASSPHRASE;
  if (fromEnv) return fromEnv;
  return process.stdin.isTTY ? askOnTerminal(`${prompt}: `) : nextStdinLine(prompt);
}

/** A new passphrase: asked twice on a terminal, and refused when the two differ or it is empty. */
export async function askNewPassphrase(prompt: string): Promise<string> {
  const fromEnv = process.env.TINYCHAIN_PASSPHRASE;
  const first = await askPassphrase(prompt);
  if (first === "") throw keyError("the new passphrase is empty; a key file needs one to be encrypted");
  if (!fromEnv && process.stdin.isTTY && !samePassphrase(await askOnTerminal(`${prompt} (again): `), first))
    throw keyError(
      "the two passphrases differ; nothing was written",
      "run it again and type the same passphrase twice",
    );
  return first;
}

// the keystore encrypts the NFKC form, so "ä" typed precomposed once and as a + ◌̈ once is the same
const samePassphrase = (a: string, b: string) => a.normalize("NFKC") === b.normalize("NFKC");

/** Reads a line on the terminal with echo off: readline edits it, its output goes nowhere. */
async function askOnTerminal(prompt: string): Promise<string> {
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  // raw mode is on once the interface exists: whatever is typed after the prompt shows is never echoed
  const rl = createInterface({ input: process.stdin, output: nowhere, terminal: true, historySize: 0 });
  process.stderr.write(prompt);
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once("line", resolve);
      rl.once("SIGINT", () => reject(keyError("cancelled", "nothing was done")));
      rl.once("close", () => reject(keyError("no passphrase: the input ended")));
    });
  } finally {
    rl.close();
    process.stderr.write("\n");
  }
}

let stdinLines: string[] | undefined;

/** The next line of stdin, which is read whole the first time (a pipe or a file, not a terminal). */
async function nextStdinLine(prompt: string): Promise<string> {
  if (!stdinLines) {
    stdinLines = (await text(process.stdin)).split(/\r?\n/);
    if (stdinLines.at(-1) === "") stdinLines.pop(); // the newline that ends the last line
  }
  const line = stdinLines.shift();
  if (line === undefined)
    throw keyError(
      `${prompt}: no passphrase (TINYCHAIN_PASSPHRASE is not set, stdin is not a terminal and has no line left)`,
      "set TINYCHAIN_PASSPHRASE, pipe the passphrase in (one line per question), or run it on a terminal",
    );
  return line;
}
