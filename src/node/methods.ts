// The node's JSON-RPC methods (docs/rpc.md): reads of the verified head, a view call, a simulated
// transaction file, and the node's own status. Every parameter is checked and a wrong one is named,
// here; views and simulations then run on the worker pool (work-pool.ts).

import { WAITING_PATH, WaitingFileError, waitingOf } from "../client/waiting.ts";
import { parseAddress } from "../crypto/keys.ts";
import { readValue } from "../lang/data.ts";
import { DataError } from "../lang/errors.ts";
import { readTexts } from "../sequencer/git.ts";
import type { Snapshot } from "../store/snapshot.ts";
import type { Follower } from "./follower.ts";
import { cursorOf, type LogRow, logList, MAX_LOGS, parseCursor, type ServedIndex } from "./log-index.ts";
import { redactUrls } from "./remote.ts";
import {
  byName,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  LIMIT_EXCEEDED,
  METHOD_NOT_FOUND,
  type Method,
  NOT_FOUND,
  paramsError,
  type RequestContext,
  RpcError,
} from "./rpc.ts";
import type { HeavyJob, WorkPool } from "./work-pool.ts";

/**
 * The gas one HTTP request's views and simulations may use, in blocks' worth: a batch of heavy calls
 * holds a worker for seconds, not minutes. The call that crosses it finishes; the ones after it are
 * answered E_BUDGET.
 */
export const REQUEST_GAS_BLOCKS = 4;

export const badParam = (name: string, value: unknown, want: string) =>
  paramsError(`${name} must be ${want}, got ${JSON.stringify(value)?.slice(0, 80)}`);

export function address(name: string, v: unknown): string {
  if (typeof v !== "string") throw badParam(name, v, "an address (0x followed by 40 hex digits)");
  const a = parseAddress(v);
  if ("error" in a) throw paramsError(`${name}: ${a.error}`);
  return a.address;
}

function hash(name: string, v: unknown): string {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(v))
    throw badParam(name, v, "a hash (0x followed by 64 hex digits)");
  return v.toLowerCase();
}

function wholeNumber(name: string, v: unknown): number {
  // a decimal string too, without leading zeros
  const n = typeof v === "string" && /^(0|[1-9][0-9]{0,15})$/.test(v) ? Number(v) : v;
  if (typeof n === "number" && Number.isSafeInteger(n) && n >= 0) return n;
  throw badParam(name, v, "a whole number");
}

/** A Lisp literal as text, read once here to name a wrong one (the worker reads it again). */
function literal(name: string, v: unknown): string {
  if (typeof v !== "string") throw badParam(name, v, 'a Lisp literal as a string (42, "\\"text\\"", 0x…)');
  try {
    readValue(v);
    return v;
  } catch (e) {
    if (e instanceof DataError)
      throw new RpcError(INVALID_PARAMS, `${name} is not a Lisp literal: ${e.message}`, { code: "E_DATA" });
    throw e;
  }
}

/** An account as tinychain_getAccount and `tinychain account` give it: its file's fields and its storage. */
export function accountJson(source: Pick<Snapshot, "accountFile" | "storageEntries">, address: string) {
  const f = source.accountFile(address);
  return {
    address,
    nonce: f?.nonce ?? 0,
    balance: f?.balance ?? "0",
    code: f?.code ?? null,
    storageRoot: f?.storageRoot ?? null,
    storage: Object.fromEntries(source.storageEntries(address)),
  };
}

/** A block's number, or "latest": the head's. */
const blockNumber = (node: Follower, name: string, v: unknown) =>
  v === "latest" ? node.head().number : wholeNumber(name, v);

const notFound = (message: string) => new RpcError(NOT_FOUND, message, { code: "E_NOT_FOUND" });

/** An event name as a filter: what `(emit 'Name …)` can emit. */
export function eventName(name: string, v: unknown): string {
  if (typeof v !== "string" || v.length === 0 || v.length > 256) throw badParam(name, v, "an event name");
  return v;
}

/** Where an entry is, as the node answers it: its block and transaction. */
const placeOf = (index: ServedIndex, block: number, tx: number, id: string) => ({
  block,
  blockHash: index.hashes[block]!,
  transaction: id,
  transactionIndex: tx,
});

/** A log as the node answers it (docs/rpc.md, docs/schema/rpc.json). */
export const logJson = (index: ServedIndex, [block, tx, logIndex, id, address, event, args]: LogRow) => ({
  ...placeOf(index, block, tx, id),
  logIndex,
  address,
  event,
  args,
});

const RANGE = ["fromBlock", "toBlock", "limit", "cursor", "order"];
const FILTER = ["address", "event", ...RANGE];

