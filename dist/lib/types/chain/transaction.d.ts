import { type Invalid } from "./validity.js";
/** A transaction file is at most 64 KiB (docs/spec.md §3). */
export declare const MAX_TX_FILE_BYTES: number;
export interface Transaction {
    chainId: number;
    /** lowercase */
    from: string;
    nonce: number;
    gasLimit: number;
    maxFeePerGas: bigint;
    maxPriorityFeePerGas: bigint;
    data: string;
    signature: string;
}
/** EIP-712's types of the one struct a transaction signs (wallets are given them with the message). */
export declare const TRANSACTION_TYPES: Record<string, {
    name: string;
    type: string;
}[]>;
/**
 * The EIP-712 domain separator of a chain: name "tinychain", version "1", its chainId; hashStruct of
 * the domain written out like the digest below (the test checks both against the generic encoder).
 */
export declare function chainDomainSeparator(chainId: number): Uint8Array;
/**
 * The EIP-712 digest, which is both what is signed and the transaction id. This is hashStruct written
 * out for the one fixed struct, because validation runs it for every file; a test checks it against
 * the generic encoder (test/crypto/eip712.ts) and against viem's hashTypedData.
 */
export declare function transactionDigest(tx: Omit<Transaction, "signature">): Uint8Array;
export declare function transactionId(tx: Omit<Transaction, "signature">): string;
export declare function signTransaction(tx: Omit<Transaction, "signature">, privateKey: Uint8Array): Transaction;
/** The file name a transaction must have: `txs/<from>-<nonce>.json`. */
export declare function transactionFileName(tx: {
    from: string;
    nonce: number;
}): string;
/** The bytes of a transaction file as the CLI writes them (any JSON with these fields is accepted). */
export declare function transactionFileBytes(tx: Transaction): Uint8Array;
/** The EIP-712 document a wallet signs (eth_signTypedData_v4): docs/spec.md §2's domain and Transaction type. */
export declare function transactionTypedData(tx: Omit<Transaction, "signature">): {
    types: {
        EIP712Domain: {
            name: string;
            type: string;
        }[];
    };
    primaryType: string;
    domain: {
        name: string;
        version: string;
        chainId: number;
    };
    message: {
        from: string;
        nonce: number;
        gasLimit: number;
        maxFeePerGas: string;
        maxPriorityFeePerGas: string;
        data: string;
    };
};
/**
 * Reads a transaction file's bytes: E_PARSE (size, UTF-8, JSON, not an object) then E_SCHEMA (fields,
 * types, ranges). The signature's format is checked later, as E_SIGNATURE.
 */
export declare function parseTransaction(bytes: Uint8Array): Transaction | Invalid;
/** What the repository says about the file at a path (read by the store or the action, by git mode). */
export type FileKind = "file" | "symlink" | "submodule" | "other";
/** E_FILE for anything under txs/ that is not a regular file, named as what it is */
export declare function notRegularFile(path: string, kind: FileKind): Invalid | undefined;
/**
 * E_FILE (docs/spec.md §3): a regular file (notRegularFile has refused any other before it was parsed)
 * directly in txs/, named after its from and nonce.
 */
export declare function checkFile(tx: Transaction, path: string): Invalid | undefined;
