// Reading the state: `view`, `balance`, `account`, `block`, `receipt` (docs/spec.md §7).

import { headerFromJson } from "../../chain/block.ts";
import type { Receipt } from "../../chain/transition.ts";
import { viewCall } from "../../client/query.ts";
import { STATUS_MEANING } from "../../lang/errors.ts";
import { accountJson } from "../../node/methods.ts";
import { receiptDetails } from "../../report/receipts.ts";
import { CliError, type Command, intFlag } from "../command.ts";
import { authorSources } from "../files.ts";
import { literalArg } from "./tx.ts";

export const viewCommand: Command = {
  summary: "call a contract's view on the head state (no transaction)",
  usage: "tinychain view ADDR FN [ARG…] [--gas N]",
  run({ values, positionals, out, chain }) {
    const [target, fn, ...args] = positionals as [string, string, ...string[]];
    const gas = intFlag("gas", values.gas);
    const { status, printed, gasUsed, error } = viewCall(chain(), target, fn, args.map(literalArg), gas);
    out.print(
      { status, value: printed, gasUsed, error },
      status === 0 ? printed : `error: status ${status} (${STATUS_MEANING[status]}): ${error}`,
    );
    return status === 0 ? 0 : 1;
  },
};

export const balanceCommand: Command = {
  summary: "the sneed balance of an address",
  usage: "tinychain balance ADDR",
  run({ positionals, out, chain }) {
    const address = positionals[0]!;
    const balance = chain().account(address)?.balance ?? 0n;
    out.print({ address, balance: balance.toString() }, `${balance} sneed`);
    return 0;
  },
};

export const accountCommand: Command = {
  summary: "an account: nonce, balance, and for a contract its code and storage",
  usage: "tinychain account ADDR [--code]",
  details:
    "--code prints a contract's stored code whole, each line numbered: a receipt's error (at LINE:COL) points into it.",
  run({ values, positionals, out, chain }) {
    const address = positionals[0]!;
    const doc = accountJson(chain(), address);
    const code = doc.code ? doc.code.split("\n") : [];
    out.print(
      doc,
      `address ${address}`,
      `nonce   ${doc.nonce}`,
      `balance ${doc.balance} sneed`,
      ...(values.code === true
        ? code.map((line, i) => `${String(i + 1).padStart(4)}  ${line}`)
        : code.slice(0, 1).map((first) => `code    ${first} … (${code.length} lines; --code prints them)`)),
      ...Object.entries(doc.storage).map(([k, v]) => `  ${k} = ${v}`),
    );
    return 0;
  },
};

export const blockCommand: Command = {
  summary: "a block: header, transactions, rejected files",
  usage: "tinychain block N|head",
  run({ positionals, out, chain }) {
    const [n] = positionals as [string];
    const snapshot = chain();
    const head = snapshot.head();
    const record = snapshot.blockRecord(n === "head" ? head.number : Number(n));
    if (!record)
      throw new CliError("E_NOT_FOUND", `block ${n} does not exist; the head is block ${head.number}`);
    const h = headerFromJson(record.header);
    out.print(
      record,
      `block ${h.number} ${h.hash}`,
      `  parent ${h.parentHash}, time ${h.timestamp}, commit ${h.commit || "—"}`,
      `  base fee ${h.baseFee}, gas ${h.gasUsed}/${h.gasLimit}, state root ${h.stateRoot}`,
      ...record.receipts.map((t) => `  ${t.file}  status ${t.status}  gas ${t.gasUsed}  fee ${t.fee}`),
      ...record.rejected.map((r) => `  rejected ${r.file}: ${r.code} ${r.message}`),
    );
    return 0;
  },
};

export const receiptCommand: Command = {
  summary: "the receipt of a transaction by its id",
  usage: "tinychain receipt TXID [--source FILE…]",
  details: "--source FILE (repeatable): a contract's file as written, where an error's place is printed too.",
  run({ values, positionals, out, chain }) {
    const sources = authorSources(values.source);
    const id = positionals[0]!.toLowerCase();
    const snapshot = chain();
    for (let n = snapshot.head().number; n >= 1; n--) {
      const r = snapshot.blockRecord(n)?.receipts.find((x) => x.id === id);
      if (r) {
        const at = sources.places(String(r.error ?? ""));
        // the stored JSON receipt has the fields receiptDetails prints (amounts as decimal strings)
        const lines = receiptDetails(r as unknown as Receipt, at);
        out.print({ ...r, block: n, at }, `receipt ${id}, block ${n}`, ...lines.map((line) => `  ${line}`));
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
