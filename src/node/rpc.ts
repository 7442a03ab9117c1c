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
/** EIP-1474's "limit exceeded": the node is busy, or a request has used its share */
export const LIMIT_EXCEEDED = -32005;

/** At most this many calls in one batch. */
export const MAX_BATCH = 100;
/**
 * Arrays and objects in a body: at most this deep, and this many. A request needs 4 levels (a batch, a
 * call, its params, a view's args) and about 3 per call; refused before JSON.parse builds anything, so
 * a body of nested brackets costs a scan, not a million objects.
 */
export const MAX_DEPTH = 8;
export const MAX_CONTAINERS = 1_000;

/** What the methods know of the HTTP request a call came in (a batch is one request). */
export interface RequestContext {
  /** who sent it, for fair use of the workers: a web page's origin, or "local" */
  client: string;
  /** gas the request's views and simulations have used so far (methods.ts caps it) */
  gasUsed: number;
}

export class RpcError extends Error {
  constructor(
    readonly rpcCode: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Parameters a method cannot take (E_PARAMS), and a call refused while the node is busy (E_BUSY). */
export const paramsError = (message: string) => new RpcError(INVALID_PARAMS, message, { code: "E_PARAMS" });
export const busyError = (message: string) => new RpcError(LIMIT_EXCEEDED, message, { code: "E_BUSY" });

export interface Method {
  /** the parameter names, in positional order; params may be given as an array or by name */
  params: string[];
  /** how many of them are required */
  required?: number;
  run(params: unknown[], context: RequestContext): unknown | Promise<unknown>;
}

type Id = string | number | null;
type Response = { jsonrpc: "2.0"; id: Id } & (
  | { result: unknown }
  | { error: { code: number; message: string; data?: Record<string, unknown> } }
);

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
  onInternalError: (e: unknown) => void,
  context: RequestContext,
): Promise<Response | Response[] | undefined> {
  const shape = shapeError(body);
  if (shape) return failure(null, INVALID_REQUEST, shape, { code: "E_SHAPE" });
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return failure(null, PARSE_ERROR, "the request body is not JSON", { code: "E_JSON" });
  }
  /** One call's response; undefined for a notification (a call without an id), which gets none. */
  const one = async (req: unknown): Promise<Response | undefined> => {
    if (typeof req !== "object" || req === null || Array.isArray(req))
      return failure(null, INVALID_REQUEST, "a request must be a JSON object");
    const r = req as Record<string, unknown>;
    const rid = (r.id ?? null) as Id;
    if (rid !== null && typeof rid !== "string" && typeof rid !== "number")
      return failure(null, INVALID_REQUEST, "id must be a string, a number or null");
    if (r.jsonrpc !== "2.0") return failure(rid, INVALID_REQUEST, 'jsonrpc must be "2.0"');
    if (typeof r.method !== "string") return failure(rid, INVALID_REQUEST, "method must be a string");
    const method = Object.hasOwn(methods, r.method) ? methods[r.method] : undefined;
    let response: Response;
    try {
      if (!method)
        throw new RpcError(METHOD_NOT_FOUND, `no method ${JSON.stringify(r.method).slice(0, 80)}`, {
          code: "E_METHOD",
        });
      response = { jsonrpc: "2.0", id: rid, result: await method.run(positional(r.params, method), context) };
    } catch (e) {
      if (e instanceof RpcError) response = failure(rid, e.rpcCode, e.message, e.data);
      else {
        onInternalError(e);
        response = failure(rid, INTERNAL_ERROR, "internal error", { code: "E_INTERNAL" });
      }
    }
    return "id" in r ? response : undefined;
  };
  if (!Array.isArray(doc)) return one(doc);
  // a batch over MAX_BATCH was refused by shapeError
  if (doc.length === 0) return failure(null, INVALID_REQUEST, "a batch must hold at least one request");
  const out: Response[] = [];
  // one after the other: calls read one consistent head unless a tinychain_sync among them moves it
  for (const r of doc) {
    const answer = await one(r);
    if (answer) out.push(answer);
  }
  return out.length > 0 ? out : undefined;
}

/** Values given by name as an array in the order of `names`; a name not among them is refused. */
export function byName(named: Record<string, unknown>, names: string[], what: string): unknown[] {
  for (const k of Object.keys(named))
    if (!names.includes(k)) throw paramsError(`unknown ${what} ${JSON.stringify(k).slice(0, 80)}`);
  return names.map((k) => named[k]);
}

/** Params as an array in the method's order, whether they came as an array or by name. */
function positional(params: unknown, { params: names, required = names.length }: Method): unknown[] {
  let list: unknown[];
  if (params === undefined) list = [];
  else if (Array.isArray(params)) list = params;
  else if (typeof params === "object" && params !== null) {
    list = byName(params as Record<string, unknown>, names, "parameter");
    while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
  } else throw paramsError("params must be an array or an object");
  if (list.length < required || list.length > names.length)
    throw paramsError(
      `expects ${required === names.length ? required : `${required} to ${names.length}`} parameter${names.length === 1 ? "" : "s"} (${names.join(", ")}), got ${list.length}`,
    );
  return list;
}

/**
 * Why a body nests deeper or holds more arrays and objects than any request needs, or holds a batch
 * over MAX_BATCH; undefined when it does not. One pass over the text, strings skipped; what is not JSON
 * is left to JSON.parse.
 */
export function shapeError(text: string): string | undefined {
  let depth = 0;
  let containers = 0;
  let topItems = 0; // commas directly inside a top-level array: a batch's length, less one
  const batch = text.trimStart().startsWith("[");
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote, the first one after an even number of backslashes
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return undefined; // not JSON: JSON.parse says so
        let k = i - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((i - 1 - k) % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH)
        return `the request nests arrays and objects more than ${MAX_DEPTH} deep; no request needs that`;
      if (++containers > MAX_CONTAINERS)
        return `the request holds more than ${MAX_CONTAINERS} arrays and objects; no request needs that`;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && depth === 1) topItems++;
  }
  if (batch && topItems >= MAX_BATCH)
    return `a batch holds at most ${MAX_BATCH} requests, this one ${topItems + 1}`;
  return undefined;
}
