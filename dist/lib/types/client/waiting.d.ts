export declare const WAITING_PATH = "state/waiting.json";
/** A valid transaction pull request not merged yet: how long it has been open and what it waits for. */
export interface WaitingEntry {
    pull: number;
    /** how long it had been open when the line was read ("3 h 20 min") */
    age: string;
    waitsFor: string;
    /** open longer than half the sequencing window: its forced inclusion is near */
    pastHalfWindow: boolean;
}
export interface WaitingLine {
    /** when it was read from GitHub (ISO 8601, to the second) */
    readAt: string;
    /** the sequencing window in words, or null when the policy sets none */
    window: string | null;
    open: WaitingEntry[];
    /** open transaction pull requests past those shown (the oldest are shown) */
    more: number;
    /** valid transaction pull requests closed without merging, in the last `vetoBlocks` blocks */
    vetoes: {
        pull: number;
        closedAt: string;
    }[];
    vetoBlocks: number;
}
/** The file: the line, and the block whose commit wrote it. */
export interface WaitingFile extends WaitingLine {
    block: number;
}
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
/**
 * The waiting line of the file's text, with exactly its fields: the empty line when there is no file
 * (undefined); WaitingFileError naming the field at fault.
 */
export declare function waitingOf(text: string | undefined): Waiting;
/** The file apply writes: the line as read from GitHub, recorded with the block its commit makes. */
export declare function waitingFileText(line: WaitingLine, block: number): string;
