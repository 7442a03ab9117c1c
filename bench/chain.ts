// Chain core numbers (issue: accounts, signed transactions and the state machine): validation
// throughput of signed transfer files against the raw recovery rate of the libraries, and transition
// throughput for native transfers and a token contract's transfer (signatures excluded).

import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import * as nobleSecp from "@noble/secp256k1";
import * as tiny from "tiny-secp256k1";
import { genesisState } from "../src/chain/genesis-state.ts";
import { contractAddress } from "../src/chain/state.ts";
import {
  signTransaction,
  type Transaction,
  transactionDigest,
  transactionFileBytes,
  transactionFileName,
} from "../src/chain/transaction.ts";
import { applyTransaction, type PreparedTx, prepareTransaction } from "../src/chain/transition.ts";
import { utf8 } from "../src/crypto/hex.ts";
import { addressOfPrivateKey } from "../src/crypto/keys.ts";
import { buildBlock } from "../src/sequencer/auction.ts";
import { CHAIN_ID } from "../test/chain/fixtures.ts";
import { fmt, interleaved, interleavedSpread, type Report, type Spread } from "./measure.ts";

export function benchKey(i: number): { privateKey: Uint8Array; address: string } {
  const privateKey = keccak_256(utf8(`bench-key-${i}`));
  return { privateKey, address: addressOfPrivateKey(privateKey) };
}

/** A bench transaction before signing: gas limit 50,000, max fee 100, tip 1. */
export function unsignedTx(
  from: { address: string },
  nonce: number,
  data: string,
): Omit<Transaction, "signature"> {
  return {
    chainId: CHAIN_ID,
    from: from.address,
    nonce,
    gasLimit: 50_000,
    maxFeePerGas: 100n,
    maxPriorityFeePerGas: 1n,
    data,
  };
}

/**
 * Signs with libsecp256k1 (fast) to make test data; the chain verifies it like any signature.
 * `gasLimit` replaces unsignedTx's 50,000 (a contract call needs more).
 */
export function fastSigned(
  from: { privateKey: Uint8Array; address: string },
  nonce: number,
  data: string,
  gasLimit?: number,
): Transaction {
  const tx = { ...unsignedTx(from, nonce, data), ...(gasLimit ? { gasLimit } : {}) };
  const { signature, recoveryId } = tiny.signRecoverable(transactionDigest(tx), from.privateKey);
  return { ...tx, signature: `0x${Buffer.from(signature).toString("hex")}${(27 + recoveryId).toString(16)}` };
}

export function transferTx(
  from: { privateKey: Uint8Array; address: string },
  nonce: number,
  to: string,
  amount: number,
): Transaction {
  return signTransaction(unsignedTx(from, nonce, `(transfer ${to} ${amount})`), from.privateKey);
}

function prepare(tx: Transaction): PreparedTx {
  const p = prepareTransaction(transactionFileName(tx), transactionFileBytes(tx), "file", CHAIN_ID);
  if ("error" in p) throw new Error(p.error.message);
  return p;
}