/**
 * A filter by name or position, or as one object (eth_getLogs's form), and its range: its blocks (up to
 * the head), its limit, its cursor, its order. The rest of the filter is the caller's.
 */
function filterOf(node: Follower, names: string[], params: unknown[], cursorParts: 2 | 3) {
  const one = params[0];
  if (params.length === 1 && typeof one === "object" && one !== null && !Array.isArray(one))
    params = byName(one as Record<string, unknown>, names, "filter field");
  const [from, to, lim, cur, order] = params.slice(names.length - RANGE.length);
  const head = node.head().number;
  const fromBlock = from === undefined ? 0 : blockNumber(node, "fromBlock", from);
  const wanted = to === undefined ? head : blockNumber(node, "toBlock", to);
  if (fromBlock > wanted) throw paramsError(`fromBlock ${fromBlock} is after toBlock ${wanted}`);
  const limit = lim === undefined ? MAX_LOGS : wholeNumber("limit", lim);
  if (limit < 1 || limit > MAX_LOGS)
    throw badParam("limit", lim, `from 1 to ${MAX_LOGS} (the most one call answers; page on with cursor)`);
  const start = typeof cur === "string" ? parseCursor(cur, cursorParts) : undefined;
  if (cur !== undefined && cur !== null && !start)
    throw badParam(
      "cursor",
      cur,
      `a cursor from a previous answer (${cursorParts === 3 ? "BLOCK-TX-LOG" : "BLOCK-TX"})`,
    );
  if (order !== undefined && order !== "asc" && order !== "desc")
    throw badParam("order", order, '"asc" or "desc"');
  const range = { fromBlock, toBlock: Math.min(wanted, head), limit, start, descending: order === "desc" };
  return { params, range, answer: { fromBlock, toBlock: range.toBlock } };
}

/** tinychain_getLogs: the logs of an address, an event, or both, in a range of blocks. */
function getLogs(node: Follower, raw: unknown[]) {
  const { params, range, answer } = filterOf(node, FILTER, raw, 3);
  const [a, ev] = params;
  const list = logList(
    a === undefined ? undefined : address("address", a),
    ev === undefined ? undefined : eventName("event", ev),
  );
  const { found, next } = node.index.logs.find(list, range);
  return { logs: found.map((e) => logJson(node.index, e)), cursor: next ? cursorOf(next) : null, ...answer };
}

const TX_FILTER = ["account", ...RANGE];

/** tinychain_getTransactions: the transactions an account sent or whose state they changed. */
function getTransactions(node: Follower, raw: unknown[]) {
  const { params, range, answer } = filterOf(node, TX_FILTER, raw, 2);
  const { found, next } = node.index.txs.find(address("account", params[0]), range);
  const transactions = found.map(([block, tx, id, from, nonce, status]) => ({
    ...placeOf(node.index, block, tx, id),
    from,
    nonce,
    status,
  }));
  return { transactions, cursor: next ? cursorOf(next) : null, ...answer };
}

/**
 * tinychain_waiting: state/waiting.json of the commit the node serves, as apply wrote it from GitHub
 * (client/waiting.ts); the empty line when that commit has none. One blob read (fetched on demand in a
 * blob-less clone); a file that is not a waiting line is named, never served half-read.
 */
function waiting(node: Follower) {
  const [text] = readTexts(node.dir, [`${node.commit}:${WAITING_PATH}`]);
  try {
    return waitingOf(text);
  } catch (e) {
    if (e instanceof WaitingFileError)
      throw new RpcError(INTERNAL_ERROR, `commit ${node.commit.slice(0, 12)}: ${e.message}`, {
        code: e.code,
      });
    throw e;
  }
}

/** What `tinychain node` answers to the methods only `tinychain dev` serves. */
const devOnly = (method: string, [params, instead]: [string[], string]): Method => ({
  params,
  required: 0,
  run() {
    throw new RpcError(METHOD_NOT_FOUND, `${method} is served by \`tinychain dev\` only: ${instead}`, {
      code: "E_NOT_DEV",
    });
  },
});

const BY_MERGES = "this node follows a chain whose blocks are made by merges, not on request";

/** The methods only `tinychain dev` serves: their parameters, and what to do instead on another chain. */
const DEV_METHODS: Record<string, [string[], string]> = {
  tinychain_sendTransaction: [
    ["file"],
    "on this chain a transaction is a pull request that adds the file under txs/ (tinychain_simulate previews its receipt)",
  ],
  dev_mine: [["blocks", "interval"], BY_MERGES],
  dev_mineTo: [["number", "interval"], BY_MERGES],
};

