export declare class Bucket {
    private data;
    count: number;
    /** `records`: count × (path ‖ hash) in path order, taken as they are (not copied) */
    constructor(records?: Uint8Array, count?: number);
    /** The index of `path` among the leaves (path order), or -(insertion point) - 1. */
    find(path: Uint8Array): number;
    get(path: Uint8Array): Uint8Array | undefined;
    set(path: Uint8Array, hash: Uint8Array): void;
    delete(path: Uint8Array): boolean;
    /** The leaf hashes in path order (views into the bucket: use them before the next change). */
    hashes(): Uint8Array[];
    /** The records, count × (path ‖ hash), in path order. */
    records(): Uint8Array;
}
