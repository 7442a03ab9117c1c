// The relay's HTTP side: the node's own server (node/server.ts: 127.0.0.1 only, the Host check,
// application/json POSTs from allowed origins, body, nesting and time limits, CORS for one origin) with
// the relay's JSON-RPC methods and two GET routes, and in front of it the one thing the relay needs that
// the node does not: who the client is, for the per-client limit (docs/relay.md "Limits").

import type { IncomingMessage } from "node:http";
import type { StaticFile } from "../node/page.ts";
import { type Method, NOT_FOUND, paramsError, RpcError } from "../node/rpc.ts";
import { startServer } from "../node/server.ts";
import type { Relay } from "./relay.ts";

const TX_ID = /^0x[0-9a-f]{64}$/;

/**
 * The client a request comes from: the connection's address, or with `trustProxy` (the relay behind a
 * reverse proxy on the same machine) the address the proxy appended last to X-Forwarded-For, the only
 * one a client cannot choose.
 */
function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers["x-forwarded-for"];
  const last = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").pop()?.trim();
  return trustProxy && last ? last.slice(0, 64) : (req.socket.remoteAddress ?? "unknown");
}

function statusOf(relay: Relay, id: unknown): Record<string, unknown> {
  if (typeof id !== "string" || !TX_ID.test(id))
    throw paramsError("id must be a transaction id: 0x and 64 lowercase hex digits");
  const status = relay.status(id);
  if (!status) throw new RpcError(NOT_FOUND, `this relay has no transaction ${id}`, { code: "E_UNKNOWN" });
  return status;
}

const json = (body: unknown): StaticFile => ({
  type: "application/json; charset=utf-8",
  body: `${JSON.stringify(body)}\n`,
  csp: "default-src 'none'; frame-ancestors 'none'",
});

export async function startRelayServer(
  relay: Relay,
  port: number,
  options: { cors?: string; trustProxy: boolean; onInternalError: (e: unknown) => void },
) {
  const methods: Record<string, Method> = {
    relay_submit: {
      params: ["file"],
      run: ([file], { client }) => relay.submit(file, client),
    },
    relay_status: { params: ["id"], run: ([id]) => statusOf(relay, id) },
    relay_info: { params: [], run: () => relay.info() },
  };
  const get = (url: string): StaticFile | undefined => {
    const path = url.split("?")[0]!;
    if (path === "/relay/info") return json(relay.info());
    // a status is found by a transaction id only: any other text finds none
    const status = path.startsWith("/relay/tx/") ? relay.status(path.slice("/relay/tx/".length)) : undefined;
    return status && json(status);
  };
  return startServer(methods, port, options.onInternalError, {
    cors: options.cors,
    get,
    // the per-client limit counts by address, never by a web page's origin
    clientOf: (req) => clientAddress(req, options.trustProxy),
  });
}
