// Gas, fees and the base fee (docs/spec.md §4, EIP-1559).

import { GAS } from "../lang/gas.ts";
import { utf8Length } from "../lang/values.ts";

/** Intrinsic gas: a base price per transaction plus a price per byte of data (docs/spec.md §4). */
export function intrinsicGas(data: string): number {
  return GAS.transaction + GAS.dataByte * utf8Length(data);
}

/** min(maxFeePerGas, baseFee + maxPriorityFeePerGas) */
export function effectiveGasPrice(
  maxFeePerGas: bigint,
  maxPriorityFeePerGas: bigint,
  baseFee: bigint,
): bigint {
  const capped = baseFee + maxPriorityFeePerGas;
  return maxFeePerGas < capped ? maxFeePerGas : capped;
}

/**
 * EIP-1559: the next block's base fee moves toward keeping blocks half full, by at most 1/8 per block,
 * and never goes below the chain's minBaseFee. Integer arithmetic only, as in the EIP.
 */
export function nextBaseFee(
  parentBaseFee: bigint,
  parentGasUsed: number,
  gasLimit: number,
  minBaseFee: bigint,
): bigint {
  const target = BigInt(gasLimit) / 2n;
  const used = BigInt(parentGasUsed);
  if (target === 0n) return parentBaseFee < minBaseFee ? minBaseFee : parentBaseFee;
  const delta = (parentBaseFee * (used > target ? used - target : target - used)) / target / 8n;
  // up by at least 1 when the parent was fuller than the target, down by delta (maybe 0) otherwise
  const next = used > target ? parentBaseFee + (delta > 1n ? delta : 1n) : parentBaseFee - delta;
  return next < minBaseFee ? minBaseFee : next;
}
