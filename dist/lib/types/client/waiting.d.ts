export declare const WAITING_PATH = "state/waiting.json";
/** What a chain with no waiting line answers: nothing waits that anyone recorded. */
export declare const NO_WAITING_LINE: {
    block: null;
    readAt: null;
    window: null;
    open: never[];
    more: number;
    vetoes: never[];
    vetoBlocks: number;
};
/** What tinychain_waiting and RemoteChain.waiting() answer: the file, or the empty line. */
export type Waiting = WaitingFile | typeof NO_WAITING_LINE;
export declare class WaitingFileError extends Error {
    readonly code = "E_WAITING";
}
/** each field's kind: what it must be, in the words of the error that names it, and the check */
type Kind<T> = [want: string, ok: (x: unknown) => x is T];
declare const LINE: {
    block: Kind<number>;
    /** when it was read from GitHub (ISO 8601, to the second) */
    readAt: Kind<string>;
    /** the sequencing window in words, or null when the policy sets none */
    window: Kind<string | null>;
    /** open transaction pull requests past those shown (the oldest are shown) */
    more: Kind<number>;
    vetoBlocks: Kind<number>;
};
/** A valid transaction pull request not merged yet: how long it has been open and what it waits for. */
declare const ENTRY: {
    pull: Kind<number>;
    /** how long it had been open when the line was read ("3 h 20 min") */
    age: Kind<string>;
    waitsFor: Kind<string>;
    /** open longer than half the sequencing window: its forced inclusion is near */
    pastHalfWindow: Kind<boolean>;
};
/** A valid transaction pull request closed without merging (a veto), in the last `vetoBlocks` blocks. */
declare const VETO: {
    pull: Kind<number>;
    closedAt: Kind<string>;
};
/** The object a table of kinds describes. */
type Shape<K> = {
    [F in keyof K]: K[F] extends Kind<infer T> ? T : never;
};
export type WaitingEntry = Shape<typeof ENTRY>;
/** The file: the line, and the block whose commit wrote it. */
export type WaitingFile = Shape<typeof LINE> & {
    open: WaitingEntry[];
    vetoes: Shape<typeof VETO>[];
};
/** The line as apply reads it from GitHub, before a block records it. */
export type WaitingLine = Omit<WaitingFile, "block">;
/**
 * The waiting line of the file's text, with exactly its fields: the empty line when there is no file
 * (undefined); WaitingFileError naming the field at fault.
 */
export declare function waitingOf(text: string | undefined): Waiting;
/** What the explorer and the page say before the open pull requests: what the window (in words) does. */
export declare const openSentence: (window: string | null) => string;
/** The file apply writes: the line as read from GitHub, recorded with the block its commit makes. */
export declare function waitingFileText(line: WaitingLine, block: number): string;
export {};
