export { concatBytes } from "@noble/hashes/utils.js";
export declare const bytesToHex: (b: Uint8Array) => string;
/** Decodes an even-length hex string (no 0x); throws on anything else. */
export declare function hexToBytes(hex: string): Uint8Array;
export declare const utf8: (s: string) => Uint8Array;