export function nodeMethods(node: Follower, pool: WorkPool): Record<string, Method> {
  const heavy = async (context: RequestContext, job: HeavyJob) => {
    const budget = REQUEST_GAS_BLOCKS * node.genesis().blockGasLimit;
    if (context.gasUsed >= budget)
      throw new RpcError(
        LIMIT_EXCEEDED,
        `this request's views and simulations have used ${context.gasUsed} gas, over its budget of ${budget} (${REQUEST_GAS_BLOCKS} blocks' worth): send the rest in another request`,
        { code: "E_BUDGET" },
      );
    const { result, gas } = await pool.run(context.client, job);
    context.gasUsed += gas;
    return result;
  };
  const blockAt = (n: number) => {
    const record = node.blockRecord(n);
    if (!record) throw notFound(`block ${n} does not exist; the node's head is block ${node.head().number}`);
    return record;
  };
  /** The served block that holds transaction `raw`, and its position there (its receipt's too). */
  const holding = (raw: unknown, pending: string) => {
    const id = hash("id", raw);
    const n = node.index.byTx.get(id);
    const index = n === undefined ? -1 : blockAt(n).transactions.findIndex((t) => t.id === id);
    if (n === undefined || index < 0) throw notFound(`no verified block holds transaction ${id}; ${pending}`);
    return { id, n, index };
  };
  const status = () => ({
    head: { number: node.head().number, hash: node.head().hash, stateRoot: node.head().stateRoot },
    commit: node.commit,
    remote: redactUrls(node.remote), // a token in the URL is not for every page that asks
    branch: node.branch,
    chainId: node.genesis().chainId,
    refused: node.refused,
    lastFetch: node.lastFetch, // its message is redacted by the follower
  });

  return {
    tinychain_status: { params: [], run: status },

    tinychain_sync: { params: [], run: () => node.sync().then(status) },

    tinychain_head: { params: [], run: () => blockAt(node.head().number).header },

    tinychain_getBlockByNumber: {
      params: ["number"],
      run: ([n]) => blockAt(blockNumber(node, "number", n)),
    },

    tinychain_getBlockByHash: {
      params: ["hash"],
      run([h]) {
        const n = node.index.byHash.get(hash("hash", h));
        if (n === undefined) throw notFound(`no verified block has hash ${h}`);
        return blockAt(n);
      },
    },

    tinychain_getReceipt: {
      params: ["id"],
      run([raw]) {
        const { n, index } = holding(raw, "a pending one has no receipt yet");
        return { ...blockAt(n).receipts[index]!, block: n };
      },
    },

    tinychain_getTransaction: {
      params: ["id"],
      run([raw]) {
        const { id, n, index } = holding(raw, "a pending one is a file in a pull request");
        const t = blockAt(n).transactions[index]!;
        return { id, file: t.file, content: t.content, block: n, index };
      },
    },

    tinychain_getAccount: {
      params: ["address"],
      run: ([raw]) => accountJson(node, address("address", raw)),
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
      run([rawAddress, fn, args, gas], context) {
        const target = address("address", rawAddress);
        if (typeof fn !== "string" || fn.length === 0 || fn.length > 256)
          throw badParam("function", fn, "a function name");
        if (args !== undefined && (!Array.isArray(args) || args.length > 64))
          throw badParam("args", args, "an array of at most 64 Lisp literals");
        const texts = (args ?? []).map((a: unknown, i: number) => literal(`args[${i}]`, a));
        const limit = gas === undefined ? undefined : wholeNumber("gas", gas);
        return heavy(context, { kind: "view", target, fn, args: texts, gas: limit });
      },
    },

    tinychain_waiting: { params: [], run: () => waiting(node) },

    tinychain_getLogs: { params: FILTER, required: 0, run: (params) => getLogs(node, params) },

    tinychain_getTransactions: { params: TX_FILTER, required: 1, run: (p) => getTransactions(node, p) },

    ...Object.fromEntries(Object.entries(DEV_METHODS).map(([m, instead]) => [m, devOnly(m, instead)])),

    tinychain_simulate: {
      params: ["content", "file"],
      required: 1,
      run([content, file], context) {
        // a file over 64 KiB is the chain's own E_PARSE, answered like any invalid file (runHeavy)
        if (typeof content !== "string")
          throw badParam("content", content, "the text of a signed transaction file");
        if (file !== undefined && (typeof file !== "string" || file.length > 256))
          throw badParam("file", file, "a path like txs/<from>-<nonce>.json");
        return heavy(context, { kind: "simulate", content, file: file as string | undefined });
      },
    },
  };
}
