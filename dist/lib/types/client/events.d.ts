import type { Header, IndexedLog } from "./types.js";
export interface SubscribeHandlers {
    onHead?(header: Header): void;
    onLog?(log: IndexedLog): void;
    /** the stream was refused or ended, and is not reopened (an interrupted EventSource reconnects) */
    onError?(error: Error): void;
}
export interface Subscription {
    /** resolves at the first `head` event: from then on every new block is pushed */
    ready: Promise<void>;
    close(): void;
}
/** The constructor of an EventSource (the browser's, Node's, or a package's). */
export type EventSourceClass = new (url: string) => {
    addEventListener(type: string, listener: (e: {
        data?: string;
    }) => void): void;
    close(): void;
    readyState: number;
};
export declare function subscribe(url: string, handlers: SubscribeHandlers, options: {
    EventSource?: EventSourceClass;
    fetch?: typeof fetch;
}): Subscription;
