export declare class JsonNumber {
    readonly text: string;
    constructor(text: string);
}
export type Json = null | boolean | string | JsonNumber | Json[] | {
    [key: string]: Json;
};
export declare class JsonError extends Error {
}
export declare function parseStrictJson(text: string): Json;
export declare function decodeUtf8Strict(bytes: Uint8Array): string;
