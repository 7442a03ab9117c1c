import { readValue } from "../lang/data.js";
import { printValue } from "../lang/printer.js";
import { Address, Dict, Sym, type Value } from "../lang/values.js";
export { Address, Dict, printValue, readValue, Sym, type Value };
/** What an argument may be written as. */
export type JsValue = Value | number | readonly JsValue[] | ReadonlyMap<JsValue, JsValue> | {
    readonly [key: string]: JsValue;
};
/** Bad input to a value conversion: the stable code E_VALUE and a sentence naming the value. */
export declare class ValueError extends Error {
    readonly code = "E_VALUE";
}
/** An address value from its text (lowercase, or EIP-55 with a right checksum). */
export declare function address(text: string): Address;
/** A symbol value (`'name` in the language). */
export declare const symbol: (name: string) => Sym;
/** A dict from entries in any order; a key given twice is an error. */
export declare function dict(entries: Iterable<readonly [JsValue, JsValue]>): Dict;
/** The language's value of a JavaScript one; ValueError (E_VALUE) for what has none. */
export declare function toValue(x: JsValue): Value;
/** A JavaScript value printed as the language's data (what tinychain_view takes as an argument). */
export declare const printData: (x: JsValue) => string;
/** A receipt's return value as a JavaScript value. */
export declare const returnValue: (receipt: {
    return: string;
}) => Value;
/** A log's arguments as JavaScript values. */
export declare const logValues: (log: {
    args: readonly string[];
}) => Value[];
