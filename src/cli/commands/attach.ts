// `tinychain attach TYPED.json SIGNATURE`: the second half of signing with a wallet. `tx --from ADDR
// --typed-data` printed the EIP-712 document; the wallet signed it; this puts document and signature
// together as txs/<from>-<nonce>.json, after checking it exactly as the chain will.

import type { Transaction } from "../../chain/transaction.ts";
import { walletSignedFile } from "../../chain/transition.ts";
import { txSizeProblem } from "../../tools/check.ts";
import { CliError, type Command } from "../command.ts";
import { NEXT_PULL_REQUEST, readUserFile, writeTransactionFile } from "../files.ts";
import { tooLarge } from "./tx.ts";

const MAX_TYPED_DATA_BYTES = 128 * 1024;

/** The transaction fields of a typed-data document, or a sentence naming what is wrong. */
function transactionOf(doc: unknown, file: string): Omit<Transaction, "signature"> {
  const bad = (what: string) =>
    new CliError(
      "E_TYPED_DATA",
      `${file}: ${what}`,
      1,
      "make it with 'tinychain tx --from ADDR --typed-data'",
    );
  if (typeof doc !== "object" || doc === null) throw bad("not a JSON object");
  const d = doc as Record<string, unknown>;
  if (d.primaryType !== "Transaction")
    throw bad(`primaryType is ${JSON.stringify(d.primaryType)}, not "Transaction"`);
  const domain = d.domain as Record<string, unknown> | undefined;
  if (domain?.name !== "tinychain" || domain.version !== "1")
    throw bad('its domain is not {"name": "tinychain", "version": "1", …}');
  const m = d.message as Record<string, unknown> | undefined;
  if (typeof m !== "object" || m === null) throw bad("it has no message");
  const int = (k: string, v: unknown) => {
    const n = typeof v === "string" && /^[0-9]{1,16}$/.test(v) ? Number(v) : v;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) throw bad(`${k} is not a whole number`);
    return n;
  };
  const amount = (k: string, v: unknown) => {
    const s = typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : v;
    if (typeof s !== "string" || !/^[0-9]{1,78}$/.test(s)) throw bad(`message.${k} is not a decimal amount`);
    return BigInt(s);
  };
  if (typeof m.from !== "string" || typeof m.data !== "string")
    throw bad("message.from and message.data must be strings");
  return {
    chainId: int("domain.chainId", domain.chainId),
    from: m.from.toLowerCase(),
    nonce: int("message.nonce", m.nonce),
    gasLimit: int("message.gasLimit", m.gasLimit),
    maxFeePerGas: amount("maxFeePerGas", m.maxFeePerGas),
    maxPriorityFeePerGas: amount("maxPriorityFeePerGas", m.maxPriorityFeePerGas),
    data: m.data,
  };
}

export const attachCommand: Command = {
  summary: "write a transaction file from typed data and a wallet's signature",
  usage: "tinychain attach TYPED.json SIGNATURE [--force]",
  details: [
    "TYPED.json is what 'tinychain tx --from ADDR --typed-data' printed (also send, deploy, call);",
    "SIGNATURE is the wallet's eth_signTypedData_v4 answer over it (0x followed by 130 hex digits).",
    "The file is checked as the chain checks it (chain id, signature, signer) before it is written.",
  ].join("\n"),
  run({ values, positionals, out, chain }) {
    const [file, signature] = positionals as [string, string];
    // a regular UTF-8 file of at most MAX_TYPED_DATA_BYTES, never read whole first
    const text = readUserFile(file, MAX_TYPED_DATA_BYTES);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new CliError("E_TYPED_DATA", `${file} is not JSON`, 1);
    }
    const fields = transactionOf(doc, file);
    const snapshot = chain();
    // the chain's own stateless checks: schema, name, chain id, signature and signer
    const { path, bytes: content, checked } = walletSignedFile(fields, signature, snapshot.genesis().chainId);
    tooLarge(path, txSizeProblem(fields.data, content.length));
    if ("error" in checked)
      throw new CliError(
        checked.error.code,
        checked.error.message,
        1,
        checked.error.code === "E_SIGNATURE"
          ? "sign exactly this typed data with the account in message.from"
          : undefined,
      );
    writeTransactionFile(snapshot, path, content, fields.nonce, values.force);
    out.document({ file: path, id: checked.id, from: fields.from, nonce: fields.nonce });
    out.say(`wrote ${path}`);
    out.say(`  id ${checked.id}, signed by ${fields.from}`);
    out.say(NEXT_PULL_REQUEST);
    return 0;
  },
};
