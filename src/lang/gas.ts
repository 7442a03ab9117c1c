// The gas table (docs/spec.md §4): every price in one place. docs/language.md carries a copy.
// Units are sneed-gas; ratios follow the EVM's where an operation has an analogue: storage writes cost
// far more than reads, reads far more than arithmetic, and anything proportional to data size is
// charged per byte or per element *before* the work or the allocation happens.

export const GAS = {
  // --- evaluation (a literal, a local variable or a quote costs nothing by itself: the operation
  //     that uses it pays) ---
  /** if, cond clause, and, or, do, let binding */
  control: 1,
  /** one iteration of loop/recur */
  loopIteration: 2,
  /** calling a function or builtin through a value */
  call: 15,
  /** each argument bound in a call */
  callArgument: 1,
  /** creating a closure, plus callArgument per captured value */
  closure: 8,

  // --- builtins ---
  /** + - * / mod, comparisons, not */
  arithmetic: 3,
  /** extra for * / mod on big numbers: per 64-bit word of the product or the dividend beyond the first */
  arithmeticWord: 16,
  /** int?, string?, … fn? (issue 29: a call of the general builtin path, dearer than fused arithmetic) */
  predicate: 10,
  /** list, cons, first, rest, nth, len, get, has?, … : base price */
  collection: 15,
  /** per element copied or produced by cons, append, reverse, list, range, map, filter, assoc, …
   *  (one 8-byte slot: within MEMORY_BYTES_PER_GAS) */
  perElement: 2,
  /** per value a builtin makes from nothing (range's ints: a heap object of ~24 bytes each) */
  newValue: 6,
  /** per byte of a string produced by str, or compared/measured */
  perByte: 1,
  /** each piece (atom, parenthesis, space) str or an error message prints, on top of perByte */
  printPiece: 16,
  /** get, has?: per halving of a dict's size in the key search; dict: per pair and halving, to sort */
  dictStep: 10,
  /** = : base, then 2 × perElement for each pair of nodes visited */
  equal: 3,
  /** keccak256: base + per 32-byte word. 33 and 11 times the EVM's 30 + 6 per word: measured against
   *  the clock (bench/gas-clock.ts), a hash here costs ~2–3 µs a call and ~0.18 µs a word (issue 29) */
  keccak: 1000,
  keccakWord: 64,

  // --- effects (contracts) ---
  /** sender, origin, self, value, block-number, block-time, chain-id, gas-left */
  context: 16,
  /** reading a storage slot (defvar or map entry), plus storageReadByte per byte of key and value */
  storageRead: 400,
  storageReadByte: 2,
  /** writing an existing slot, plus storageWriteByte per byte of key and new value */
  storageWrite: 2900,
  /** writing a slot that did not exist */
  storageCreate: 20000,
  storageWriteByte: 20,
  /** deleting a slot */
  storageDelete: 2900,
  /** balance of an address */
  balance: 100,
  /** transfer of sneed */
  transfer: 2500,
  /** emit: base + per byte of printed arguments */
  event: 375,
  eventByte: 8,
  /**
   * call / try-call of another contract (plus callArgument per argument, dataNode per node of each);
   * call-value / try-call-value pay transfer on top, for the sneed they send
   */
  contractCall: 700,
  /** per node of a value checked to be data as it crosses a boundary (stored, passed to or returned
   *  from a contract): values are passed by reference, so this walk is the work */
  dataNode: 2,
  /** deploy: base + per byte of canonical code */
  deploy: 32000,
  deployByte: 200,

  // --- transactions (docs/spec.md §3.2) ---
  /** intrinsic gas of every transaction */
  transaction: 21000,
  /** per byte of the transaction's data (its UTF-8 source) */
  dataByte: 16,
} as const;

/**
 * The memory bound: everything the VM keeps alive was paid for at no more than this many bytes of
 * JavaScript heap per unit of gas (a collection slot is 8 bytes for perElement's 2 gas; a printed
 * or concatenated character 1–2 bytes for perByte's 1). A block's gas limit therefore bounds a
 * transaction's memory: 30M gas, about 120 MB. docs/language.md states it; test/lang/memory.test.ts
 * runs the worst cases under a 256 MB heap.
 */
export const MEMORY_BYTES_PER_GAS = 4;

const WORDS = [1n << 64n, 1n << 128n, 1n << 192n];

/** The extra gas of * / mod (arithmeticWord per 64-bit word of `v` beyond the first; |v| < 2^256). */
export function wordsGas(v: bigint): number {
  // comparisons, not shifts or toString: each of those allocates, and cost more than the division
  let words = 0;
  while (words < 3 && (v >= WORDS[words]! || v <= -WORDS[words]!)) words++;
  return GAS.arithmeticWord * words;
}

/** Gas to hash `n` bytes with keccak256. */
export function keccakGas(n: number): number {
  return GAS.keccak + GAS.keccakWord * Math.ceil(n / 32);
}
