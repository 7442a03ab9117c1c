import { type Value } from "../lang/values.js";
export declare const transferProgram: (to: string, amount: bigint) => string;
/** A call; with a value above 0, a payable one: `(call-value target value 'fn args…)` sends that sneed. */
export declare function callProgram(target: string, fn: string, args: Value[], value?: bigint): string;
/** The contract's text as written (trimmed): the chain stores it printed canonically. */
/** The closing parenthesis goes on a line of its own when the source ends in a comment, which would
 *  otherwise swallow it. */
export declare function deployProgram(source: string): string;
/** A function name `call` can name: text the reader reads as that one symbol. */
export declare function isFunctionName(text: string): boolean;
/** Source that evaluates to `v`: symbols quoted, lists and dicts rebuilt with list and dict. */
export declare function sourceOf(v: Value): string;
