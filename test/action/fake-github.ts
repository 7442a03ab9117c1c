// A local GitHub REST API for the action's tests, on 127.0.0.1. It implements the endpoints the
// action uses, answers as GitHub does (shapes from the REST reference), rejects what GitHub would
// reject (no token, missing or malformed fields, comments over 65,536 characters, unknown routes), and
// can inject faults: 5xx, 403 with retry-after, and dropped connections.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeFile {
  filename: string;
  status: "added" | "modified" | "removed" | "renamed";
  type?: "file" | "symlink" | "submodule";
  content?: string;
}

interface Pull {
  headSha: string;
  files: FakeFile[];
}

export type Fault = "500" | "403" | "drop";

export class FakeGitHub {
  readonly pulls = new Map<number, Pull>();
  readonly comments: { id: number; issue: number; login: string; body: string }[] = [];
  readonly checkRuns: Record<string, unknown>[] = [];
  readonly commitPulls = new Map<string, number[]>();
  readonly requests: string[] = [];
  private faults: { match: RegExp; kind: Fault; left: number }[] = [];
  private nextId = 100;
  private server!: Server;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** The next `times` requests matching `match` ("GET /repos/…") fail with `kind`. */
  inject(match: RegExp, kind: Fault, times = 1): void {
    this.faults.push({ match, kind, left: times });
  }

  pull(number: number, headSha: string, files: FakeFile[]): void {
    this.pulls.set(number, { headSha, files });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const line = `${req.method} ${url.pathname}`;
    this.requests.push(line);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const fault = this.faults.find((f) => f.left > 0 && f.match.test(line));
    if (fault) {
      fault.left--;
      if (fault.kind === "drop") return void req.socket.destroy();
      if (fault.kind === "403")
        return this.send(
          res,
          403,
          { message: "You have exceeded a secondary rate limit." },
          { "retry-after": "1" },
        );
      return this.send(res, 500, { message: "Server Error" });
    }
    if (!/^(token|bearer) \S+/i.test(req.headers.authorization ?? ""))
      return this.send(res, 401, { message: "Requires authentication" });
    let body: Record<string, unknown> = {};
    if (chunks.length > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return this.send(res, 400, { message: "Problems parsing JSON" });
      }
    }
    const m = (re: RegExp) => re.exec(url.pathname);
    let r: RegExpExecArray | null;
    if (req.method === "GET" && (r = m(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/))) {
      const pull = this.pulls.get(Number(r[1]));
      if (!pull) return this.send(res, 404, { message: "Not Found" });
      const per = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const list = pull.files.slice(0, 3000).map((f, i) => ({
        sha: `${i}`.padStart(40, "0"),
        filename: f.filename,
        status: f.status,
        additions: 1,
        deletions: 0,
        changes: 1,
      }));
      return this.send(res, 200, list.slice((page - 1) * per, page * per));
    }
    if (req.method === "GET" && (r = m(/^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/))) {
      const path = decodeURIComponent(r[1]!);
      const ref = url.searchParams.get("ref");
      for (const pull of this.pulls.values()) {
        if (pull.headSha !== ref) continue;
        const f = pull.files.find((x) => x.filename === path && x.status !== "removed");
        if (!f) continue;
        const content = f.content ?? "";
        const type = f.type ?? "file";
        const size = Buffer.byteLength(content);
        const doc: Record<string, unknown> = {
          type,
          name: path.split("/").pop(),
          path,
          sha: "0".repeat(40),
          size,
        };
        // like GitHub, only files up to 1 MB carry their content
        if (type === "file" && size <= 1024 * 1024)
          Object.assign(doc, { encoding: "base64", content: Buffer.from(content).toString("base64") });
        if (type === "symlink") doc.target = "../state/genesis.json";
        return this.send(res, 200, doc);
      }
      return this.send(res, 404, { message: "Not Found" });
    }
    if (req.method === "GET" && (r = m(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      const issue = Number(r[1]);
      return this.send(
        res,
        200,
        this.comments
          .filter((c) => c.issue === issue)
          .map((c) => ({ id: c.id, body: c.body, user: { login: c.login, type: "Bot" } })),
      );
    }
    if (req.method === "POST" && (r = m(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/))) {
      if (typeof body.body !== "string")
        return this.send(res, 422, { message: "Invalid request: body is required" });
      if (body.body.length > 65536)
        return this.send(res, 422, { message: "body is too long (maximum is 65536 characters)" });
      const c = { id: this.nextId++, issue: Number(r[1]), login: "github-actions[bot]", body: body.body };
      this.comments.push(c);
      return this.send(res, 201, { id: c.id, body: c.body, user: { login: c.login } });
    }
    if (req.method === "PATCH" && (r = m(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/))) {
      const c = this.comments.find((x) => x.id === Number(r![1]));
      if (!c) return this.send(res, 404, { message: "Not Found" });
      if (typeof body.body !== "string" || body.body.length > 65536)
        return this.send(res, 422, { message: "Invalid request" });
      c.body = body.body;
      return this.send(res, 200, { id: c.id, body: c.body, user: { login: c.login } });
    }
    if (req.method === "POST" && m(/^\/repos\/[^/]+\/[^/]+\/check-runs$/)) {
      const out = body.output as { title?: unknown; summary?: unknown } | undefined;
      const ok =
        typeof body.name === "string" &&
        typeof body.head_sha === "string" &&
        /^[0-9a-f]{40}$/.test(body.head_sha) &&
        (body.conclusion === undefined ||
          ["success", "failure", "neutral", "cancelled", "skipped", "timed_out", "action_required"].includes(
            body.conclusion as string,
          )) &&
        (out === undefined ||
          (typeof out.title === "string" && typeof out.summary === "string" && out.summary.length <= 65535));
      if (!ok) return this.send(res, 422, { message: "Invalid request" });
      this.checkRuns.push(body);
      return this.send(res, 201, { id: this.nextId++, ...body });
    }
    if (req.method === "GET" && (r = m(/^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]{40})\/pulls$/))) {
      const numbers = this.commitPulls.get(r[1]!) ?? [];
      return this.send(
        res,
        200,
        numbers.map((n) => ({ number: n, state: "closed", merged_at: "2026-11-24T12:00:00Z" })),
      );
    }
    return this.send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-ratelimit-remaining": "4999",
      ...headers,
    });
    res.end(JSON.stringify(body));
  }
}
