// Transactions (docs/spec.md §2, 3): the file format, its strict reading (E_PARSE, E_SCHEMA, E_FILE), the
// EIP-712 message and digest (the transaction id), and signing.

import { bytesToHex, concatBytes, hexToBytes, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { parseAddress } from "../crypto/keys.ts";
import { signDigest } from "../crypto/signature.ts";
import { decodeUtf8Strict, type Json, JsonError, JsonNumber, parseStrictJson } from "./strict-json.ts";
import { type Invalid, invalid } from "./validity.ts";

/** A transaction file is at most 64 KiB (docs/spec.md §3). */
export const MAX_TX_FILE_BYTES = 64 * 1024;
const UINT256_LIMIT = 1n << 256n;

export interface Transaction {
  chainId: number;
  /** lowercase */
  from: string;
  nonce: number;
  gasLimit: number;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  data: string;
  signature: string;
}

/** EIP-712's domain fields: a chain is named "tinychain", version "1", with its chainId. */
const DOMAIN_FIELDS = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
];

/** EIP-712's types of the one struct a transaction signs (wallets are given them with the message). */
export const TRANSACTION_TYPES: Record<string, { name: string; type: string }[]> = {
  Transaction: [
    { name: "from", type: "address" },
    { name: "nonce", type: "uint64" },
    { name: "gasLimit", type: "uint64" },
    { name: "maxFeePerGas", type: "uint256" },
    { name: "maxPriorityFeePerGas", type: "uint256" },
    { name: "data", type: "string" },
  ],
};

const separators = new Map<number, Uint8Array>();

/** keccak256 of EIP-712's encodeType of the one struct each (neither refers to another struct). */
const typeHashOf = (name: string, fields: { name: string; type: string }[]) =>
  keccak256(utf8(`${name}(${fields.map((f) => `${f.type} ${f.name}`).join(",")})`));
const DOMAIN_TYPE_HASH = typeHashOf("EIP712Domain", DOMAIN_FIELDS);
const TX_TYPE_HASH = typeHashOf("Transaction", TRANSACTION_TYPES.Transaction!);

/**
 * The EIP-712 domain separator of a chain: name "tinychain", version "1", its chainId; hashStruct of
 * the domain written out like the digest below (the test checks both against the generic encoder).
 */
export function chainDomainSeparator(chainId: number): Uint8Array {
  let s = separators.get(chainId);
  if (!s) {
    const enc = new Uint8Array(32 * 4);
    enc.set(DOMAIN_TYPE_HASH, 0);
    enc.set(keccak256(utf8("tinychain")), 32);
    enc.set(keccak256(utf8("1")), 64);
    putUint256(enc, 96, BigInt(chainId));
    s = keccak256(enc);
    separators.set(chainId, s);
  }
  return s;
}

/** Writes `n` big-endian into 32 bytes at `offset`. */
function putUint256(out: Uint8Array, offset: number, n: bigint): void {
  for (let i = 31; i >= 0 && n > 0n; i--) {
    out[offset + i] = Number(n & 0xffn);
    n >>= 8n;
  }
}

const PREFIX = Uint8Array.of(0x19, 0x01);

/**
 * The EIP-712 digest, which is both what is signed and the transaction id. This is hashStruct written
 * out for the one fixed struct, because validation runs it for every file; a test checks it against
 * the generic encoder (test/crypto/eip712.ts) and against viem's hashTypedData.
 */
export function transactionDigest(tx: Omit<Transaction, "signature">): Uint8Array {
  const enc = new Uint8Array(32 * 7);
  enc.set(TX_TYPE_HASH, 0);
  enc.set(hexToBytes(tx.from.slice(2)), 32 + 12);
  putUint256(enc, 64, BigInt(tx.nonce));
  putUint256(enc, 96, BigInt(tx.gasLimit));
  putUint256(enc, 128, tx.maxFeePerGas);
  putUint256(enc, 160, tx.maxPriorityFeePerGas);
  enc.set(keccak256(utf8(tx.data)), 192);
  return keccak256(concatBytes(PREFIX, chainDomainSeparator(tx.chainId), keccak256(enc)));
}

export function transactionId(tx: Omit<Transaction, "signature">): string {
  return `0x${bytesToHex(transactionDigest(tx))}`;
}

export function signTransaction(tx: Omit<Transaction, "signature">, privateKey: Uint8Array): Transaction {
  return { ...tx, signature: signDigest(transactionDigest(tx), privateKey) };
}

/** The file name a transaction must have: `txs/<from>-<nonce>.json`. */
export function transactionFileName(tx: { from: string; nonce: number }): string {
  return `txs/${tx.from}-${tx.nonce}.json`;
}

/** The signed fields as JSON values (fees as decimal strings): a wallet's message, a file's body. */
function messageOf(tx: Omit<Transaction, "signature">) {
  return {
    from: tx.from,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    maxFeePerGas: tx.maxFeePerGas.toString(),
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas.toString(),
    data: tx.data,
  };
}

/** The bytes of a transaction file as the CLI writes them (any JSON with these fields is accepted). */
export function transactionFileBytes(tx: Transaction): Uint8Array {
  const doc = { chainId: tx.chainId, ...messageOf(tx), signature: tx.signature };
  return utf8(`${JSON.stringify(doc, null, 2)}\n`);
}

