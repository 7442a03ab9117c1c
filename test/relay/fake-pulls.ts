// The local GitHub double (test/action/fake-github.ts) with what the relay also needs: creating pull
// requests and listing them by head branch, as GitHub answers (a second pull request for one head is a
// 422). A front server answers those two routes and passes every other request to the double. It can
// make the next creation be made but never answered: what a relay killed mid-request leaves behind.
import { execFileSync } from "node:child_process";
import { createServer, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGitHub } from "../action/fake-github.ts";

export interface FakePull {
  number: number;
  branch: string;
  head: string;
  base: string;
  title: string;
  body: string;
  url: string;
}

export class FakeGitHubWithPulls {
  readonly github: FakeGitHub;
  readonly created: FakePull[] = [];
  /** the next N creations are made and never answered */
  holdCreations = 0;
  private server!: Server;
  url = "";

  constructor(readonly repo: string) {
    this.github = new FakeGitHub(repo);
  }

  async start(): Promise<void> {
    await this.github.start();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () =>
        this.handle(req.method ?? "GET", req.url ?? "/", req.headers, Buffer.concat(chunks), res),
      );
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    await this.github.stop();
  }

  private handle(
    method: string,
    rawUrl: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: ServerResponse,
  ) {
    const url = new URL(rawUrl, this.url);
    const m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    if (!m) return this.forward(method, rawUrl, headers, body, res);
    this.github.requests.push(`${method} ${url.pathname}`);
    if (!/^(token|bearer) \S+/i.test(String(headers.authorization ?? "")))
      return send(res, 401, { message: "Requires authentication" });
    if (method === "GET") {
      const head = url.searchParams.get("head")?.split(":")[1];
      return send(res, 200, this.created.filter((p) => head === undefined || p.branch === head).map(shape));
    }
    if (method !== "POST") return send(res, 404, { message: "Not Found" });
    const doc = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    if (typeof doc.head !== "string" || typeof doc.base !== "string" || typeof doc.title !== "string")
      return send(res, 422, { message: "Invalid request" });
    const sha = (ref: string) => {
      try {
        return execFileSync("git", ["rev-parse", "--verify", `refs/heads/${ref}`], {
          cwd: this.repo,
          encoding: "utf8",
        }).trim();
      } catch {
        return undefined;
      }
    };
    const head = sha(doc.head);
    const base = sha(doc.base);
    if (!head || !base)
      return send(res, 422, { message: "Validation Failed", errors: [{ field: "head", code: "invalid" }] });
    if (this.created.some((p) => p.branch === doc.head))
      return send(res, 422, {
        message: `Validation Failed: A pull request already exists for ${m[1]}:${doc.head}.`,
      });
    const number = 1000 + this.created.length;
    const pull: FakePull = {
      number,
      branch: doc.head,
      head,
      base,
      title: doc.title,
      body: typeof doc.body === "string" ? doc.body : "",
      url: `https://github.com/${m[1]}/${m[2]}/pull/${number}`,
    };
    this.created.push(pull);
    this.github.pull(number, head, base);
    if (this.holdCreations > 0) {
      this.holdCreations--;
      return; // made, never answered
    }
    send(res, 201, shape(pull));
  }

  private forward(
    method: string,
    rawUrl: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    res: ServerResponse,
  ): void {
    const req = request(`${this.github.url}${rawUrl}`, { method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.on("error", () => res.destroy());
    req.end(body);
  }
}

function shape(p: FakePull) {
  return {
    number: p.number,
    state: "open",
    html_url: p.url,
    title: p.title,
    head: { ref: p.branch, sha: p.head },
    base: { ref: "main", sha: p.base },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "x-ratelimit-remaining": "4999",
  });
  res.end(JSON.stringify(body));
}
