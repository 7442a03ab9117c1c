// The node's HTTP side: JSON-RPC over POST and the chain's web page over GET, on 127.0.0.1 only (never
// another interface: the node has no authentication), one JSON answer per request.
//
// Against web pages (docs/security.md): a request must name the node itself in Host (a page that
// rebinds its own DNS name to 127.0.0.1 names its own), a POST must be application/json (which a page
// on another site cannot send without a preflight, refused unless --cors allows it), and a browser's
// POST must come from the node's own origin or the --cors one. Against load (docs/rpc.md "Limits"):
// bodies, nesting, connections and the time a connection may take are capped.

import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { StaticFile } from "./page.ts";
import {
  failure,
  handleRpc,
  INTERNAL_ERROR,
  INVALID_REQUEST,
  LIMIT_EXCEEDED,
  type Method,
  RpcError,
} from "./rpc.ts";

/** The largest request body the node reads: a batch of 100 transaction files fits. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** Open connections at most; the next ones are closed at once. */
export const MAX_CONNECTIONS = 512;
/** The time a client has to send a request's headers, and the whole request. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** A connection with no request in progress is closed after this long without a byte. */
export const IDLE_TIMEOUT_MS = 5_000;

/** The names a request may give the node in Host: its own, at its port. */
const OWN_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/** Answers `body` as JSON; `end: false` leaves the response open (the 413 of readBody). */
function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  end = true,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  if (end) res.end(text);
  else res.write(text);
}

const refusal = (code: string, message: string) => failure(null, INVALID_REQUEST, message, { code });

/**
 * The body as text, or undefined when it is over the cap. That is answered 413 as soon as it is known,
 * and only then is the rest read and dropped: a server that closed the connection while the client
 * still sends makes the client's system reset it, and the client may never read the answer. The
 * connection closes once the body is over (or at the request timeout).
 */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      const message = `the request body is over ${MAX_REQUEST_BYTES} bytes; the node reads at most that`;
      send(res, 413, refusal("E_TOO_LARGE", message), { connection: "close" }, false);
      req.removeAllListeners("data");
      req.on("end", () => res.end());
      req.resume();
      resolve(undefined);
    };
    if (Number(req.headers["content-length"] ?? 0) > MAX_REQUEST_BYTES) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
      else tooLarge();
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startServer(
  methods: Record<string, Method>,
  port: number,
  onInternalError: (e: unknown) => void,
  options: {
    /** the web origin allowed to call the node from a browser ("*" for any); none by default */
    cors?: string;
    /** GET: the chain's web page and the state files it reads (page.ts) */
    get?: (path: string) => StaticFile | undefined;
    /** GET /events: a stream of server-sent events (events.ts), or a refusal thrown as an RpcError */
    subscribe?: (req: IncomingMessage, res: ServerResponse) => void;
    /** who a request comes from, for the methods' fair use (RequestContext): by default a web page's
     *  origin, or "local" for a program on this machine (which sends no Origin) */
    clientOf?: (req: IncomingMessage) => string;
  } = {},
): Promise<{ server: Server; url: string }> {
  const { cors, get, subscribe, clientOf = (req) => req.headers.origin ?? "local" } = options;
  // set once the port is known (0 picks one)
  let hosts = new Set<string>();
  let origins = new Set<string>();
  /** sockets with a request in progress: the idle timeout spares them */
  const working = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const refuse = (status: number, code: string, message: string) =>
      send(res, status, refusal(code, message));
    const host = (req.headers.host ?? "").toLowerCase();
    if (!hosts.has(host))
      return refuse(
        403,
        "E_HOST",
        `this node answers requests for ${[...hosts].join(", ")} only, not for Host ${JSON.stringify(host.slice(0, 100))} (a web page that points its own name at 127.0.0.1 must not read the node)`,
      );
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
    const origin = req.headers.origin;
    // a browser's request from another site (a POST, or an EventSource's GET) must be one --cors allows
    const foreign = origin !== undefined && cors !== "*" && origin !== cors && !origins.has(origin);
    const stream =
      req.method === "GET" && (req.url ?? "").split("?")[0] === "/events" ? subscribe : undefined;
    if (foreign && (stream || req.method === "POST"))
      return refuse(
        403,
        "E_ORIGIN",
        `a web page from ${JSON.stringify(origin.slice(0, 100))} may not call this node (start it with --cors ORIGIN to allow one)`,
      );
    if (stream) {
      try {
        stream(req, res);
      } catch (e) {
        if (!(e instanceof RpcError)) throw e;
        // a node streaming to all it can is busy; anything else is a wrong filter
        send(res, e.rpcCode === LIMIT_EXCEEDED ? 503 : 400, failure(null, e.rpcCode, e.message, e.data));
      }
      return;
    }
    if ((req.method === "GET" || req.method === "HEAD") && get) {
      const file = get(req.url ?? "/");
      if (!file) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("no such file\n");
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
    if (req.method !== "POST")
      return send(res, 405, failure(null, INVALID_REQUEST, "send JSON-RPC requests with POST"), {
        allow: get ? "GET, HEAD, POST" : "POST",
      });
    // a page on another site can POST text/plain without asking; application/json needs a preflight
    const type = req.headers["content-type"] ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type))
      return refuse(
        415,
        "E_CONTENT_TYPE",
        `send JSON-RPC with Content-Type: application/json, not ${JSON.stringify(type.slice(0, 100)) || "none"}`,
      );
    const body = await readBody(req, res);
    if (body === undefined) return;
    const answer = await handleRpc(body, methods, onInternalError, { client: clientOf(req), gasUsed: 0 });
    if (answer === undefined) res.writeHead(204).end();
    else send(res, 200, answer);
  };

  const server = createServer(
    {
      requestTimeout: REQUEST_TIMEOUT_MS,
      headersTimeout: HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: 1000,
    },
    async (req, res) => {
      working.add(req.socket);
      res.on("close", () => working.delete(req.socket));
      try {
        await handle(req, res);
      } catch (e) {
        onInternalError(e);
        if (!res.headersSent)
          send(res, 500, failure(null, INTERNAL_ERROR, "internal error", { code: "E_INTERNAL" }));
      }
    },
  );
  server.keepAliveTimeout = IDLE_TIMEOUT_MS;
  server.maxConnections = MAX_CONNECTIONS;
  // a connection that never sends a request (or stops between two) is closed; one waiting for its
  // answer (a queued simulation) is not
  server.timeout = IDLE_TIMEOUT_MS;
  server.on("timeout", (socket: Socket) => {
    if (!working.has(socket)) socket.destroy();
  });
  // a port the system refuses rejects, with the listen's error
  await once(server.listen(port, "127.0.0.1"), "listening");
  // listening on a TCP port: its address is an object, never a pipe's name
  const actual = (server.address() as AddressInfo).port;
  const names = [...OWN_HOSTS];
  if (cors && cors !== "*") names.push(new URL(cors).hostname);
  hosts = new Set(names.map((h) => `${h}:${actual}`));
  origins = new Set(OWN_HOSTS.map((h) => `http://${h}:${actual}`));
  return { server, url: `http://127.0.0.1:${actual}` };
}
