// EIP-55 mixed-case checksums. Lives with the language because the reader accepts checksummed
// address literals; the crypto layer reuses it for addresses typed on the command line.

import { utf8ToBytes } from "@noble/hashes/utils.js";
import { keccak256 } from "./keccak.ts";

/** The EIP-55 spelling of a lowercase 0x-address. */
export function toChecksumAddress(lowercase: string): string {
  const hex = lowercase.slice(2);
  const hash = keccak256(utf8ToBytes(hex));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const ch = hex[i]!;
    out += nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}

/**
 * True when an address's case is acceptable: all lowercase or all uppercase hex (EIP-55 checks only
 * mixed case, as ethers and viem do), or mixed case that spells its EIP-55 checksum exactly.
 */
export function checksumAddressOk(address: string): boolean {
  const hex = address.slice(2);
  if (!/[a-f]/.test(hex) || !/[A-F]/.test(hex)) return true;
  return toChecksumAddress(address.toLowerCase()) === `0x${hex}`;
}
