/** Intrinsic gas: a base price per transaction plus a price per byte of data (docs/spec.md §4). */
export declare function intrinsicGas(data: string): number;
/** min(maxFeePerGas, baseFee + maxPriorityFeePerGas) */
export declare function effectiveGasPrice(maxFeePerGas: bigint, maxPriorityFeePerGas: bigint, baseFee: bigint): bigint;
/**
 * EIP-1559: the next block's base fee moves toward keeping blocks half full, by at most 1/8 per block,
 * and never goes below the chain's minBaseFee. Integer arithmetic only, as in the EIP.
 */
export declare function nextBaseFee(parentBaseFee: bigint, parentGasUsed: number, gasLimit: number, minBaseFee: bigint): bigint;
