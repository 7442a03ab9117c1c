// Hex and byte helpers shared by the crypto and chain layers.

import { bytesToHex as nobleBytesToHex, hexToBytes as nobleHexToBytes } from "@noble/hashes/utils.js";

export { concatBytes } from "@noble/hashes/utils.js";

// Node's Buffer where there is one (the replay's hot path), @noble/hashes' portable code in a browser
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

export const bytesToHex: (b: Uint8Array) => string = NodeBuffer
  ? (b) => NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex")
  : nobleBytesToHex;

const HEX_RE = /^[0-9a-fA-F]*$/;

/** Decodes an even-length hex string (no 0x); throws on anything else. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !HEX_RE.test(hex)) throw new Error(`not hex: ${hex.slice(0, 20)}`);
  return NodeBuffer ? new Uint8Array(NodeBuffer.from(hex, "hex")) : nobleHexToBytes(hex);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
