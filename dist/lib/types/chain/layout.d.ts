/** Where an account lives: `state/accounts/a/b/c/d/0xabcd….json` (docs/state.md). */
export declare const accountPath: (address: string) => string;
/**
 * A contract's code as a file of its own, `state/code/a/b/c/d/0x….lisp`: written by the explorer when
 * the contract is deployed (outside the state root, like state/README.md), so GitHub shows it with line
 * numbers and a receipt's `at LINE:COL` can be found in it.
 */
export declare const codePath: (address: string) => string;
/** The folder of one contract's storage: fanned out like the accounts. */
export declare const storageDir: (address: string) => string;
/**
 * Where one storage entry lives: named by keccak256 of its printed key (its path in the storage
 * tree), fanned out by that hash's first two bytes, so a contract with a million entries keeps about
 * fifteen per folder and a write rewrites that entry's bytes only.
 */
export declare function storagePath(address: string, key: string): string;
/** Where a block lives: a thousand blocks per folder (`state/blocks/000/001/00001234.json`). */
export declare const blockPath: (n: number) => string;
/** The block number of a block file's path, or undefined when the path is not one. */
export declare function blockNumberOfPath(path: string): number | undefined;
/** An account file's content. */
export interface AccountFile {
    nonce: number;
    balance: string;
    code?: string;
    /** the root of the contract's storage tree; absent when it stores nothing */
    storageRoot?: string;
}
/** A storage entry's file: the printed key and the printed value. */
export interface SlotFile {
    key: string;
    value: string;
}
/**
 * An account as the state reads it from its file (undefined: no file, no account); its code is the
 * canonical printed contract source, or null for an externally owned account.
 */
export declare const accountData: (f: AccountFile | null | undefined) => {
    nonce: number;
    balance: bigint;
    code: string | null;
} | undefined;
/** An account as stored: what the state files hold. */
export type AccountData = NonNullable<ReturnType<typeof accountData>>;
/** The printed value a storage file holds for `key`; undefined when it holds anything else (a hand edit). */
export declare const slotValue: (f: SlotFile, key: string) => string | undefined;
