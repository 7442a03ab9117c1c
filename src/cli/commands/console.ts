// `tinychain console`: a REPL on a chain that keeps its state between inputs, on the test runner's chain
// (src/testing/runner.ts): a scratch chain with five funded accounts, or `--fork` of a chain's head into
// memory (anvil's fork mode), or `--chain DIR` alone to read a chain at its head (each input's changes
// are dropped). Nothing is ever written to a chain. Input is the test language: programs (each runs as
// a transaction of the acting account, `(do a b)` included: one input, one transaction, as on the chain),
// (def name expr), (as ADDR …), (next-block), (deploy-file "x").

import { createInterface } from "node:readline";
import { nextBlockContext } from "../../chain/block-transition.ts";
import { State } from "../../chain/state.ts";
import { DataError } from "../../lang/errors.ts";
import { type Form, readAll } from "../../lang/reader.ts";
import { ADDRESS, TestChain, testStart } from "../../testing/chain.ts";
import { authorPositions, labelled } from "../../testing/positions.ts";
import { formatTrace } from "../../tools/trace.ts";
import type { Args, Command } from "../command.ts";

const HELP = `Type a program to run it as a transaction of the acting account; its value is printed.
  (def name expr)          bind a name for every later input, e.g. (def t (deploy-file "token.lisp"))
  (as ADDR expr…)          act as another account for these inputs
  (next-block [N])         move to the next block (block-number, block-time)
  (balance ADDR)           any expression of the language, e.g. (call t 'balance-of bob)
  :as ADDR                 act as ADDR from now on        :trace on|off   show what each input does
  :accounts                the named accounts             :storage ADDR   a contract's storage
  :help · :quit`;

/** The chain the console starts on: a scratch one, or a chain's head (--chain DIR, --fork). */
function startOf({ values, dir, chain }: Args) {
  if (values.chain === undefined && values.fork !== true) return { ...testStart(), label: "a scratch chain" };
  const snapshot = chain();
  const head = snapshot.head();
  // fees are 0 here (anvil's --base-fee 0): any account can act, and balances move only by what it does
  const block = { ...nextBlockContext(snapshot.genesis(), head, head.timestamp), baseFee: 0n };
  const sender = snapshot.genesis().minter ?? snapshot.genesis().coinbase;
  const readOnly = values.fork !== true;
  const label = `${readOnly ? "" : "a fork of "}${dir} at block ${head.number}${readOnly ? " (read-only: each input's changes are dropped)" : ""}`;
  // read-only: every input starts again from the head state
  const fresh = readOnly ? () => new State(snapshot) : undefined;
  return { state: new State(snapshot), block, sender, names: [], label, snapshot, fresh };
}

export const consoleCommand: Command = {
  summary: "a REPL on a scratch chain, or on a chain's head (--chain DIR read-only, --fork into memory)",
  usage: "tinychain console [--chain DIR [--fork]] [--trace]",
  details: HELP,
  async run(args) {
    const { values, out } = args;
    const start = startOf(args);
    const chain = new TestChain("console", authorPositions(), start);
    let trace = values.trace === true;
    // --json: one JSON line per answer, for a program that drives the console
    const say = (s: string, doc?: Record<string, unknown>) =>
      process.stdout.write(`${out.json ? JSON.stringify(doc ?? { text: s }) : s}\n`);
    const sayError = (e: unknown) => {
      const error = e instanceof Error ? e.message : String(e);
      say(`error: ${error}`, { error });
    };
    say(`tinychain console on ${start.label}; acting as ${chain.sender}. :help for help.`, {
      event: "started",
      chain: start.label,
      sender: chain.sender,
    });
    const { stdin: input, stdout: output } = process;
    const rl = createInterface({ input, output, prompt: "> ", terminal: input.isTTY });
    let pending = "";
    const evaluate = (form: Form) => {
      const before = chain.traces.length;
      if (start.fresh) chain.state = start.fresh();
      try {
        if (chain.isStatement(form)) chain.statement(form);
        else {
          const value = chain.value(form);
          say(value, { value });
        }
      } catch (e) {
        sayError(e);
      }
      if (trace)
        for (const t of chain.traces.slice(before)) say(labelled(formatTrace(t), chain.labels), { trace: t });
    };
    const command = (line: string): boolean => {
      const [name, arg] = line.trim().split(/\s+/);
      // an address, or the one a name is bound to
      const who = arg && (chain.lookup(arg) ?? arg.toLowerCase());
      if (name === ":quit" || name === ":q") return false;
      if (name === ":help") say(HELP);
      else if (name === ":trace") say(`trace ${(trace = arg !== "off") ? "on" : "off"}`);
      else if (name === ":accounts") for (const [n, a] of chain.bindings) say(`${n.padEnd(8)} ${a}`);
      else if (name === ":storage" && who) {
        // what the chain's files hold (a chain's head), then what this session read or wrote over them
        const entries = new Map(start.snapshot?.storageEntries(who));
        for (const [k, v] of chain.state.slotsInMemory(who)) entries.set(k, v);
        for (const [k, v] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
          say(`${k} = ${v}`, { key: k, value: v });
        if (entries.size === 0) say(`no storage entries at ${who}`, { entries: 0 });
      } else if (name === ":as" && who) {
        if (ADDRESS.test(who)) say(`acting as ${(chain.sender = who)}`);
        else say(`error: :as takes an address or a bound name, got ${arg}`);
      } else say(`error: unknown command ${name} (:help lists them)`);
      return true;
    };
    const prompt = () => process.stdin.isTTY && rl.prompt();
    prompt();
    for await (const line of rl) {
      if (line.trim().startsWith(":")) {
        pending = ""; // a command ends an unfinished input
        if (!command(line)) break;
      } else {
        pending += `${line}\n`;
        try {
          for (const f of readAll(pending)) evaluate(f); // each says its own error
        } catch (e) {
          // an open list waits for the next line; any other mistake is said now
          if (e instanceof DataError && /unexpected end of input/.test(e.message)) continue;
          sayError(e);
        }
        pending = "";
      }
      prompt();
    }
    rl.close();
    return 0;
  },
};
