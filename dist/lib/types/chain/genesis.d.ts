export interface Genesis {
    chainId: number;
    name: string;
    /** the only address that may mint sneed through SneedToken; null: nobody */
    minter: string | null;
    /** receives the priority fees (tips) of every block */
    coinbase: string;
    blockGasLimit: number;
    minBaseFee: bigint;
    initialBaseFee: bigint;
    /** address → sneed at genesis */
    alloc: Map<string, bigint>;
    /** unix seconds: block 0's timestamp */
    timestamp: number;
}
export declare const GENESIS_DEFAULTS: {
    name: string;
    blockGasLimit: number;
    minBaseFee: bigint;
    initialBaseFee: bigint;
    coinbase: string;
};
export declare class GenesisError extends Error {
}
export declare function parseGenesis(doc: unknown): Genesis;
/** The JSON document of a genesis (what `init` writes), keys sorted by the canonical writer. */
export declare function genesisToJson(g: Genesis): Record<string, unknown>;
