// A local GitHub REST API for the action's tests, on 127.0.0.1, backed by a real git repository (the
// bare origin): trees, blobs, comparisons and commit lists are git's own answers, so symlinks, file
// modes and moved heads are what git makes of them. It implements the endpoints the action uses,
// answers as GitHub does (shapes from the REST reference), rejects what GitHub would reject (no token,
// malformed fields, comments over 65,536 characters, unknown routes), and injects faults: 5xx, 403
// secondary rate limits with retry-after, 429s with retry-after, and dropped connections.
import { execFileSync } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface Pull {
  head: string;
  base: string;
}

export type Fault = "500" | "403" | "429" | "drop";

const STATUS: Record<string, string> = {
  A: "added",
  M: "modified",
  D: "removed",
  R: "renamed",
  C: "copied",
  T: "changed",
};

export class FakeGitHub {
  readonly pulls = new Map<number, Pull>();
  readonly comments: { id: number; issue: number; login: string; body: string }[] = [];
  readonly checkRuns: Record<string, unknown>[] = [];
  /** commit → the merged pull requests GitHub associates with it */
  readonly commitPulls = new Map<string, number[]>();
  readonly requests: string[] = [];
  private faults: { match: RegExp; kind: Fault; left: number }[] = [];
  private nextId = 100;
  private server!: Server;
  url = "";

  /** `repo`: the git repository the API answers for (the tests' bare origin). */
  constructor(readonly repo: string) {}

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

  /** Pull request `number` now has head `head` on top of base commit `base`. */
  pull(number: number, head: string, base: string): void {
    this.pulls.set(number, { head, base });
  }

  private git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.repo, encoding: "utf8", maxBuffer: 64 << 20 });
  }

  private tryGit(...args: string[]): string | undefined {
    try {
      return this.git(...args);
    } catch {
      return undefined;
    }
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
      if (fault.kind === "429")
        // a rate limit in other words than "secondary rate limit", as GitHub also answers
        return this.send(res, 429, { message: "Too many requests" }, { "retry-after": "1" });
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
    const route = (method: string, re: RegExp) =>
      req.method === method ? re.exec(url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, "")) : null;
    let r: RegExpExecArray | null;
    if ((r = route("GET", /^\/pulls\/(\d+)$/))) {
      const pull = this.pulls.get(Number(r[1]));
      if (!pull) return this.notFound(res);
      return this.send(res, 200, {
        number: Number(r[1]),
        state: "open",
        head: { sha: pull.head, ref: "patch-1" },
        base: { sha: pull.base, ref: "main" },
      });
    }
    if ((r = route("GET", /^\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/))) {
      const mergeBase = this.tryGit("merge-base", r[1]!, r[2]!)?.trim();
      if (!mergeBase) return this.notFound(res);
      const files = this.git("diff", "--name-status", "-M", "-z", mergeBase, r[2]!)
        .split("\0")
        .filter(Boolean);
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < files.length; ) {
        const code = files[i++]!;
        const letter = code[0]!;
        const entry: Record<string, unknown> = { status: STATUS[letter] ?? "changed" };
        if (letter === "R" || letter === "C") entry.previous_filename = files[i++];
        entry.filename = files[i++];
        out.push(entry);
      }
      // like GitHub: at most 300 files of a comparison
      return this.send(res, 200, {
        status: "ahead",
        merge_base_commit: { sha: mergeBase },
        files: out.slice(0, 300),
      });
    }
    if ((r = route("GET", /^\/git\/trees\/([0-9a-f]{40})$/))) {
      const tree = this.tryGit("rev-parse", "--verify", `${r[1]}^{tree}`)?.trim();
      if (!tree) return this.notFound(res);
      const entries = this.git("ls-tree", "-l", "-z", tree)
        .split("\0")
        .filter(Boolean)
        .map((e) => {
          const [meta, path] = e.split("\t") as [string, string];
          const [mode, type, sha, size] = meta.split(/\s+/) as [string, string, string, string];
          return { path, mode, type, sha, ...(type === "blob" ? { size: Number(size) } : {}) };
        });
      return this.send(res, 200, { sha: tree, tree: entries, truncated: false });
    }
    if ((r = route("GET", /^\/git\/blobs\/([0-9a-f]{40})$/))) {
      if (this.tryGit("cat-file", "-t", r[1]!)?.trim() !== "blob") return this.notFound(res);
      const bytes = execFileSync("git", ["cat-file", "blob", r[1]!], { cwd: this.repo });
      // GitHub wraps its base64 in lines of 60
      const content = bytes.toString("base64").replace(/.{60}/g, "$&\n");
      return this.send(res, 200, { sha: r[1], size: bytes.length, encoding: "base64", content });
    }
    if ((r = route("GET", /^\/commits$/))) {
      const ref = url.searchParams.get("sha") ?? "HEAD";
      const path = url.searchParams.get("path");
      const out = this.tryGit("log", "-1", "--format=%H", ref, "--", ...(path ? [path] : []))?.trim();
      return this.send(res, 200, out ? [{ sha: out }] : []);
    }
    if ((r = route("GET", /^\/commits\/([0-9a-f]{40})\/pulls$/))) {
      const numbers = this.commitPulls.get(r[1]!) ?? [];
      return this.send(
        res,
        200,
        numbers.map((n) => ({ number: n, state: "closed", merged_at: "2026-11-24T12:00:00Z" })),
      );
    }
    if ((r = route("GET", /^\/issues\/(\d+)\/comments$/))) {
      const issue = Number(r[1]);
      return this.send(
        res,
        200,
        this.comments
          .filter((c) => c.issue === issue)
          .map((c) => ({ id: c.id, body: c.body, user: { login: c.login, type: "Bot" } })),
      );
    }
    if ((r = route("POST", /^\/issues\/(\d+)\/comments$/))) {
      if (typeof body.body !== "string")
        return this.send(res, 422, { message: "Invalid request: body is required" });
      if (body.body.length > 65536)
        return this.send(res, 422, { message: "body is too long (maximum is 65536 characters)" });
      const c = { id: this.nextId++, issue: Number(r[1]), login: "github-actions[bot]", body: body.body };
      this.comments.push(c);
      return this.send(res, 201, { id: c.id, body: c.body, user: { login: c.login } });
    }
    if ((r = route("PATCH", /^\/issues\/comments\/(\d+)$/))) {
      const c = this.comments.find((x) => x.id === Number(r![1]));
      if (!c) return this.notFound(res);
      if (typeof body.body !== "string" || body.body.length > 65536)
        return this.send(res, 422, { message: "Invalid request" });
      c.body = body.body;
      return this.send(res, 200, { id: c.id, body: c.body, user: { login: c.login } });
    }
    if (route("POST", /^\/check-runs$/)) {
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
    return this.notFound(res);
  }

  private notFound(res: ServerResponse): void {
    this.send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
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
