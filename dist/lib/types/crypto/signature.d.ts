/** The order n of secp256k1's group. */
export declare const CURVE_N = 115792089237316195423570985008687907852837564279074904382605163141518161494337n;
export declare const HALF_N: bigint;
export declare function signDigest(digest: Uint8Array, privateKey: Uint8Array): string;
export type Recovered = {
    address: string;
} | {
    error: string;
};
/** The signer of a transaction digest, or a sentence saying why the signature is not acceptable. */
export declare function recoverSigner(digest: Uint8Array, signature: string): Recovered;
