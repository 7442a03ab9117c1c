// JSON-RPC 2.0 (https://www.jsonrpc.org/specification): requests, batches, notifications and error
// objects. Knows nothing of the chain; the node's methods are a table handed to `handleRpc`.
// Every failure is an error object with a numeric code and, for ours, `data.code` (docs/rpc.md).

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
export const NOT_FOUND = -32001;
export const INVALID_TRANSACTION = -32002;

/** At most this many calls in one batch. */
export const MAX_BATCH = 100;

export class RpcError extends Error {
  constructor(
    readonly rpcCode: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface Method {
  /** the parameter names, in positional order; params may be given as an array or by name */
  params: string[];
  /** how many of them are required */
  required?: number;
  run(params: unknown[]): unknown | Promise<unknown>;
}

type Id = string | number | null;
type Response = { jsonrpc: "2.0"; id: Id; result: unknown } | { jsonrpc: "2.0"; id: Id; error: ErrorObject };
interface ErrorObject {
  code: number;
  message: string;
  data?: Record<string, unknown>;
}

/** A JSON-RPC error response; `data.code` carries our stable code. */
export const failure = (id: Id, code: number, message: string, data?: Record<string, unknown>): Response => ({
  jsonrpc: "2.0",
  id,
  error: data ? { code, message, data } : { code, message },
});

/**
 * Answers one HTTP body: a response, an array of responses for a batch, or undefined when the body
 * held only notifications (requests without an id), which get no answer.
 */
export async function handleRpc(
  body: string,
  methods: Record<string, Method>,
  onInternalError: (e: unknown) => void = () => {},
): Promise<Response | Response[] | undefined> {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return failure(null, PARSE_ERROR, "the request body is not JSON", { code: "E_JSON" });
  }
  if (!Array.isArray(doc)) return one(doc, methods, onInternalError);
  if (doc.length === 0) return failure(null, INVALID_REQUEST, "a batch must hold at least one request");
  if (doc.length > MAX_BATCH)
    return failure(
      null,
      INVALID_REQUEST,
      `a batch holds at most ${MAX_BATCH} requests, this one ${doc.length}`,
    );
  const out: Response[] = [];
  // one after the other: calls read one consistent head unless a tinychain_sync among them moves it
  for (const r of doc) {
    const answer = await one(r, methods, onInternalError);
    if (answer) out.push(answer);
  }
  return out.length > 0 ? out : undefined;
}

async function one(
  req: unknown,
  methods: Record<string, Method>,
  onInternalError: (e: unknown) => void,
): Promise<Response | undefined> {
  if (typeof req !== "object" || req === null || Array.isArray(req))
    return failure(null, INVALID_REQUEST, "a request must be a JSON object");
  const r = req as Record<string, unknown>;
  const hasId = "id" in r;
  const id = r.id;
  if (hasId && !(typeof id === "string" || typeof id === "number" || id === null))
    return failure(null, INVALID_REQUEST, "id must be a string, a number or null");
  const rid = (hasId ? id : null) as Id;
  if (r.jsonrpc !== "2.0") return failure(rid, INVALID_REQUEST, 'jsonrpc must be "2.0"');
  if (typeof r.method !== "string") return failure(rid, INVALID_REQUEST, "method must be a string");
  const method = Object.hasOwn(methods, r.method) ? methods[r.method] : undefined;
  const answer = async (): Promise<Response> => {
    if (!method)
      return failure(rid, METHOD_NOT_FOUND, `no method ${JSON.stringify(r.method).slice(0, 80)}`, {
        code: "E_METHOD",
      });
    try {
      const params = positional(r.params, method);
      return { jsonrpc: "2.0", id: rid, result: await method.run(params) };
    } catch (e) {
      if (e instanceof RpcError) return failure(rid, e.rpcCode, e.message, e.data);
      onInternalError(e);
      return failure(rid, INTERNAL_ERROR, "internal error", { code: "E_INTERNAL" });
    }
  };
  const response = await answer();
  return hasId ? response : undefined;
}

/** Params as an array in the method's order, whether they came as an array or by name. */
function positional(params: unknown, method: Method): unknown[] {
  const required = method.required ?? method.params.length;
  let list: unknown[];
  if (params === undefined) list = [];
  else if (Array.isArray(params)) list = params;
  else if (typeof params === "object" && params !== null) {
    const named = params as Record<string, unknown>;
    for (const k of Object.keys(named))
      if (!method.params.includes(k))
        throw new RpcError(INVALID_PARAMS, `unknown parameter ${JSON.stringify(k).slice(0, 80)}`, {
          code: "E_PARAMS",
        });
    list = method.params.map((k) => named[k]);
    while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
  } else throw new RpcError(INVALID_PARAMS, "params must be an array or an object", { code: "E_PARAMS" });
  if (list.length < required || list.length > method.params.length)
    throw new RpcError(
      INVALID_PARAMS,
      `expects ${required === method.params.length ? required : `${required} to ${method.params.length}`} parameter${method.params.length === 1 ? "" : "s"} (${method.params.join(", ")}), got ${list.length}`,
      { code: "E_PARAMS" },
    );
  return list;
}
