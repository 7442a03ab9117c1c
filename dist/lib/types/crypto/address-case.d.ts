/** The EIP-55 spelling of a lowercase 0x-address. */
export declare function toChecksumAddress(lowercase: string): string;
/**
 * True when an address's case is acceptable: all lowercase or all uppercase hex (EIP-55 checks only
 * mixed case, as ethers and viem do), or mixed case that spells its EIP-55 checksum exactly.
 */
export declare function checksumAddressOk(address: string): boolean;
