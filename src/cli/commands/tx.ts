// `tinychain tx`, and its shorthands `send`, `deploy`, `call`: sign a transaction and write
// txs/<from>-<nonce>.json. Nonce and gas are estimated from the head state when left out.

import { relative } from "node:path";
import { effectiveGasPrice } from "../../chain/fees.ts";
import { contractAddress, State } from "../../chain/state.ts";
import {
  signTransaction,
  transactionFileBytes,
  transactionFileName,
  transactionId,
  transactionTypedData,
} from "../../chain/transaction.ts";
import { previewTransaction } from "../../client/compose.ts";
import type { Estimate } from "../../client/estimate.ts";
import { callProgram, deployProgram, isFunctionName, transferProgram } from "../../client/programs.ts";
import { readValue } from "../../lang/data.ts";
import { DataError, STATUS_MEANING } from "../../lang/errors.ts";
import { isHead, readOne } from "../../lang/reader.ts";
import { Address, Sym, type Value } from "../../lang/values.ts";
import { tryCompileProgram } from "../../lang/vm.ts";
import { prepareFiles } from "../../sequencer/ledger.ts";
import { simulate } from "../../sequencer/simulate.ts";
import type { Snapshot } from "../../store/snapshot.ts";
import type { PositionMap } from "../../testing/positions.ts";
import { checkSource, txSizeProblem } from "../../tools/check.ts";
import { closest, didYouMean } from "../../tools/closest.ts";
import { formatTrace, Tracer } from "../../tools/trace.ts";
import {
  type Args,
  addressArg,
  amountFlag,
  CliError,
  type Command,
  intFlag,
  optionsOf,
  UsageError,
} from "../command.ts";
import { authorSources, NEXT_PULL_REQUEST, readUserFile, writeTransactionFile } from "../files.ts";
import { readKey } from "../keyfile.ts";
import { findingLine } from "./check.ts";

/** What "[tx options]" in a usage line stands for (TX_DETAILS says what each does). */
const TX_OPTIONS = optionsOf(
  "--key FILE --from ADDR --typed-data --nonce N --gas-limit N --max-fee X --tip X --force --dry-run --trace --source FILE…",
);

/** The next nonce of a sender: after its account nonce and after any of its files already pending. */
function nextNonce(snapshot: Snapshot, from: string): number {
  let n = snapshot.account(from)?.nonce ?? 0;
  for (const path of snapshot.pendingPaths()) {
    const m = /^txs\/(0x[0-9a-f]{40})-(\d+)\.json$/.exec(path);
    if (m && m[1] === from) n = Math.max(n, Number(m[2]) + 1);
  }
  return n;
}

const DATA_HINT = "the program must be one Lisp expression; try it first with 'tinychain eval'";

/** Why the head state says this transaction would fail after `pending` files, or undefined: it would not. */
function predictedFailure(sim: Estimate, pending: number, maxFee: bigint, sources: PositionMap) {
  const { outcome: o, balance, gasLimit } = sim;
  const hint =
    "fix it and run again, or pass --force to write it anyway (e.g. when a pending transaction changes this)";
  const fail = (code: string, message: string) => new CliError(code, message, 1, hint);
  if ("code" in o && o.code === "E_FUNDS") {
    const after = pending > 0 ? ` after the ${pending} pending transaction file(s)` : "";
    const reserved = `${gasLimit} × ${maxFee} = ${BigInt(gasLimit) * maxFee}`;
    return fail(
      "E_FUNDS",
      `the fee reservation gasLimit × maxFeePerGas = ${reserved} sneed is above the balance ${balance} on the head state${after}`,
    );
  }
  if ("code" in o) return fail(o.code, o.message);
  if (o.status === 0) return undefined;
  const why =
    o.status === 2
      ? `out of gas after ${o.gasUsed} of its gas limit ${gasLimit}${BigInt(gasLimit + 1) * maxFee > balance ? ` (the most a balance of ${balance} can reserve at ${maxFee}/gas)` : ""}`
      : `${STATUS_MEANING[o.status]}: ${[o.error, ...sources.places(o.error ?? "")].join(", at ")}`;
  return fail("E_WOULD_FAIL", `on the head state this transaction ends with status ${o.status}, ${why}`);
}

/** What a transaction command adds (deploy: the contract's address; call: the value sent), a line each. */
const extraLines = (extra: Record<string, unknown>) => Object.entries(extra).map(([k, v]) => `  ${k} ${v}`);

