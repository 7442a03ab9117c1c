// Defaults a user of `eval` sees; the chain's limits come from its genesis.

/** gas for `tinychain eval` when --gas is not given: one default block's worth */
export const DEFAULT_EVAL_GAS = 30_000_000;
