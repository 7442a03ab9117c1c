// Subscriptions to a node's GET /events (docs/rpc.md "Subscriptions"): heads and matching logs pushed as
// server-sent events. A browser (or Node given an EventSource) reads them with EventSource, which
// reconnects by itself; without one, the stream is read with fetch and parsed here
// (the format is a few lines: https://html.spec.whatwg.org/multipage/server-sent-events.html), and a
// stream that ends is reported to onError, not reopened.

import type { Header, IndexedLog } from "./types.ts";

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
export type EventSourceClass = new (
  url: string,
) => {
  addEventListener(type: string, listener: (e: { data?: string }) => void): void;
  close(): void;
  readyState: number;
};

export function subscribe(
  url: string,
  handlers: SubscribeHandlers,
  options: { EventSource?: EventSourceClass; fetch?: typeof fetch },
): Subscription {
  let opened!: () => void;
  const ready = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const dispatch = (event: string, data: string) => {
    if (event === "head") {
      opened();
      handlers.onHead?.(JSON.parse(data) as Header);
    } else if (event === "log") handlers.onLog?.(JSON.parse(data) as IndexedLog);
  };
  const ES = options.EventSource ?? (globalThis as { EventSource?: EventSourceClass }).EventSource;
  if (ES) {
    const source = new ES(url);
    for (const type of ["head", "log"]) source.addEventListener(type, (e) => dispatch(type, e.data ?? ""));
    // an EventSource reconnects by itself after an interruption; only a stream it gives up is an error
    source.addEventListener("error", () => {
      if (source.readyState === 2)
        handlers.onError?.(new Error(`the node refused the event stream at ${url}`));
    });
    return { ready, close: () => source.close() };
  }
  const abort = new AbortController();
  void readStream(url, abort.signal, dispatch, options.fetch ?? fetch).catch((e: Error) => {
    if (!abort.signal.aborted) handlers.onError?.(e);
  });
  return { ready, close: () => abort.abort() };
}

async function readStream(
  url: string,
  signal: AbortSignal,
  dispatch: (event: string, data: string) => void,
  fetchFn: typeof fetch,
): Promise<void> {
  const res = await fetchFn(url, { signal, headers: { accept: "text/event-stream" } });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(`the node refused the event stream (HTTP ${res.status}): ${body?.error?.message ?? ""}`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = "";
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the node closed the event stream at ${url}`);
    const lines = (buffer + value).split(/\r\n|\r|\n/);
    buffer = lines.pop()!;
    for (const line of lines) {
      // "field: text", or a field alone; a comment (":…") has the field "", as an empty line has (the s
      // flag: a text may hold U+2028, which is no line break of the stream)
      const [, field, text = ""] = /^([^:]*)(?:: ?(.*))?$/s.exec(line)!;
      if (field === "event") event = text;
      else if (field === "data") data.push(text);
      else if (line === "") {
        // an empty line ends the event
        if (data.length > 0) dispatch(event || "message", data.join("\n"));
        event = "";
        data = [];
      }
    }
  }
}
