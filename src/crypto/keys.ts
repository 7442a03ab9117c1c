// Keys and addresses (docs/spec.md §2): secp256k1 keys, Ethereum addresses (last 20 bytes of keccak-256 of the
// uncompressed public key without its 0x04 prefix), written lowercase; EIP-55 input accepted only with
// a correct checksum.

import * as secp from "@noble/secp256k1";
import { checksumAddressOk, toChecksumAddress } from "./address-case.ts";
import { bytesToHex, hexToBytes } from "./hex.ts";
import { keccak256 } from "./keccak.ts";

export { toChecksumAddress };

export function generatePrivateKey(): Uint8Array {
  return secp.utils.randomSecretKey();
}

/** The address of a 65-byte uncompressed public key (0x04 ‖ x ‖ y). */
export function addressOfPublicKey(uncompressed: Uint8Array): string {
  return `0x${bytesToHex(keccak256(uncompressed.subarray(1)).subarray(12))}`;
}

export function addressOfPrivateKey(privateKey: Uint8Array): string {
  return addressOfPublicKey(secp.getPublicKey(privateKey, false));
}

export function parsePrivateKey(hex: string): Uint8Array | undefined {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  const key = hexToBytes(hex.slice(2));
  return secp.utils.isValidSecretKey(key) ? key : undefined;
}

/**
 * An address as written by a user: lowercase, or EIP-55 mixed case with the right checksum.
 * Returns the lowercase form, or a sentence saying what is wrong.
 */
export function parseAddress(input: string): { address: string } | { error: string } {
  if (/^(0X)?[0-9a-fA-F]{40}$/.test(input))
    return { error: `${JSON.stringify(input)} needs the prefix 0x (lowercase) to be an address` };
  if (!/^0x[0-9a-fA-F]{40}$/.test(input))
    return {
      error: `${JSON.stringify(input.slice(0, 50))} is not an address (0x followed by 40 hex digits)`,
    };
  if (!checksumAddressOk(input))
    return {
      error: `${input} has mixed case but a wrong EIP-55 checksum (expected ${toChecksumAddress(input.toLowerCase())})`,
    };
  return { address: input.toLowerCase() };
}
