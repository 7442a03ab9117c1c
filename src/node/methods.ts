// The node's JSON-RPC methods (docs/rpc.md): reads of the verified head, a view call, a simulated
// transaction file, and the node's own status. Every parameter is checked and a wrong one is named.

import { viewCall } from "../chain/query.ts";
import { parseTransaction, transactionFileName } from "../chain/transaction.ts";
import type { Receipt } from "../chain/transition.ts";
import { parseAddress } from "../crypto/keys.ts";
import { readValue } from "../lang/data.ts";
import { DataError } from "../lang/errors.ts";
import type { Value } from "../lang/values.ts";
import { receiptJson } from "../report/receipts.ts";
import { simulate } from "../store/simulate.ts";
import type { Follower } from "./follower.ts";
import { INVALID_PARAMS, INVALID_TRANSACTION, type Method, NOT_FOUND, RpcError } from "./rpc.ts";

const badParam = (name: string, value: unknown, want: string) =>
  new RpcError(INVALID_PARAMS, `${name} must be ${want}, got ${JSON.stringify(value)?.slice(0, 80)}`, {
    code: "E_PARAMS",
  });

function address(name: string, v: unknown): string {
  if (typeof v !== "string") throw badParam(name, v, "an address (0x followed by 40 hex digits)");
  const a = parseAddress(v);
  if ("error" in a) throw new RpcError(INVALID_PARAMS, `${name}: ${a.error}`, { code: "E_PARAMS" });
  return a.address;
}

function hash(name: string, v: unknown): string {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(v))
    throw badParam(name, v, "a hash (0x followed by 64 hex digits)");
  return v.toLowerCase();
}

function wholeNumber(name: string, v: unknown): number {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === "string" && /^(0|[1-9][0-9]{0,15})$/.test(v) && Number.isSafeInteger(Number(v)))
    return Number(v);
  throw badParam(name, v, "a whole number");
}

function literal(name: string, v: unknown): Value {
  if (typeof v !== "string") throw badParam(name, v, 'a Lisp literal as a string (42, "\\"text\\"", 0x…)');
  try {
    return readValue(v);
  } catch (e) {
    if (e instanceof DataError)
      throw new RpcError(INVALID_PARAMS, `${name} is not a Lisp literal: ${e.message}`, { code: "E_DATA" });
    throw e;
  }
}

const notFound = (message: string) => new RpcError(NOT_FOUND, message, { code: "E_NOT_FOUND" });

export function nodeMethods(node: Follower, info: { remote: string }): Record<string, Method> {
  const blockAt = (n: number) => {
    const record = node.blockRecord(n);
    if (!record) throw notFound(`block ${n} does not exist; the node's head is block ${node.head().number}`);
    return record;
  };
  const status = () => ({
    head: { number: node.head().number, hash: node.head().hash, stateRoot: node.head().stateRoot },
    commit: node.commit,
    remote: info.remote,
    branch: node.branch,
    chainId: node.genesis().chainId,
    refused: node.refused,
    lastFetch: node.lastFetch,
  });

  return {
    tinychain_status: { params: [], run: status },

    tinychain_sync: {
      params: [],
      async run() {
        await node.sync();
        return status();
      },
    },

    tinychain_head: { params: [], run: () => blockAt(node.head().number).header },

    tinychain_getBlockByNumber: {
      params: ["number"],
      run([n]) {
        return blockAt(n === "latest" ? node.head().number : wholeNumber("number", n));
      },
    },

    tinychain_getBlockByHash: {
      params: ["hash"],
      run([h]) {
        const n = node.blockNumberOfHash(hash("hash", h));
        if (n === undefined) throw notFound(`no verified block has hash ${h}`);
        return blockAt(n);
      },
    },

    tinychain_getReceipt: {
      params: ["id"],
      run([raw]) {
        const id = hash("id", raw);
        const n = node.blockNumberOfTx(id);
        const receipt = n === undefined ? undefined : blockAt(n).receipts.find((r) => r.id === id);
        if (n === undefined || !receipt)
          throw notFound(`no verified block holds transaction ${id}; a pending one has no receipt yet`);
        return { ...receipt, block: n };
      },
    },

    tinychain_getTransaction: {
      params: ["id"],
      run([raw]) {
        const id = hash("id", raw);
        const n = node.blockNumberOfTx(id);
        const record = n === undefined ? undefined : blockAt(n);
        const index = record ? record.transactions.findIndex((t) => t.id === id) : -1;
        if (n === undefined || !record || index < 0)
          throw notFound(
            `no verified block holds transaction ${id}; a pending one is a file in a pull request`,
          );
        const t = record.transactions[index]!;
        return { id, file: t.file, content: t.content, block: n, index };
      },
    },

    tinychain_getAccount: {
      params: ["address"],
      run([raw]) {
        const a = address("address", raw);
        const f = node.accountFile(a);
        return {
          address: a,
          nonce: f?.nonce ?? 0,
          balance: f?.balance ?? "0",
          code: f?.code ?? null,
          storageRoot: f?.storageRoot ?? null,
          storage: Object.fromEntries(node.storageEntries(a)),
        };
      },
    },

    tinychain_getBalance: {
      params: ["address"],
      run([raw]) {
        const a = address("address", raw);
        return { address: a, balance: (node.account(a)?.balance ?? 0n).toString() };
      },
    },

    tinychain_view: {
      params: ["address", "function", "args", "gas"],
      required: 2,
      run([rawAddress, fn, args, gas]) {
        const target = address("address", rawAddress);
        if (typeof fn !== "string" || fn.length === 0 || fn.length > 256)
          throw badParam("function", fn, "a function name");
        if (args !== undefined && (!Array.isArray(args) || args.length > 64))
          throw badParam("args", args, "an array of at most 64 Lisp literals");
        const values = (args ?? []).map((a: unknown, i: number) => literal(`args[${i}]`, a));
        const r = viewCall(node, target, fn, values, gas === undefined ? undefined : wholeNumber("gas", gas));
        return { status: r.status, value: r.printed, gasUsed: r.gasUsed, error: r.error };
      },
    },

    tinychain_simulate: {
      params: ["content", "file"],
      required: 1,
      run([content, file]) {
        // a file over 64 KiB is the chain's own E_PARSE, answered below like any invalid file
        if (typeof content !== "string")
          throw badParam("content", content, "the text of a signed transaction file");
        if (file !== undefined && (typeof file !== "string" || file.length > 256))
          throw badParam("file", file, "a path like txs/<from>-<nonce>.json");
        const bytes = new TextEncoder().encode(content);
        // the file's name is checked only when given; by default it is the name the transaction needs
        const tx = parseTransaction(bytes);
        const path =
          (file as string | undefined) ?? ("code" in tx ? "txs/(content).json" : transactionFileName(tx));
        const sim = simulate(node, [{ path, bytes, kind: "file" }]);
        const invalid = sim.invalid[0];
        if (invalid)
          throw new RpcError(INVALID_TRANSACTION, `${invalid.error.code}: ${invalid.error.message}`, {
            code: invalid.error.code,
            file: invalid.file,
            id: invalid.id,
          });
        const r = sim.receipts[0] as Receipt & { block: number };
        return { ...receiptJson(r), block: r.block };
      },
    },
  };
}
