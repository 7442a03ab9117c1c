export declare function keccak256(data: Uint8Array): Uint8Array;
