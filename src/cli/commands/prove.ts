// `tinychain prove ADDR [KEY]` and `tinychain check-proof FILE`: Merkle inclusion proofs of an
// account or a storage entry against a block's stateRoot (docs/state.md).

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  accountLeafKey,
  accountLeafValue,
  hex,
  type StateProof,
  stateProofRoot,
  storageLeafKey,
} from "../../chain/merkle.ts";
import { Snapshot } from "../../store/snapshot.ts";
import { loadTree } from "../../store/tree.ts";
import { parse } from "../args.ts";
import { addressArg, chainDir, openSnapshot } from "../chain.ts";
import { CliError, UsageError } from "../errors.ts";
import { makeOutput, toJson } from "../output.ts";
import type { Command } from "./types.ts";

export const proveCommand: Command = {
  name: "prove",
  summary: "a Merkle proof that an account (or one storage entry) is in the head's state",
  usage: "tinychain prove ADDR [KEY] [--out FILE]",
  details:
    "KEY is a storage key as the account shows it: a variable name like n, or a map entry like (balances 0x…).",
  run(argv) {
    const { values, positionals } = parse("prove", argv, { out: { type: "string" } });
    if (positionals.length < 1 || positionals.length > 2)
      throw new UsageError("prove takes an address and optionally a storage key");
    const address = addressArg(positionals[0], "address");
    const snapshot = openSnapshot(chainDir(values));
    const head = snapshot.head();
    const f = snapshot.accountFile(address);
    if (!f)
      throw new CliError("E_NOT_FOUND", `${address} has no account in the state of block ${head.number}`, 1);
    let key: string;
    let value: string;
    if (positionals.length === 2) {
      const k = positionals[1]!;
      const v = f.storage?.[k];
      if (v === undefined)
        throw new CliError(
          "E_NOT_FOUND",
          `${address} has no storage entry ${JSON.stringify(k)}`,
          1,
          `its keys: ${
            Object.keys(f.storage ?? {})
              .slice(0, 5)
              .join(", ") || "none"
          }`,
        );
      key = storageLeafKey(address, k);
      value = v;
    } else {
      key = accountLeafKey(address);
      value = accountLeafValue(f);
    }
    const tree = loadTree(snapshot, head.stateRoot);
    if (hex(tree.root()) !== head.stateRoot)
      throw new CliError(
        "E_STATE_EDITED",
        "state/ does not match its head's stateRoot",
        1,
        "run 'tinychain verify'",
      );
    const proof = tree.proof(key, value)!;
    const doc = {
      chainId: snapshot.genesis().chainId,
      block: head.number,
      blockHash: head.hash,
      stateRoot: head.stateRoot,
      proof,
    };
    if (typeof values.out === "string") {
      writeFileSync(values.out, toJson(doc));
    }
    const out = makeOutput(values.json === true);
    out.document(doc);
    if (!values.json) {
      if (typeof values.out === "string")
        out.say(`wrote the proof of ${key} in block ${head.number} to ${values.out}`);
      else process.stdout.write(`${toJson(doc)}\n`);
    }
    return 0;
  },
};

export const checkProofCommand: Command = {
  name: "check-proof",
  summary: "check a proof file offline, and against this chain's block when there is one",
  usage: "tinychain check-proof FILE",
  run(argv) {
    const { values, positionals } = parse("check-proof", argv, {});
    if (positionals.length !== 1) throw new UsageError("check-proof takes one proof file");
    const file = positionals[0]!;
    if (!existsSync(file)) throw new CliError("E_FILE", `${file} does not exist`, 2);
    let doc: { block: number; stateRoot: string; proof: StateProof };
    try {
      doc = JSON.parse(readFileSync(file, "utf8"));
      if (typeof doc.proof?.key !== "string" || !Array.isArray(doc.proof.siblings))
        throw new Error("no proof");
    } catch {
      throw new CliError("E_PROOF", `${file} is not a tinychain proof file`, 1);
    }
    let root: string;
    try {
      root = stateProofRoot(doc.proof);
    } catch {
      throw new CliError(
        "E_PROOF",
        `${file} is not a well-formed proof: its hashes must be 0x followed by 64 hex digits`,
        1,
      );
    }
    const out = makeOutput(values.json === true);
    let reason: string | null =
      root === doc.stateRoot
        ? null
        : `the proof leads to root ${root}, not to the file's stateRoot ${doc.stateRoot}`;
    // inside a chain, the root must also be the one its block recorded
    const snapshot = new Snapshot(chainDir(values));
    if (reason === null && snapshot.exists()) {
      const record = openSnapshot(chainDir(values)).blockRecord(doc.block);
      const recorded = record ? (record.header as { stateRoot: string }).stateRoot : null;
      if (recorded !== doc.stateRoot)
        reason = `block ${doc.block} of this chain has stateRoot ${recorded ?? "(no such block)"}, not ${doc.stateRoot}`;
    }
    out.document({
      ok: reason === null,
      key: doc.proof.key,
      value: doc.proof.value,
      block: doc.block,
      stateRoot: doc.stateRoot,
      reason,
    });
    out.say(
      reason === null
        ? `ok: ${doc.proof.key} = ${doc.proof.value} is in the state of block ${doc.block} (root ${doc.stateRoot})`
        : `invalid: ${reason}`,
    );
    return reason === null ? 0 : 1;
  },
};
