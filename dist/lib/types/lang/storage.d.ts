import type { Pos } from "./errors.js";
import type { Stored } from "./host.js";
import { type Node } from "./runtime.js";
import { type Value } from "./values.js";
/** Prints a value for storage: data only, at most MAX_NESTING deep so the reader can read it back. */
export declare function storedOf(v: Value, what: string, pos: Pos, perByte: number): Stored;
export declare function writeSlot(key: string, v: Value, what: string, pos: Pos): void;
/** The storage key of a map entry: `(name printed-key)`, canonical because printing is. */
export declare function mapKey(map: string, key: Value, pos: Pos): string;
/** A contract variable's value (nil until set). */
export declare function contractVarRead(name: string): Node;
/** (get map key [default]) / (has? map key) on a declared map: a storage read. */
export declare function mapRead(map: string, key: Node, dflt: Node | undefined, isGet: boolean, pos: Pos): Node;
