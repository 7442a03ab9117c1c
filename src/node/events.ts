// Subscriptions (docs/rpc.md "Subscriptions"): GET /events is a stream of server-sent events, which a
// browser page reads with EventSource: a `head` event for each block the node newly serves (and one for
// the head at once), and a `log` event for each of its logs that matches the filter in the query
// (?address=0x…&event=Name). The server has checked Host and Origin before it gets here.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Follower } from "./follower.ts";
import { address, eventName, logJson } from "./methods.ts";
import { busyError, paramsError } from "./rpc.ts";

/** Streams open at once; the next one is answered 503 E_BUSY. */
export const MAX_SUBSCRIBERS = 64;
/** A subscriber that has this much unread is too slow to keep: its stream is closed. */
export const MAX_UNREAD_BYTES = 1 << 20;
/** A comment line this often, so that proxies and browsers see the stream is alive. */
const PING_MS = 15_000;

interface Subscriber {
  res: ServerResponse;
  address?: string;
  event?: string;
}

const message = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export class Subscriptions {
  private readonly subscribers = new Set<Subscriber>();
  private readonly ping: NodeJS.Timeout;

  constructor(private readonly node: Follower) {
    node.onServed = (from, to) => this.publish(from, to);
    this.ping = setInterval(() => this.broadcast(() => ": ping\n\n"), PING_MS);
    this.ping.unref();
  }

  /**
   * Answers GET /events with a stream; throws the JSON-RPC error of a wrong filter (answered 400), or
   * E_BUSY when there are MAX_SUBSCRIBERS already (503).
   */
  subscribe(req: IncomingMessage, res: ServerResponse): void {
    const query = new URL(req.url ?? "/", "http://node").searchParams;
    for (const k of query.keys())
      if (k !== "address" && k !== "event")
        throw paramsError(`unknown query parameter ${JSON.stringify(k).slice(0, 80)} (address, event)`);
    const a = query.get("address");
    const e = query.get("event");
    const sub: Subscriber = {
      res,
      address: a === null ? undefined : address("address", a),
      event: e === null ? undefined : eventName("event", e),
    };
    if (this.subscribers.size >= MAX_SUBSCRIBERS)
      throw busyError(`the node streams to ${MAX_SUBSCRIBERS} subscribers at most: close one first`);
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    });
    // the stream has no end: the idle timeouts are for connections that say nothing
    req.socket.setTimeout(0);
    this.subscribers.add(sub);
    res.on("close", () => this.subscribers.delete(sub));
    const head = this.node.blockRecord(this.node.head().number);
    this.send(sub, `retry: 2000\n\n${message("head", head?.header)}`);
  }

  private send(sub: Subscriber, text: string): void {
    if (sub.res.writableLength > MAX_UNREAD_BYTES) {
      // it does not read: drop it rather than hold what it has not read
      this.subscribers.delete(sub);
      sub.res.destroy();
      return;
    }
    sub.res.write(text);
  }

  private broadcast(text: (sub: Subscriber) => string): void {
    // never empty: a ping, or a block's head and its logs
    for (const sub of this.subscribers) this.send(sub, text(sub));
  }

  /** Blocks from…to are served: their heads, and their logs to the subscribers whose filter they match. */
  private publish(from: number, to: number): void {
    if (this.subscribers.size === 0) return;
    for (let n = from; n <= to; n++) {
      // each message is serialised once, whoever it goes to
      const head = message("head", this.node.blockRecord(n)?.header);
      const logs = this.node.index.logs.find(undefined, { fromBlock: n, toBlock: n, limit: Infinity }).found;
      const texts = logs.map((e) => message("log", logJson(this.node.index, e)));
      this.broadcast((sub) => {
        let text = head;
        // a row's address and event by index: no array iterator per log and subscriber
        logs.forEach((r, i) => {
          if ((sub.address ?? r[4]) === r[4] && (sub.event ?? r[5]) === r[5]) text += texts[i];
        });
        return text;
      });
    }
  }

  close(): void {
    clearInterval(this.ping);
    for (const sub of this.subscribers) sub.res.end();
    this.subscribers.clear();
  }
}
