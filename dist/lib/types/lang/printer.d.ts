import { type Form } from "./reader.js";
import { type Value } from "./values.js";
export declare function printString(s: string): string;
export interface PrintOptions {
    /** called with the length of each piece before it is appended; may throw to stop */
    meter?: (chars: number) => void;
    /** nesting of lists and dicts allowed; deeper throws a RangeError-free `TooDeep` */
    maxDepth?: number;
}
export declare class TooDeep extends Error {
}
export declare function printValue(v: Value, options?: PrintOptions): string;
/**
 * Prints source forms canonically: single spaces, no comments, `'x` as `(quote x)`; a contract with
 * each definition on its own line, indented two spaces, so that the line:col of a runtime error in
 * stored code names a definition a reader can find (`tinychain account ADDR --code`, the explorer).
 */
export declare function printForm(f: Form): string;
/** Pretty-prints source forms for reading (PR comments, `tinychain account`): indents nested lists. */
export declare function prettyForm(f: Form, indent?: number, width?: number): string;