export async function benchChain(report: Report): Promise<void> {
  report.section("Chain: signature recovery and validation throughput");
  const N = 1000;
  const senders = Array.from({ length: N }, (_, i) => benchKey(i));
  const txs = senders.map((k, i) => transferTx(k, 0, senders[(i + 1) % N]!.address, 1));
  const files = txs.map((tx) => ({ name: transactionFileName(tx), bytes: transactionFileBytes(tx) }));
  const digests = txs.map((tx) => transactionDigest(tx));
  const sigs = txs.map((tx) => Buffer.from(tx.signature.slice(2), "hex"));

  const t = await interleaved(
    {
      tiny: () => {
        for (let i = 0; i < N; i++)
          tiny.recover(digests[i]!, sigs[i]!.subarray(0, 64), (sigs[i]![64]! - 27) as 0 | 1, false);
      },
      validate: () => {
        for (const f of files) prepareTransaction(f.name, f.bytes, "file", CHAIN_ID);
      },
      curves: () => {
        for (let i = 0; i < 200; i++)
          secp256k1.Signature.fromBytes(sigs[i]!.subarray(0, 64), "compact")
            .addRecoveryBit(sigs[i]![64]! - 27)
            .recoverPublicKey(digests[i]!);
      },
      noble: () => {
        for (let i = 0; i < 100; i++) {
          const rec = new Uint8Array(65);
          rec[0] = sigs[i]![64]! - 27;
          rec.set(sigs[i]!.subarray(0, 64), 1);
          nobleSecp.recoverPublicKey(rec, digests[i]!, { prehash: false });
        }
      },
    },
    5,
    1,
  );
  const perSec = (ms: number, n: number) => (n / ms) * 1000;
  const raw = perSec(t.tiny!, N);
  const val = perSec(t.validate!, N);
  report.row(
    `raw recovery: tiny-secp256k1 2.2 (libsecp256k1, wasm) ${fmt(raw, 0)}/s; @noble/curves ${fmt(perSec(t.curves!, 200), 0)}/s; @noble/secp256k1 ${fmt(perSec(t.noble!, 100), 0)}/s`,
  );
  report.row(
    `validating signed transfer files (strict UTF-8 + JSON, schema, EIP-712 digest, recovery, compile): ${fmt(val, 0)} tx/s = ${fmt(raw / val, 2)}× the raw recovery time (target ≤ 1.3×, ≥ 3,000 tx/s)`,
  );

  report.section("Chain: transition throughput (signatures excluded)");
  const prepared = txs.map(prepare);
  const g = {
    chainId: CHAIN_ID,
    name: "bench",
    minter: senders[0]!.address,
    coinbase: "0x00000000000000000000000000000000000000cb",
    blockGasLimit: 1_000_000_000,
    minBaseFee: 1n,
    initialBaseFee: 1n,
    alloc: new Map(senders.map((k) => [k.address, 10n ** 18n])),
    timestamp: 0,
  };
  const ctx = {
    number: 1n,
    timestamp: 1n,
    baseFee: 1n,
    gasLimit: 1_000_000_000,
    coinbase: g.coinbase,
    chainId: CHAIN_ID,
  };
  // a token contract deployed by sender 0, holding balances for everyone
  const TOKEN = `(contract Token (defmap balances)
    (defn seed (who n) (put! balances who n))
    (defn transfer (to n)
      (let ((have (get balances sender 0)))
        (assert (>= have n) "insufficient")
        (put! balances sender (- have n))
        (put! balances to (+ n (get balances to 0)))
        (emit Transfer sender to n) true)))`;
  const token = contractAddress(senders[0]!.address, 0, 0);
  const setup = (): ReturnType<typeof genesisState> => {
    const s = genesisState(g);
    s.clearDirty();
    const deploy = prepare(
      signTransaction(
        {
          chainId: CHAIN_ID,
          from: senders[0]!.address,
          nonce: 0,
          gasLimit: 5_000_000,
          maxFeePerGas: 10n,
          maxPriorityFeePerGas: 1n,
          data: `(deploy ${TOKEN})`,
        },
        senders[0]!.privateKey,
      ),
    );
    applyTransaction(s, deploy, ctx);
    return s;
  };
  const tokenTxs = senders.slice(1).map((k, i) =>
    prepare(
      signTransaction(
        {
          chainId: CHAIN_ID,
          from: k.address,
          nonce: 0,
          gasLimit: 200_000,
          maxFeePerGas: 10n,
          maxPriorityFeePerGas: 1n,
          data: `(call ${token} 'transfer ${senders[(i + 2) % N]!.address} 0)`,
        },
        k.privateKey,
      ),
    ),
  );
  const spread = await interleavedSpread(
    {
      transfers: () => {
        const s = genesisState(g);
        const t = performance.now();
        for (const p of prepared) applyTransaction(s, p, ctx);
        return performance.now() - t;
      },
      token: () => {
        const s = setup();
        const t = performance.now();
        for (const p of tokenTxs) applyTransaction(s, p, ctx);
        return performance.now() - t;
      },
      block: () => {
        const s = genesisState(g);
        const t = performance.now();
        buildBlock(s, prepared, ctx);
        return performance.now() - t;
      },
    },
    7,
    2,
  );
  // tx/s: the median run, and the slowest–fastest runs (these figures swing on shared machines)
  const rate = (s: Spread, n: number) =>
    `${fmt(perSec(s.median, n), 0)} tx/s (7 runs: ${fmt(perSec(s.slowest, n), 0)}–${fmt(perSec(s.fastest, n), 0)})`;
  report.row(
    `native transfers: ${rate(spread.transfers!, N)}; through buildBlock (the auction): ${rate(spread.block!, N)} (target 20,000)`,
  );
  report.row(
    `a token contract's transfer (2 map reads, 2 writes, an event): ${rate(spread.token!, tokenTxs.length)} (target 20,000 in the median)`,
  );
}
