// The node's HTTP side: JSON-RPC over POST and the chain's web page over GET, on 127.0.0.1 only (never
// another interface: the node has no authentication), bodies capped, one JSON answer per request.
// Browsers may call the JSON-RPC only from the origin given with --cors.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { StaticFile } from "./page.ts";
import { failure, handleRpc, INTERNAL_ERROR, INVALID_REQUEST, type Method } from "./rpc.ts";

/** The largest request body the node reads: a batch of 100 transaction files fits. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The body as text, or undefined when it is over the cap (the rest is read and dropped, up to 8×). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
      else if (size > 8 * MAX_REQUEST_BYTES) req.destroy();
    });
    req.on("end", () =>
      resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}

export function startServer(
  methods: Record<string, Method>,
  port: number,
  onInternalError: (e: unknown) => void,
  /** the web origin allowed to call the node from a browser ("*" for any); none by default */
  cors?: string,
  /** GET: the chain's web page and the state files it reads (page.ts) */
  get?: (path: string) => StaticFile | undefined,
): Promise<Server> {
  const server = createServer(async (req, res) => {
    try {
      if (cors) {
        res.setHeader("access-control-allow-origin", cors);
        res.setHeader("vary", "origin");
      }
      if (req.method === "OPTIONS" && cors) {
        // a browser's preflight before a JSON POST
        res.writeHead(204, {
          "access-control-allow-methods": "POST",
          "access-control-allow-headers": "content-type",
          "access-control-max-age": "600",
        });
        res.end();
        return;
      }
      if ((req.method === "GET" || req.method === "HEAD") && get) {
        const file = get(req.url ?? "/");
        if (!file) {
          res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
          res.end("no such file\n");
          return;
        }
        res.writeHead(200, {
          "content-type": file.type,
          "content-length": Buffer.byteLength(file.body),
          "cache-control": "no-cache",
          "x-content-type-options": "nosniff",
          "content-security-policy": file.csp,
        });
        res.end(req.method === "HEAD" ? undefined : file.body);
        return;
      }
      if (req.method !== "POST") {
        res.setHeader("allow", get ? "GET, HEAD, POST" : "POST");
        send(res, 405, failure(null, INVALID_REQUEST, "send JSON-RPC requests with POST"));
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        send(res, 413, failure(null, INVALID_REQUEST, `the request body is over ${MAX_REQUEST_BYTES} bytes`));
        return;
      }
      const answer = await handleRpc(body, methods, onInternalError);
      if (answer === undefined) {
        res.writeHead(204);
        res.end();
      } else send(res, 200, answer);
    } catch (e) {
      onInternalError(e);
      if (!res.headersSent)
        send(res, 500, failure(null, INTERNAL_ERROR, "internal error", { code: "E_INTERNAL" }));
    }
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
