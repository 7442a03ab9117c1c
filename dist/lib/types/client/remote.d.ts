import { type Header } from "../chain/block.js";
import { type Genesis } from "../chain/genesis.js";
import type { AccountData } from "../chain/state.js";
import { HostUnavailable } from "../lang/errors.js";
import type { ChainView } from "./query.js";
import type { Block } from "./types.js";
import { type Waiting } from "./waiting.js";
export declare class NeedFile extends HostUnavailable {
    readonly path: string;
    constructor(path: string);
}
/** Why a file could not be read: its path and what the server said. */
export declare class FetchError extends Error {
}
export declare class RemoteChain implements ChainView {
    readonly base: string;
    private readonly fetchText;
    /** fetched files: their text, or null for a 404 */
    private readonly files;
    /** each file's one fetch, under way or done */
    private readonly fetches;
    private genesisCache;
    /** how many files were fetched (the bench's "reads only what it shows") */
    fetched: number;
    /** `base`: where the repository's files are, ending in "/" (…/owner/repo/main/ or the node's /) */
    constructor(base: string, fetchText?: (url: string) => Promise<string | null>);
    /** A file's text, or undefined when the repository has no such file; NeedFile until fetched. */
    text(path: string): string | undefined;
    /** A file as JSON; `required`: a file of every chain (its genesis, its head), refused when missing. */
    private json;
    genesis(): Genesis;
    head(): Header;
    account(address: string): AccountData | undefined;
    storage(address: string, key: string): string | undefined;
    /** One block's file (state/blocks/…): its header, transactions and receipts as the action wrote them. */
    block(n: number): Block | undefined;
    /** The waiting line of state/waiting.json (the empty line when there is none); WaitingFileError. */
    waiting(): Waiting;
    /** Fetches files (at once); each only once, however many runs ask for it (a failed one again). */
    prefetch(paths: string[]): Promise<void>;
    /** Runs `compute` until every file it reads has been fetched; its answer. */
    load<T>(compute: () => T): Promise<T>;
}
/** GET a file: its text, null on 404, an error naming the URL otherwise. */
export declare function httpText(url: string, fetchFn?: typeof fetch): Promise<string | null>;
