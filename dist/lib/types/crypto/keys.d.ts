import { toChecksumAddress } from "./address-case.js";
export { toChecksumAddress };
export declare function generatePrivateKey(): Uint8Array;
/** The address of a 65-byte uncompressed public key (0x04 ‖ x ‖ y). */
export declare function addressOfPublicKey(uncompressed: Uint8Array): string;
export declare function addressOfPrivateKey(privateKey: Uint8Array): string;
export declare function parsePrivateKey(hex: string): Uint8Array | undefined;
/**
 * An address as written by a user: lowercase, or EIP-55 mixed case with the right checksum.
 * Returns the lowercase form, or a sentence saying what is wrong.
 */
export declare function parseAddress(input: string): {
    address: string;
} | {
    error: string;
};