/**
 * `--dry-run`: the receipt the head state gives the transaction, and with `--trace` what it does there,
 * like `cast call` on a write function. Nothing is signed or written.
 */
function dryRun(sim: Estimate, { values, out }: Args, sources: PositionMap, extra: Record<string, unknown>) {
  const tracer = values.trace === true ? new Tracer() : undefined;
  const r = tracer ? sim.traced(tracer) : sim.outcome;
  if ("code" in r) {
    const { code, message } = r;
    out.print({ ok: false, error: { code, message } }, `invalid on the head state: ${code}: ${message}`);
    return 1;
  }
  const at = sources.places(r.error ?? "");
  const { status, gasUsed, gasLimit, error, logs } = r; // each log is its address, event and args
  const traced = tracer ? { trace: tracer.root } : {};
  out.print(
    { ok: status === 0, status, gasUsed, gasLimit, return: r.return, error, at, logs, ...extra, ...traced },
    `on the head state: status ${status} (${STATUS_MEANING[status]}), gas used ${gasUsed} of ${gasLimit}`,
    status === 0 ? `  returns ${r.return}` : `  error: ${error}`,
    ...at.map((p) => `  at ${p}`),
    ...extraLines(extra),
    ...logs.map((l) => `  event ${[l.event, ...l.args].join(" ")} (from ${l.address})`),
    ...(tracer ? [formatTrace(tracer.root)] : []),
    "nothing was signed or written (--dry-run)",
  );
  return status === 0 ? 0 : 1;
}

/**
 * Signs `data` as a transaction and writes its file; `more` adds fields of what was written (deploy: the
 * contract's address; call: the value sent), from its sender and nonce.
 */
async function writeTransaction(
  args: Args,
  data: string,
  more?: (from: string, nonce: number) => Record<string, unknown>,
): Promise<number> {
  const { values, out, chain } = args;
  // with a wallet: --from ADDR --typed-data prints what the wallet signs; `tinychain attach` finishes
  const wallet = values["typed-data"] === true;
  if (wallet && values.key !== undefined)
    throw new UsageError("--typed-data is for signing with a wallet: pass --from ADDR instead of --key");
  // --dry-run: the receipt (and with --trace what it does) on the head state; nothing signed or written
  const dry = values["dry-run"] === true;
  if (!wallet && !dry && values.from !== undefined)
    throw new UsageError(
      "--from is for signing with a wallet: add --typed-data, or sign here with --key FILE",
    );
  const key = wallet || (dry && values.key === undefined) ? undefined : await readKey(values.key);
  const snapshot = chain();
  const genesis = snapshot.genesis();
  const from = key ? key.address : addressArg(values.from as string | undefined, "--from");
  const nonce = intFlag("nonce", values.nonce) ?? nextNonce(snapshot, from);
  const extra = more?.(from, nonce) ?? {};
  const tip = amountFlag("tip", values.tip) ?? 1n; // the default tip (client/estimate.ts defaultFees)
  const maxFee = amountFlag("max-fee", values["max-fee"]);
  if (maxFee !== undefined && tip > maxFee) throw new UsageError(`--tip ${tip} is above --max-fee ${maxFee}`);
  tooLarge("the transaction", txSizeProblem(data)); // before a wallet is asked to sign it
  const givenGas = intFlag("gas-limit", values["gas-limit"]);
  const program = tryCompileProgram(data);
  if (program instanceof DataError) throw new CliError("E_DATA", `data: ${program.message}`, 1, DATA_HINT);
  // the pending transactions run first (as validate replays them), except the file this one replaces;
  // parsed and their signatures recovered once, each run replays them on a fresh state
  const files = snapshot.pendingFiles().filter((f) => f.path !== `txs/${from}-${nonce}.json`);
  const pending = prepareFiles(files, genesis.chainId);
  const state = () => (files.length > 0 ? simulate(snapshot, pending).state : new State(snapshot));
  const preview = previewTransaction(snapshot, from, data, { nonce, tip, maxFee, gasLimit: givenGas, state });
  const { unsigned, ctx, estimate: sim } = preview;
  const sources = authorSources(values.source);
  if (dry) return dryRun(sim, args, sources, extra);
  const { gasLimit, maxFeePerGas } = unsigned;
  const o = sim.outcome;
  const failure = predictedFailure(sim, files.length, maxFeePerGas, sources);
  if (failure && values.force !== true) throw failure;
  if (!key) {
    // the typed data is the document itself, whatever --json says: it is meant to be saved
    process.stdout.write(`${JSON.stringify(transactionTypedData(unsigned), null, 2)}\n`);
    return 0;
  }
  const tx = signTransaction(unsigned, key.privateKey);
  const file = transactionFileName(tx);
  const bytes = transactionFileBytes(tx);
  tooLarge(file, txSizeProblem(data, bytes.length));
  const hint = "pass --force to replace it (a fee bump), or --nonce for another nonce";
  const path = writeTransactionFile(snapshot, file, bytes, nonce, values.force, hint);
  const id = transactionId(tx);
  const estimate =
    "code" in o
      ? { status: null, gasUsed: null, error: { code: o.code, message: o.message } }
      : { status: o.status, gasUsed: o.gasUsed, error: o.error };
  out.print(
    { file, id, from, nonce, gasLimit, maxFeePerGas, maxPriorityFeePerGas: tip, estimate, ...extra },
    `wrote ${relative(process.cwd(), path) || file}`,
    `  id ${id}`,
    `  from ${from}, nonce ${nonce}, gas limit ${gasLimit}, max fee ${maxFeePerGas}/gas (at most ${BigInt(gasLimit) * maxFeePerGas} sneed; now ~${effectiveGasPrice(maxFeePerGas, tip, ctx.baseFee)}/gas)`,
    ...extraLines(extra),
    ...(failure
      ? [`  warning (written because of --force): ${failure.code}: ${failure.message}`]
      : "code" in o
        ? []
        : [`  on the head state: status 0, ${o.gasUsed} gas used, returns ${o.return}`]),
    // the chain `tinychain dev` starts (chain id 31337, named "dev") mines txs/ itself, no pull request
    genesis.name === "dev" && genesis.chainId === 31337
      ? "next: a running 'tinychain dev' puts it in the next block within its --interval (no pull request)"
      : NEXT_PULL_REQUEST,
  );
  return 0;
}

