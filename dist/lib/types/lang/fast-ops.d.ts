import type { Pos } from "./errors.js";
import { type Node } from "./runtime.js";
import { type Value } from "./values.js";
export declare function typeFail(op: string, x: Value, y: Value, pos: Pos): never;
/** How an operand of a hot binary op is fetched: from a slot, as a constant, or by a node. */
export interface Operand {
    node: Node;
    slot?: number;
    konst?: bigint;
}
export type BinOp = "+" | "-" | "*" | "<" | "<=" | ">" | ">=";
/**
 * The hottest builtins (binary arithmetic and comparison) get nodes with the type and range checks
 * inline, and with local-variable and constant operands read directly rather than through a child
 * node: in `(+ i 1)` that removes two indirect calls per evaluation.
 */
export declare function compileBinary(op: BinOp, l: Operand, r: Operand, pos: Pos, prepaid?: boolean): Node;
export declare const COMPARE: Record<"<" | "<=" | ">" | ">=", (x: bigint, y: bigint) => boolean>;
export declare const BINARY_OPS: Set<string>;
