// A fetch for the GitHub API on node:http and node:https. Node's own fetch loads its undici on first
// use (about 40 ms of every action run); this transport gives Octokit what it reads of a response
// (status, url, headers, text/json/arrayBuffer) and keeps connections alive between the calls.

import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

export interface HeadersLike {
  get(name: string): string | null;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

export interface ResponseLike {
  status: number;
  statusText: string;
  url: string;
  headers: HeadersLike;
  body: null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type FetchLike = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: unknown },
) => Promise<ResponseLike>;

class SimpleHeaders implements HeadersLike {
  private readonly map = new Map<string, string>();
  constructor(raw: Record<string, string | string[] | undefined>) {
    for (const [k, v] of Object.entries(raw))
      if (v !== undefined) this.map.set(k.toLowerCase(), Array.isArray(v) ? v.join(", ") : v);
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
const TIMEOUT_MS = 30_000;
const MAX_BODY = 64 * 1024 * 1024;

export const nodeFetch: FetchLike = (url, init = {}) =>
  new Promise((resolve, reject) => {
    const u = new URL(url);
    const secure = u.protocol === "https:";
    const body =
      init.body === undefined || init.body === null
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : JSON.stringify(init.body);
    const req = (secure ? httpsRequest : httpRequest)(
      u,
      {
        method: init.method ?? "GET",
        headers: {
          ...(init.headers ?? {}),
          ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}),
        },
        agent: secure ? agents.https : agents.http,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY)
            req.destroy(new Error(`the response from ${u.host} is larger than ${MAX_BODY} bytes`));
          else chunks.push(c);
        });
        res.on("error", reject);
        res.on("end", () => {
          const buf = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            url,
            headers: new SimpleHeaders(res.headers),
            body: null,
            text: async () => buf.toString("utf8"),
            json: async () => JSON.parse(buf.toString("utf8")),
            arrayBuffer: async () =>
              buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer,
          });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer from ${u.host} within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });

/** Lets the process exit while idle keep-alive connections remain. */
export function closeConnections(): void {
  agents.http.destroy();
  agents.https.destroy();
}
