// `tinychain prove ADDR [KEY]` and `tinychain check-proof FILE`: Merkle inclusion proofs of an
// account, or of a storage entry through its contract's storageRoot, against a block's stateRoot
// (docs/state.md).

import { writeFileSync } from "node:fs";
import {
  accountLeafKey,
  accountLeafValue,
  hex,
  type SlotProof,
  type StateProof,
  slotProofRoot,
  stateProofRoot,
  ZERO_HEX,
} from "../../chain/merkle.ts";
import { Snapshot } from "../../store/snapshot.ts";
import { loadStorageTree, loadTree } from "../../store/tree.ts";
import { CliError, type Command } from "../command.ts";
import { readUserFile } from "../files.ts";
import { toJson } from "../output.ts";

export const proveCommand: Command = {
  summary: "a Merkle proof that an account (or one storage entry) is in the head's state",
  usage: "tinychain prove ADDR [KEY] [--out FILE]",
  details:
    "KEY is a storage key as the account shows it: a variable name like n, or a map entry like (balances 0x…).",
  run({ values, positionals, out, chain }) {
    const [address, k] = positionals as [string, string?];
    const snapshot = chain();
    const head = snapshot.head();
    const f = snapshot.accountFile(address);
    const edited = (message: string, hint?: string) => new CliError("E_STATE_EDITED", message, 1, hint);
    if (!f)
      throw new CliError("E_NOT_FOUND", `${address} has no account in the state of block ${head.number}`, 1);
    const tree = loadTree(snapshot, head.stateRoot);
    if (hex(tree.root()) !== head.stateRoot)
      throw edited("state/ does not match its head's stateRoot", "run 'tinychain verify'");
    const accountProof = tree.proof(accountLeafKey(address), accountLeafValue(f));
    if (!accountProof) throw edited(`${address}'s file was edited by hand`);
    let proof: StateProof | SlotProof = accountProof;
    let key = accountProof.key;
    if (k !== undefined) {
      const v = snapshot.storage(address, k);
      const keys = snapshot.storageEntries(address).map(([key]) => key);
      if (v === undefined)
        throw new CliError(
          "E_NOT_FOUND",
          `${address} has no storage entry ${JSON.stringify(k)}`,
          1,
          `its keys: ${keys.slice(0, 5).join(", ") || "none"}`,
        );
      const storage = loadStorageTree(snapshot, address, f.storageRoot ?? ZERO_HEX).proof(k, v);
      if (!storage) throw edited(`${address}'s storage does not match its storageRoot`);
      proof = { account: accountProof, storage };
      key = `${address} ${k}`;
    }
    const doc = {
      chainId: snapshot.genesis().chainId,
      block: head.number,
      blockHash: head.hash,
      stateRoot: head.stateRoot,
      proof,
    };
    // the proof is the document: printed whole, unless --out saved it and no --json asks for it
    if (typeof values.out === "string") writeFileSync(values.out, toJson(doc));
    if (typeof values.out === "string" && !out.json)
      process.stdout.write(`wrote the proof of ${key} in block ${head.number} to ${values.out}\n`);
    else process.stdout.write(`${toJson(doc)}\n`);
    return 0;
  },
};

export const checkProofCommand: Command = {
  summary: "check a proof file offline, and against this chain's block when there is one",
  usage: "tinychain check-proof FILE",
  run({ positionals, out, dir, chain }) {
    const file = positionals[0]!;
    let doc: { block: number; stateRoot: string; proof: StateProof | SlotProof };
    const isProof = (p: StateProof | undefined) => typeof p?.key === "string" && Array.isArray(p.siblings);
    const notProof = (what: string) => new CliError("E_PROOF", `${file} is not ${what}`, 1);
    const text = readUserFile(file); // a regular UTF-8 file of at most 1 MiB
    try {
      doc = JSON.parse(text);
      const p = doc.proof;
      if (!("account" in p ? isProof(p.account) && isProof(p.storage) : isProof(p)))
        throw new Error("no proof");
    } catch {
      throw notProof("a tinychain proof file");
    }
    const { block, stateRoot, proof: p } = doc;
    const [key, value] =
      "account" in p
        ? [`${p.account.key.slice("account:".length)} ${p.storage.key}`, p.storage.value]
        : [p.key, p.value];
    let root: string | { error: string };
    try {
      root = "account" in p ? slotProofRoot(p) : stateProofRoot(p);
    } catch {
      throw notProof("a well-formed proof: its hashes must be 0x followed by 64 hex digits");
    }
    let reason: string | null =
      typeof root !== "string"
        ? root.error
        : root === stateRoot
          ? null
          : `the proof leads to root ${root}, not to the file's stateRoot ${stateRoot}`;
    // inside a chain, the root must also be the one its block recorded
    if (reason === null && new Snapshot(dir).exists()) {
      const recorded = chain().blockRecord(block)?.header.stateRoot;
      if (recorded !== stateRoot)
        reason = `block ${block} of this chain has stateRoot ${recorded ?? "(no such block)"}, not ${stateRoot}`;
    }
    out.print(
      { ok: reason === null, key, value, block, stateRoot, reason },
      reason === null
        ? `ok: ${key} = ${value} is in the state of block ${block} (root ${stateRoot})`
        : `invalid: ${reason}`,
    );
    return reason === null ? 0 : 1;
  },
};
