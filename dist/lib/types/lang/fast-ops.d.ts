import type { Pos } from "./errors.js";
import { type Node } from "./runtime.js";
import { type Value } from "./values.js";
/** How an operand of a hot binary op is fetched: from a slot, as a constant, or by a node. */
export interface Operand {
    node: Node;
    slot?: number;
    konst?: bigint;
}
export type BinOp = "+" | "-" | "*" | "<" | "<=" | ">" | ">=";
export declare const BINARY_OPS: Set<string>;
/** the ops as small ints: a node tests these faster than it compares strings */
export declare const OP_CODES: Record<BinOp, number>;
export declare function checkRange(r: bigint, pos?: Pos): bigint;
export declare function typeFail(op: BinOp, x: Value, y: Value, pos: Pos): never;
/** The op of `code` on two ints: range-checked, `*` paying for the words of its product. */
export declare function applyBinary(code: number, x: bigint, y: bigint, pos?: Pos): Value;
/**
 * The hottest builtins (binary arithmetic and comparison) get nodes with the type and range checks
 * inline, and with local-variable and constant operands read directly rather than through a child
 * node: in `(+ i 1)` that removes two indirect calls per evaluation. `prepaid`: the parent node
 * charged this op's gas together with its own (see compileIf, compileRecur).
 */
export declare function compileBinary(op: BinOp, l: Operand, r: Operand, pos: Pos, prepaid?: boolean): Node;