/** E_TX_SIZE: a file the chain must refuse for its size is never written, whatever --force says. */
export function tooLarge(what: string, problem: string | undefined): void {
  if (problem)
    throw new CliError("E_TX_SIZE", `${what} ${problem}`, 1, "the chain refuses it: --force cannot write it");
}

const TX_DETAILS = [
  "tx options: --nonce N, --gas-limit N (estimated from the head state when left out), --max-fee X and",
  "--tip X (sneed per gas; default tip 1, max fee 2 × base fee + tip). The transaction is run on the head",
  "state first: one that would fail there (status ≠ 0, or invalid, e.g. E_FUNDS) is not written; --force",
  "writes it anyway, and replaces a pending file of the same nonce.",
  "With a wallet instead of a key file: --from ADDR --typed-data prints the EIP-712 document to sign",
  "(eth_signTypedData_v4); save it, sign it, then 'tinychain attach TYPED.json SIGNATURE' writes the file.",
  "--dry-run prints the receipt the head state gives it (as `cast call` does) and writes nothing; --key or",
  "--from says who sends it. --trace adds what it does: calls, gas per call, storage reads and writes,",
  "transfers and events. --source FILE (repeatable) names the author's contract file: an error's place in",
  "the chain's code is printed in it too (`at FILE:LINE:COL`); deploy --dry-run uses its own file.",
].join("\n");

/** A command that writes a transaction: the tx options and what they do are its own too. */
const transactionCommand = (c: Command): Command => ({ details: TX_DETAILS, options: TX_OPTIONS, ...c });

export const txCommand = transactionCommand({
  summary: "sign a program and write txs/<from>-<nonce>.json",
  usage: "tinychain tx --key FILE --data EXPR [--nonce N] [--gas-limit N] [--max-fee X] [--tip X] [--force]",
  run(args) {
    const { values } = args;
    if (typeof values.data !== "string")
      throw new UsageError("--data EXPR is required", "tinychain tx --key key.json --data '(+ 1 2)'");
    return writeTransaction(args, values.data);
  },
});

export const sendCommand = transactionCommand({
  summary: "shorthand: a transaction that transfers sneed",
  usage: "tinychain send --key FILE --to ADDR --amount X [tx options]",
  run(args) {
    const { values } = args;
    const to = addressArg(values.to as string | undefined, "--to");
    const amount = amountFlag("amount", values.amount);
    if (amount === undefined) throw new UsageError("--amount X is required");
    return writeTransaction(args, transferProgram(to, amount));
  },
});

