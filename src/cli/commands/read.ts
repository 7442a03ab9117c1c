// Reading the state: `view`, `balance`, `account`, `block`, `receipt` (docs/spec.md §7).

import { headerFromJson } from "../../chain/block.ts";
import type { Receipt } from "../../chain/transition.ts";
import { viewCall } from "../../client/query.ts";
import { STATUS_MEANING } from "../../lang/errors.ts";
import { receiptDetails } from "../../report/receipts.ts";
import { intFlag, parse } from "../args.ts";
import { addressArg, chainDir, openSnapshot } from "../chain.ts";
import { CliError, UsageError } from "../errors.ts";
import { makeOutput } from "../output.ts";
import { authorSources } from "./dry-run.ts";
import { literalArg } from "./tx.ts";
import type { Command } from "./types.ts";

export const viewCommand: Command = {
  name: "view",
  summary: "call a contract's view on the head state (no transaction)",
  usage: "tinychain view ADDR FN [ARG…] [--gas N]",
  run(argv) {
    const { values, positionals } = parse(viewCommand, argv);
    if (positionals.length < 2)
      throw new UsageError("view takes a contract address, a function name and its arguments");
    const [addr, fn, ...args] = positionals;
    const target = addressArg(addr, "contract address");
    const snapshot = openSnapshot(chainDir(values));
    const r = viewCall(snapshot, target, fn!, args.map(literalArg), intFlag("gas", values.gas));
    const out = makeOutput(values.json === true);
    out.document({ status: r.status, value: r.printed, gasUsed: r.gasUsed, error: r.error });
    if (r.status === 0) out.say(r.printed);
    else out.say(`error: status ${r.status} (${STATUS_MEANING[r.status]}): ${r.error}`);
    return r.status === 0 ? 0 : 1;
  },
};

export const balanceCommand: Command = {
  name: "balance",
  summary: "the sneed balance of an address",
  usage: "tinychain balance ADDR",
  run(argv) {
    const { values, positionals } = parse(balanceCommand, argv);
    if (positionals.length !== 1) throw new UsageError("balance takes one address");
    const address = addressArg(positionals[0], "address");
    const snapshot = openSnapshot(chainDir(values));
    const balance = snapshot.account(address)?.balance ?? 0n;
    const out = makeOutput(values.json === true);
    out.document({ address, balance: balance.toString() });
    out.say(`${balance} sneed`);
    return 0;
  },
};

export const accountCommand: Command = {
  name: "account",
  summary: "an account: nonce, balance, and for a contract its code and storage",
  usage: "tinychain account ADDR [--code]",
  details:
    "--code prints a contract's stored code whole, each line numbered: a receipt's error (at LINE:COL) points into it.",
  run(argv) {
    const { values, positionals } = parse(accountCommand, argv);
    if (positionals.length !== 1) throw new UsageError("account takes one address");
    const address = addressArg(positionals[0], "address");
    const snapshot = openSnapshot(chainDir(values));
    const f = snapshot.accountFile(address);
    const doc = {
      address,
      nonce: f?.nonce ?? 0,
      balance: f?.balance ?? "0",
      code: f?.code ?? null,
      storageRoot: f?.storageRoot ?? null,
      storage: Object.fromEntries(snapshot.storageEntries(address)),
    };
    const out = makeOutput(values.json === true);
    out.document(doc);
    out.say(`address ${address}`);
    out.say(`nonce   ${doc.nonce}`);
    out.say(`balance ${doc.balance} sneed`);
    if (doc.code && values.code === true)
      for (const [i, line] of doc.code.split("\n").entries())
        out.say(`${String(i + 1).padStart(4)}  ${line}`);
    else if (doc.code) {
      const first = doc.code.split("\n")[0]!;
      out.say(`code    ${first} … (${doc.code.split("\n").length} lines; --code prints them)`);
    }
    for (const [k, v] of Object.entries(doc.storage)) out.say(`  ${k} = ${v}`);
    return 0;
  },
};

export const blockCommand: Command = {
  name: "block",
  summary: "a block: header, transactions, rejected files",
  usage: "tinychain block N|head",
  run(argv) {
    const { values, positionals } = parse(blockCommand, argv);
    if (positionals.length !== 1) throw new UsageError("block takes a block number (or head)");
    const snapshot = openSnapshot(chainDir(values));
    const head = snapshot.head();
    const n = positionals[0] === "head" ? head.number : intFlag("block number", positionals[0]);
    const record = n === undefined ? undefined : snapshot.blockRecord(n);
    if (!record)
      throw new CliError(
        "E_NOT_FOUND",
        `block ${positionals[0]} does not exist; the head is block ${head.number}`,
        1,
      );
    const out = makeOutput(values.json === true);
    out.document(record);
    const h = headerFromJson(record.header);
    out.say(`block ${h.number} ${h.hash}`);
    out.say(`  parent ${h.parentHash}, time ${h.timestamp}, commit ${h.commit || "—"}`);
    out.say(`  base fee ${h.baseFee}, gas ${h.gasUsed}/${h.gasLimit}, state root ${h.stateRoot}`);
    for (const t of record.receipts)
      out.say(`  ${t.file}  status ${t.status}  gas ${t.gasUsed}  fee ${t.fee}`);
    for (const r of record.rejected) out.say(`  rejected ${r.file}: ${r.code} ${r.message}`);
    return 0;
  },
};

export const receiptCommand: Command = {
  name: "receipt",
  summary: "the receipt of a transaction by its id",
  usage: "tinychain receipt TXID [--source FILE…]",
  details: "--source FILE (repeatable): a contract's file as written, where an error's place is printed too.",
  run(argv) {
    const { values, positionals } = parse(receiptCommand, argv);
    const sources = authorSources(values.source);
    const id = positionals[0]?.toLowerCase();
    if (positionals.length !== 1 || !/^0x[0-9a-f]{64}$/.test(id ?? ""))
      throw new UsageError("receipt takes a transaction id (0x followed by 64 hex digits)");
    const snapshot = openSnapshot(chainDir(values));
    for (let n = snapshot.head().number; n >= 1; n--) {
      const record = snapshot.blockRecord(n);
      const r = record?.receipts.find((x) => x.id === id);
      if (r) {
        const out = makeOutput(values.json === true);
        const at = sources.places(String(r.error ?? ""));
        out.document({ ...r, block: n, at });
        // the stored JSON receipt has the fields receiptDetails prints (amounts as decimal strings)
        out.say(`receipt ${id}, block ${n}`);
        const lines = receiptDetails(r as unknown as Receipt);
        lines.splice(1, 0, ...at.map((p) => `  at ${p}`));
        for (const line of lines) out.say(`  ${line}`);
        return 0;
      }
    }
    throw new CliError(
      "E_NOT_FOUND",
      `no block holds transaction ${id}`,
      1,
      "pending transactions have no receipt yet: 'tinychain validate' previews them",
    );
  },
};
