// `verify` (SPEC 6): replay every block from genesis and check every transaction, receipt, root, hash
// and parent link; the snapshot is a cache of the replay, so it is compared too. The first difference
// is reported with its block and field. Rebuilds the state tree's cache on the way.

import { headerFromJson, headerHash, receiptRecord, receiptRootOfEncodings, txRoot } from "../chain/block.ts";
import { canonicalEncoding } from "../chain/canonical-json.ts";
import { nextBaseFee } from "../chain/fees.ts";
import { genesisState } from "../chain/genesis-state.ts";
import { hex, StateTree, ZERO_HEX } from "../chain/merkle.ts";
import { applyTransaction, parseFile, prepareParsed } from "../chain/transition.ts";
import { utf8 } from "../crypto/hex.ts";
import { recoverMany } from "../crypto/recover-pool.ts";
import { readTextIfExists } from "./files.ts";
import { type Overlay, stageState } from "./ledger.ts";
import { accountFileText, accountPath, type Snapshot, StoreError } from "./snapshot.ts";
import { saveTree } from "./tree.ts";

export type VerifyResult =
  | { ok: true; blocks: number; transactions: number }
  | { ok: false; block: number; reason: string };

class Mismatch extends Error {
  constructor(
    readonly block: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** The first field where two JSON-like records differ, for messages like "receipt status differs". */
function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string {
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
    if (canonicalEncoding(a[k] ?? null) !== canonicalEncoding(b[k] ?? null)) return k;
  return "(none)";
}

export function verifyChain(snapshot: Snapshot, onBlock?: (n: number, of: number) => void): VerifyResult {
  let current = 0;
  try {
    return replay(snapshot, (n, of) => {
      current = n;
      onBlock?.(n, of);
    });
  } catch (e) {
    if (e instanceof Mismatch) return { ok: false, block: e.block, reason: e.message };
    // a damaged file found on the way is a difference too, at the block being checked
    if (e instanceof StoreError) return { ok: false, block: current, reason: e.message };
    throw e;
  }
}

function replay(snapshot: Snapshot, onBlock?: (n: number, of: number) => void): VerifyResult {
  const genesis = snapshot.genesis();
  const head = snapshot.head();
  const tree = new StateTree();
  const overlay: Overlay = new Map();
  const state = genesisState(genesis);
  stageState(() => undefined, state, tree, overlay, new Map(), false);

  const record0 = snapshot.blockRecord(0);
  if (!record0) throw new Mismatch(0, "state/blocks/00000000.json (block 0) is missing");
  let prev = headerFromJson(record0.header);
  if (prev.stateRoot !== hex(tree.root()))
    throw new Mismatch(0, `stateRoot ${prev.stateRoot} is not the genesis state's root ${hex(tree.root())}`);
  if (prev.hash !== headerHash(prev)) throw new Mismatch(0, "hash does not match the header's fields");
  if (prev.parentHash !== ZERO_HEX || prev.number !== 0)
    throw new Mismatch(0, "block 0 must have number 0 and a zero parentHash");

  let transactions = 0;
  for (let n = 1; n <= head.number; n++) {
    onBlock?.(n, head.number);
    const record = snapshot.blockRecord(n);
    if (!record) throw new Mismatch(n, `state/blocks/${String(n).padStart(8, "0")}.json is missing`);
    const h = headerFromJson(record.header);
    if (h.number !== n) throw new Mismatch(n, `the file of block ${n} holds block number ${h.number}`);
    if (h.hash !== headerHash(h)) throw new Mismatch(n, "hash does not match the header's fields");
    if (h.parentHash !== prev.hash)
      throw new Mismatch(n, `parentHash ${h.parentHash} is not block ${n - 1}'s hash ${prev.hash}`);
    if (h.timestamp < prev.timestamp)
      throw new Mismatch(n, `timestamp ${h.timestamp} is earlier than its parent's ${prev.timestamp}`);
    const baseFee =
      prev.number === 0
        ? prev.baseFee
        : nextBaseFee(prev.baseFee, prev.gasUsed, prev.gasLimit, genesis.minBaseFee);
    if (h.baseFee !== baseFee)
      throw new Mismatch(n, `baseFee ${h.baseFee} should be ${baseFee} (EIP-1559 from its parent)`);
    if (h.gasLimit !== genesis.blockGasLimit)
      throw new Mismatch(n, `gasLimit ${h.gasLimit} is not the chain's ${genesis.blockGasLimit}`);
    if (h.coinbase !== genesis.coinbase)
      throw new Mismatch(n, `coinbase ${h.coinbase} is not the chain's ${genesis.coinbase}`);
    const ctx = {
      number: BigInt(n),
      timestamp: BigInt(h.timestamp),
      baseFee,
      gasLimit: h.gasLimit,
      coinbase: h.coinbase,
      chainId: genesis.chainId,
    };

    if (record.receipts.length !== record.transactions.length)
      throw new Mismatch(
        n,
        `${record.transactions.length} transactions but ${record.receipts.length} receipts`,
      );
    let gasUsed = 0;
    const records: string[] = [];
    const parsed = record.transactions.map((t) => {
      const p = parseFile(t.file, utf8(t.content), "file");
      if ("error" in p)
        throw new Mismatch(n, `transaction ${t.file} is invalid: ${p.error.code} ${p.error.message}`);
      return p;
    });
    const signers = recoverMany(
      parsed.map((p) => p.digest),
      parsed.map((p) => p.tx.signature),
    );
    record.transactions.forEach((t, i) => {
      const p = prepareParsed(parsed[i]!, genesis.chainId, signers[i]);
      if ("error" in p)
        throw new Mismatch(n, `transaction ${t.file} is invalid: ${p.error.code} ${p.error.message}`);
      if (p.id !== t.id)
        throw new Mismatch(n, `transaction ${t.file} has id ${p.id}, the block records ${t.id}`);
      const r = applyTransaction(state, p, ctx);
      if (!("status" in r))
        throw new Mismatch(
          n,
          `transaction ${t.file} is invalid at its place in the block: ${r.code} ${r.message}`,
        );
      const rec = receiptRecord(r);
      const recorded = record.receipts[i] as Record<string, unknown>;
      // records are built in canonical key order, and block files are canonical JSON: a plain
      // stringify compares them; only a mismatch pays for the full canonical comparison
      const encoded = JSON.stringify(rec);
      if (encoded !== JSON.stringify(recorded) && encoded !== canonicalEncoding(recorded))
        throw new Mismatch(
          n,
          `the receipt of ${t.file} differs from the replay in field ${firstDifference(rec, recorded)}`,
        );
      records.push(encoded);
      gasUsed += r.gasUsed;
      transactions++;
    });
    if (gasUsed !== h.gasUsed) throw new Mismatch(n, `gasUsed ${h.gasUsed} should be ${gasUsed}`);
    const tr = txRoot(record.transactions.map((t) => t.id));
    if (tr !== h.txRoot) throw new Mismatch(n, `txRoot ${h.txRoot} should be ${tr}`);
    const rr = receiptRootOfEncodings(records);
    if (rr !== h.receiptRoot) throw new Mismatch(n, `receiptRoot ${h.receiptRoot} should be ${rr}`);
    stageState(() => undefined, state, tree, overlay, new Map(), false);
    const sr = hex(tree.root());
    if (sr !== h.stateRoot) throw new Mismatch(n, `stateRoot ${h.stateRoot} should be ${sr}`);
    prev = h;
  }

  if (prev.hash !== head.hash)
    throw new Mismatch(
      head.number,
      `state/head.json (hash ${head.hash}) is not the last block (${prev.hash})`,
    );
  // the snapshot must be exactly the replayed state
  const onDisk = new Set(snapshot.allAddresses());
  for (const [address, f] of [...overlay].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const file = snapshot.accountFile(address);
    if (f === null) {
      if (file)
        throw new Mismatch(head.number, `${accountPath(address)} exists, but the replay has no such account`);
      continue;
    }
    if (!file) throw new Mismatch(head.number, `${accountPath(address)} is missing`);
    const want = accountFileText(f);
    if (readTextIfExists(snapshot.path(accountPath(address))) !== want)
      throw new Mismatch(
        head.number,
        `${accountPath(address)} differs from the replay in field ${firstDifference(file as unknown as Record<string, unknown>, f as unknown as Record<string, unknown>)}`,
      );
    onDisk.delete(address);
  }
  for (const address of onDisk)
    throw new Mismatch(head.number, `${accountPath(address)} is not part of the replayed state`);
  saveTree(snapshot, tree);
  return { ok: true, blocks: head.number, transactions };
}
