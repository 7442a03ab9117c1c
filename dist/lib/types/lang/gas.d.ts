export declare const GAS: {
    /** if, cond clause, and, or, do, let binding */
    readonly control: 1;
    /** one iteration of loop/recur */
    readonly loopIteration: 2;
    /** calling a function or builtin through a value */
    readonly call: 15;
    /** each argument bound in a call */
    readonly callArgument: 1;
    /** creating a closure, plus callArgument per captured value */
    readonly closure: 8;
    /** + - * / mod, comparisons, not */
    readonly arithmetic: 3;
    /** extra for * / mod on big numbers: per 64-bit word of the product or the dividend beyond the first */
    readonly arithmeticWord: 16;
    /** int?, string?, … fn? (issue 29: a call of the general builtin path, dearer than fused arithmetic) */
    readonly predicate: 10;
    /** list, cons, first, rest, nth, len, get, has?, … : base price */
    readonly collection: 15;
    /** per element copied or produced by cons, append, reverse, list, range, map, filter, assoc, …
     *  (one 8-byte slot: within MEMORY_BYTES_PER_GAS) */
    readonly perElement: 2;
    /** per value a builtin makes from nothing (range's ints: a heap object of ~24 bytes each) */
    readonly newValue: 6;
    /** per byte of a string produced by str, or compared/measured */
    readonly perByte: 1;
    /** each piece (atom, parenthesis, space) str or an error message prints, on top of perByte */
    readonly printPiece: 16;
    /** get, has?: per halving of a dict's size in the key search; dict: per pair and halving, to sort */
    readonly dictStep: 10;
    /** = : base, then 2 × perElement for each pair of nodes visited */
    readonly equal: 3;
    /** keccak256: base + per 32-byte word. 33 and 11 times the EVM's 30 + 6 per word: measured against
     *  the clock (bench/gas-clock.ts), a hash here costs ~2–3 µs a call and ~0.18 µs a word (issue 29) */
    readonly keccak: 1000;
    readonly keccakWord: 64;
    /** sender, origin, self, value, block-number, block-time, chain-id, gas-left */
    readonly context: 16;
    /** reading a storage slot (defvar or map entry), plus storageReadByte per byte of key and value */
    readonly storageRead: 400;
    readonly storageReadByte: 2;
    /** writing an existing slot, plus storageWriteByte per byte of key and new value */
    readonly storageWrite: 2900;
    /** writing a slot that did not exist */
    readonly storageCreate: 20000;
    readonly storageWriteByte: 20;
    /** deleting a slot */
    readonly storageDelete: 2900;
    /** balance of an address */
    readonly balance: 100;
    /** transfer of sneed */
    readonly transfer: 2500;
    /** emit: base + per byte of printed arguments */
    readonly event: 375;
    readonly eventByte: 8;
    /**
     * call / try-call of another contract (plus callArgument per argument, dataNode per node of each);
     * call-value / try-call-value pay transfer on top, for the sneed they send
     */
    readonly contractCall: 700;
    /** per node of a value checked to be data as it crosses a boundary (stored, passed to or returned
     *  from a contract): values are passed by reference, so this walk is the work */
    readonly dataNode: 2;
    /** deploy: base + per byte of canonical code */
    readonly deploy: 32000;
    readonly deployByte: 200;
    /** intrinsic gas of every transaction */
    readonly transaction: 21000;
    /** per byte of the transaction's data (its UTF-8 source) */
    readonly dataByte: 16;
};
/**
 * The memory bound: everything the VM keeps alive was paid for at no more than this many bytes of
 * JavaScript heap per unit of gas (a collection slot is 8 bytes for perElement's 2 gas; a printed
 * or concatenated character 1–2 bytes for perByte's 1). A block's gas limit therefore bounds a
 * transaction's memory: 30M gas, about 120 MB. docs/language.md states it; test/lang/memory.test.ts
 * runs the worst cases under a 256 MB heap.
 */
export declare const MEMORY_BYTES_PER_GAS = 4;
/** The extra gas of * / mod (arithmeticWord per 64-bit word of `v` beyond the first; |v| < 2^256). */
export declare function wordsGas(v: bigint): number;
/** Gas to hash `n` bytes with keccak256. */
export declare function keccakGas(n: number): number;