/** The EIP-712 document a wallet signs (eth_signTypedData_v4): docs/spec.md §2's domain and Transaction type. */
export function transactionTypedData(tx: Omit<Transaction, "signature">) {
  return {
    types: { EIP712Domain: DOMAIN_FIELDS, ...TRANSACTION_TYPES },
    primaryType: "Transaction",
    domain: { name: "tinychain", version: "1", chainId: tx.chainId },
    message: messageOf(tx),
  };
}

function describe(v: Json): string {
  if (v instanceof JsonNumber) return v.text;
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function safeInteger(v: Json, field: string): number | Invalid {
  if (!(v instanceof JsonNumber) || !/^(0|[1-9][0-9]*)$/.test(v.text))
    return invalid("E_SCHEMA", `${field} must be a JSON integer from 0 to 2^53−1, got ${describe(v)}`);
  if (v.text.length > 16 || Number(v.text) > Number.MAX_SAFE_INTEGER)
    return invalid("E_SCHEMA", `${field} must be at most 2^53−1, got ${v.text}`);
  return Number(v.text);
}

function uint256(v: Json, field: string): bigint | Invalid {
  if (typeof v !== "string" || !/^(0|[1-9][0-9]*)$/.test(v))
    return invalid(
      "E_SCHEMA",
      `${field} must be a decimal string of a uint256 (like "10"), got ${describe(v)}`,
    );
  if (v.length > 78 || BigInt(v) >= UINT256_LIMIT)
    return invalid("E_SCHEMA", `${field} must be below 2^256, got ${describe(v)}`);
  return BigInt(v);
}

/** A field that must be a JSON string, `what` saying which kind. */
const text =
  (what: string) =>
  (v: Json, field: string): string | Invalid =>
    typeof v === "string" ? v : invalid("E_SCHEMA", `${field} must be ${what}, got ${describe(v)}`);

/** How each field is read, in the order of the checks: its value, or why not. */
const FIELD_READERS: { [F in keyof Transaction]: (v: Json, field: string) => Transaction[F] | Invalid } = {
  chainId: safeInteger,
  from: (v) => {
    if (typeof v !== "string")
      return invalid("E_SCHEMA", `from must be an address string, got ${describe(v)}`);
    const from = parseAddress(v);
    return "error" in from ? invalid("E_SCHEMA", `from: ${from.error}`) : from.address;
  },
  nonce: safeInteger,
  gasLimit: safeInteger,
  maxFeePerGas: uint256,
  maxPriorityFeePerGas: uint256,
  data: text("a string of Lisp source"),
  signature: text("a hex string"),
};
const TX_FIELDS = Object.keys(FIELD_READERS) as (keyof Transaction)[];

/**
 * Reads a transaction file's bytes: E_PARSE (size, UTF-8, JSON, not an object) then E_SCHEMA (fields,
 * types, ranges). The signature's format is checked later, as E_SIGNATURE.
 */
export function parseTransaction(bytes: Uint8Array): Transaction | Invalid {
  if (bytes.length > MAX_TX_FILE_BYTES)
    return invalid(
      "E_PARSE",
      `the file is ${bytes.length} bytes, over the limit of ${MAX_TX_FILE_BYTES} (64 KiB)`,
    );
  let doc: Json;
  try {
    doc = parseStrictJson(decodeUtf8Strict(bytes));
  } catch (e) {
    if (e instanceof JsonError) return invalid("E_PARSE", `the file is not valid JSON: ${e.message}`);
    if (e instanceof TypeError) return invalid("E_PARSE", "the file is not valid UTF-8");
    throw e;
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || doc instanceof JsonNumber)
    return invalid("E_PARSE", "the file must hold a JSON object");
  for (const field of TX_FIELDS)
    if (!Object.hasOwn(doc, field)) return invalid("E_SCHEMA", `field ${field} is missing`);
  for (const key of Object.keys(doc))
    if (!(TX_FIELDS as string[]).includes(key))
      return invalid("E_SCHEMA", `field ${JSON.stringify(key.slice(0, 40))} is not allowed`);
  const tx: Record<string, unknown> = {};
  for (const field of TX_FIELDS) {
    const v = FIELD_READERS[field](doc[field]!, field);
    if (typeof v === "object") return v;
    tx[field] = v;
  }
  return tx as unknown as Transaction;
}

/** What the repository says about the file at a path (read by the store or the action, by git mode). */
export type FileKind = "file" | "symlink" | "submodule" | "other";

/** E_FILE for anything under txs/ that is not a regular file, named as what it is */
export function notRegularFile(path: string, kind: FileKind): Invalid | undefined {
  if (kind === "file") return undefined;
  const what = kind === "other" ? "a folder or special file" : `a ${kind}`;
  return invalid("E_FILE", `${path} is ${what}, not a regular file`);
}

/**
 * E_FILE (docs/spec.md §3): a regular file (notRegularFile has refused any other before it was parsed)
 * directly in txs/, named after its from and nonce.
 */
export function checkFile(tx: Transaction, path: string): Invalid | undefined {
  if (!/^txs\/[^/]+$/.test(path)) return invalid("E_FILE", `${path} is not directly in txs/`);
  const expected = transactionFileName(tx);
  if (path !== expected)
    return invalid("E_FILE", `${path} must be named ${expected} to match its from and nonce`);
  return undefined;
}
