import { type Pos } from "./errors.js";
import { Address } from "./values.js";
export declare const MAX_NESTING = 128;
export type Form = {
    kind: "int";
    value: bigint;
    pos: Pos;
} | {
    kind: "string";
    value: string;
    pos: Pos;
} | {
    kind: "address";
    value: Address;
    pos: Pos;
} | {
    kind: "symbol";
    name: string;
    pos: Pos;
} | {
    kind: "bool";
    value: boolean;
    pos: Pos;
} | {
    kind: "nil";
    pos: Pos;
} | {
    kind: "list";
    items: Form[];
    pos: Pos;
};
/** A list form: a call, a special form or a definition as written. */
export type ListForm = Form & {
    kind: "list";
};
export declare const SYMBOL_CHAR: RegExp;
/** a string's escapes: the letter after the backslash, and the character it stands for (as in JSON) */
export declare const ESCAPES: Map<string, string>;
/** Is `f` a list whose first item is the symbol `name`, like (contract …)? */
export declare const isHead: (f: Form | undefined, name: string) => boolean;
/** The name a form is, if it is a symbol. */
export declare function symbolName(f: Form | undefined): string | undefined;
/** Reads every form of a source text. */
export declare function readAll(src: string): Form[];
/** Reads exactly one form (a transaction's data, a contract file); anything after it is an error. */
export declare function readOne(src: string): Form;
