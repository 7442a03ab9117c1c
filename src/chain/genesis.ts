// The genesis file (docs/spec.md §6, state/genesis.json): the chain's identity and parameters. Block 0 is
// derived from it. Defaults (documented in docs/state.md) fill what `tinychain init` was not told.

import { parseAddress } from "../crypto/keys.ts";

export interface Genesis {
  chainId: number;
  name: string;
  /** the only address that may mint sneed through SneedToken; null: nobody */
  minter: string | null;
  /** receives the priority fees (tips) of every block */
  coinbase: string;
  blockGasLimit: number;
  minBaseFee: bigint;
  initialBaseFee: bigint;
  /** address → sneed at genesis */
  alloc: Map<string, bigint>;
  /** unix seconds: block 0's timestamp */
  timestamp: number;
}

export const GENESIS_DEFAULTS = {
  name: "tinychain",
  blockGasLimit: 30_000_000,
  minBaseFee: 1n,
  initialBaseFee: 1n,
  coinbase: "0x0000000000000000000000000000000000000000",
};

/** The genesis file's fields, in the order `genesisToJson` writes them. */
const GENESIS_FIELDS = [
  "chainId",
  "name",
  "minter",
  "coinbase",
  "blockGasLimit",
  "minBaseFee",
  "initialBaseFee",
  "alloc",
  "timestamp",
] as const satisfies readonly (keyof Genesis)[];

export class GenesisError extends Error {}

function int(doc: Record<string, unknown>, field: string, min: number, max: number, dflt?: number): number {
  const v = doc[field];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    throw new GenesisError(
      `genesis ${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`,
    );
  return v;
}

function amount(v: unknown, what: string, dflt?: bigint): bigint {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "string" || !/^(0|[1-9][0-9]{0,77})$/.test(v) || BigInt(v) >= 1n << 256n)
    throw new GenesisError(`genesis ${what} must be a decimal string of sneed, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

function address(v: unknown, what: string): string {
  if (typeof v !== "string")
    throw new GenesisError(`genesis ${what} must be an address, got ${JSON.stringify(v)}`);
  const a = parseAddress(v);
  if ("error" in a) throw new GenesisError(`genesis ${what}: ${a.error}`);
  return a.address;
}

export function parseGenesis(doc: unknown): Genesis {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new GenesisError("genesis must be a JSON object");
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d))
    if (!(GENESIS_FIELDS as readonly string[]).includes(k))
      throw new GenesisError(`genesis has an unknown field ${JSON.stringify(k)}`);
  const chainId = int(d, "chainId", 0, Number.MAX_SAFE_INTEGER);
  const name = d.name === undefined ? GENESIS_DEFAULTS.name : d.name;
  if (typeof name !== "string" || name.length > 100)
    throw new GenesisError("genesis name must be a string of at most 100 characters");
  const minter = d.minter === undefined || d.minter === null ? null : address(d.minter, "minter");
  // the tips go to the minter unless the genesis names another coinbase
  const coinbase =
    d.coinbase === undefined ? (minter ?? GENESIS_DEFAULTS.coinbase) : address(d.coinbase, "coinbase");
  const blockGasLimit = int(d, "blockGasLimit", 100_000, 1_000_000_000, GENESIS_DEFAULTS.blockGasLimit);
  const minBaseFee = amount(d.minBaseFee, "minBaseFee", GENESIS_DEFAULTS.minBaseFee);
  if (minBaseFee < 1n) throw new GenesisError("genesis minBaseFee must be at least 1");
  const initialBaseFee = amount(d.initialBaseFee, "initialBaseFee", minBaseFee);
  if (initialBaseFee < minBaseFee)
    throw new GenesisError("genesis initialBaseFee must not be below minBaseFee");
  const alloc = new Map<string, bigint>();
  if (d.alloc !== undefined) {
    if (typeof d.alloc !== "object" || d.alloc === null || Array.isArray(d.alloc))
      throw new GenesisError("genesis alloc must be an object of address → amount");
    for (const [k, v] of Object.entries(d.alloc)) {
      const a = address(k, `alloc key ${k}`);
      if (alloc.has(a)) throw new GenesisError(`genesis alloc lists ${a} twice`);
      alloc.set(a, amount(v, `alloc of ${a}`));
    }
  }
  const timestamp = int(d, "timestamp", 0, Number.MAX_SAFE_INTEGER, 0);
  return { chainId, name, minter, coinbase, blockGasLimit, minBaseFee, initialBaseFee, alloc, timestamp };
}

/** The JSON document of a genesis (what `init` writes), keys sorted by the canonical writer. */
export function genesisToJson(g: Genesis): Record<string, unknown> {
  const alloc = [...g.alloc].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([a, v]) => [a, v.toString()]);
  return Object.fromEntries(
    GENESIS_FIELDS.map((k) => {
      const v = g[k];
      return [k, k === "alloc" ? Object.fromEntries(alloc) : typeof v === "bigint" ? v.toString() : v];
    }),
  );
}