export const deployCommand = transactionCommand({
  summary: "shorthand: a transaction that deploys the contract in FILE.lisp",
  usage: "tinychain deploy --key FILE CONTRACT.lisp [tx options]",
  example: "tinychain deploy --key key.json token.lisp",
  async run(args) {
    const { values, positionals } = args;
    const file = positionals[0]!;
    // tinychain check's findings first: an error refuses (a contract that cannot work), unless --force
    const source = readUserFile(file);
    const findings = checkSource(source);
    // the size refusal is said once, as the error it is
    tooLarge(`${file}:`, findings.find((f) => f.code === "E_TX_SIZE")?.message);
    for (const f of findings) process.stderr.write(`${findingLine(file, f)}\n`);
    const errors = findings.filter((f) => f.severity === "error").length;
    if (errors > 0 && values.force !== true)
      throw new CliError(
        "E_CHECK",
        `${file} has ${errors} error${errors === 1 ? "" : "s"} (above); fix them, or pass --force to deploy it anyway`,
        1,
      );
    try {
      const form = readOne(source);
      if (!isHead(form, "contract"))
        throw new DataError("the file must hold one (contract Name …) form", form.pos);
    } catch (e) {
      if (e instanceof DataError) throw new CliError("E_DATA", `${file}: ${e.message}`, 1);
      throw e;
    }
    values.source = [file, ...((values.source as string[] | undefined) ?? [])]; // errors at its lines too
    return writeTransaction(args, deployProgram(source), (from, nonce) => ({
      contract: contractAddress(from, nonce, 0),
    }));
  },
});

/** A Lisp literal from the command line (docs/spec.md §7: `42`, `"text"`, `0x…`), as a value. */
export function literalArg(text: string): Value {
  // 40 hex digits without 0x would read as a symbol (or a number) and pass silently as the wrong thing
  if (/^[0-9a-fA-F]{40}$/.test(text) && /[a-fA-F]/.test(text))
    throw new UsageError(
      `argument ${text} looks like an address without its 0x`,
      `write 0x${text.toLowerCase()}`,
    );
  let value: Value;
  try {
    value = readValue(text);
  } catch (e) {
    if (e instanceof DataError)
      throw new UsageError(
        `argument ${JSON.stringify(text)} is not a Lisp literal: ${e.message}`,
        "strings need quotes: '\"text\"'",
      );
    throw e;
  }
  // a bare word is a symbol, which no one means when typing `vote yes`: say so, and how to write each
  if (value instanceof Sym && !text.startsWith("'") && !text.startsWith("(quote"))
    throw new UsageError(
      `argument ${text} is a bare word: a string needs quotes, a symbol a leading '`,
      `write '"${text}"' for the string, or "'${text}" for the symbol`,
    );
  return value;
}

/**
 * Refuses a call of a function the contract at `target` does not have, as the run on the head state
 * would, but naming the nearest function it does have (the run's own message cannot: it has no list).
 */
function requireFunction(snapshot: Snapshot, target: string, fn: string): void {
  const code = new State(snapshot).code(new Address(target));
  if (!code) return; // no contract there: the run on the head state says so
  const names = [...code.functions].filter(([, f]) => f.kind !== "private").map(([n]) => n);
  if (names.includes(fn)) return;
  const near = closest(fn, names);
  throw new CliError(
    "E_WOULD_FAIL",
    `on the head state this transaction ends with status 3, runtime error: contract ${code.name} at ${target} has no function ${fn}${near ? ` (${didYouMean(near)})` : ""}`,
    1,
    `its functions: ${names.sort().join(", ") || "none"}; or pass --force to write it anyway`,
  );
}

export const callCommand = transactionCommand({
  summary: "shorthand: a transaction that calls a contract function",
  usage: "tinychain call --key FILE ADDR FN [ARG…] [--value X] [tx options]",
  example: "tinychain call --key key.json 0x… transfer 0x… 5",
  details: `--value X sends X sneed with the call, as (call-value ADDR X 'FN ARG…).\n${TX_DETAILS}`,
  run(args) {
    const { values, positionals } = args;
    const [target, fn, ...literals] = positionals as [string, string, ...string[]];
    if (!isFunctionName(fn!)) throw new UsageError(`${JSON.stringify(fn)} is not a function name`);
    const callArgs = literals.map(literalArg);
    const value = amountFlag("value", values.value) ?? 0n;
    if (values.force !== true) requireFunction(args.chain(), target, fn!);
    return writeTransaction(args, callProgram(target, fn!, callArgs, value), () =>
      value > 0n ? { value } : {},
    );
  },
});
