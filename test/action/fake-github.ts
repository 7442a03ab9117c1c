// A local GitHub REST API for the action's tests, on 127.0.0.1, backed by a real git repository (the
// bare origin): trees, blobs, comparisons and commit lists are git's own answers, so symlinks, file
// modes and moved heads are what git makes of them. It implements the endpoints the action uses,
// answers as GitHub does (shapes from the REST reference), rejects what GitHub would reject (no token,
// malformed fields, comments over 65,536 characters), and injects faults: 5xx, 403 secondary rate
// limits with retry-after, 429s with retry-after, and dropped connections.
//
// It agrees with what GitHub publishes (issue 29): every answer is typed with the response type of
// its route in @octokit/openapi-types, so a field GitHub does not have fails the typecheck; every
// GraphQL document is validated against @octokit/graphql-schema, and refused as GitHub refuses it; a
// request no route serves is recorded in `unserved` (the tests assert there is none) rather than
// answered with a quiet 404.
import { execFileSync } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { operations } from "@octokit/openapi-types";

/** A pull request as the double keeps it. */
export interface Pull {
  head: string;
  base: string;
  state: "open" | "closed";
  merged: boolean;
  mergeCommit?: string;
  mergedBy?: string;
  createdAt: string;
  closedAt?: string;
  user: string;
  /** false: GitHub refuses the merge with 405 (branch protection, a conflict, a draft) */
  mergeable: boolean;
  reviews: { login: string; state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED"; association: string }[];
}

/** Every field optional, none added: what an answer may hold of GitHub's type for it. */
type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
type Responses<Op extends keyof operations> = operations[Op] extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : never;
/** The body of route `Op`'s answer with status `S`, as GitHub's OpenAPI description types it. */
export type Answer<Op extends keyof operations, S extends keyof Responses<Op>> = DeepPartial<
  JsonOf<Responses<Op>[S]>
>;

const nodeIdOf = (n: number) => `PR_kwDOtest${n}`;

/** "lost": the request is carried out, then the connection drops before the answer */
export type Fault = "500" | "403" | "429" | "drop" | "lost";

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
  /** requests no route of the double serves: GitHub's API would answer them differently */
  readonly unserved: string[] = [];
  /** GraphQL documents received, and the schema's errors for those GitHub would refuse */
  readonly graphql: { query: string; errors: string[] }[] = [];
  /** pull requests added to the merge queue, in order */
  readonly queue: number[] = [];
  readonly dispatches: { workflow: string; ref: string }[] = [];
  readonly merges: { number: number; sha: string | undefined; result: number }[] = [];
  readonly comments: { id: number; issue: number; login: string; body: string }[] = [];
  readonly checkRuns: Record<string, unknown>[] = [];
  /** commit → the merged pull requests GitHub associates with it */
  readonly commitPulls = new Map<string, number[]>();
  readonly requests: string[] = [];
  private faults: { match: RegExp; kind: Fault; left: number }[] = [];
  /**
   * The repository's hourly budget, per resource, as GitHub counts a workflow token's (1,000 an hour):
   * unlimited unless a test sets `limit`. Past it every request is refused with 403 and
   * `x-ratelimit-remaining: 0` until `refill()` (the hour turns; `reset` says when, unix seconds).
   */
  limit = Number.POSITIVE_INFINITY;
  readonly used = { core: 0, graphql: 0 };
  /** the requests refused because the budget was spent */
  readonly limited: string[] = [];
  reset = Math.floor(Date.now() / 1000) + 3600;

  /** A new hour: the budgets are whole again. */
  refill(): void {
    this.used.core = this.used.graphql = 0;
    this.reset = Math.floor(Date.now() / 1000) + 3600;
  }

  /** Requests other jobs of the repository made (validate runs): they count against the same budget. */
  spend(n: number, resource: "core" | "graphql" = "core"): void {
    this.used[resource] += n;
  }
  private nextId = 100;
  private server!: Server;
  url = "";

  /** `repo`: the git repository the API answers for (the tests' bare origin). */
  constructor(readonly repo: string) {}

  private validateGraphql!: typeof import("@octokit/graphql-schema")["validate"];

  async start(): Promise<void> {
    // loaded at run time, by name: the schema package reads its schema.json beside itself, which a
    // bundle (the benches') would not have
    const schemaPackage = "@octokit/graphql-schema";
    this.validateGraphql = (
      (await import(schemaPackage)) as typeof import("@octokit/graphql-schema")
    ).validate;
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops the server; fails loudly when a request went unserved or a GraphQL document was invalid. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    const invalid = this.graphql.filter((g) => g.errors.length > 0);
    if (this.unserved.length > 0 || invalid.length > 0)
      throw new Error(
        `the action made requests the GitHub double does not serve: ${[
          ...this.unserved,
          ...invalid.map((g) => `GraphQL: ${g.errors.join("; ")}`),
        ].join(", ")}`,
      );
  }

  /** Runs `f` once, just before the first request matching `match` is answered (a push landing then). */
  before(match: RegExp, f: () => void): void {
    this.hooks.push({ match, run: f });
  }

  private hooks: { match: RegExp; run: () => void }[] = [];

  /** The next `times` requests matching `match` ("GET /repos/…") fail with `kind`. */
  inject(match: RegExp, kind: Fault, times = 1): void {
    this.faults.push({ match, kind, left: times });
  }

  /** Pull request `number` now has head `head` on top of base commit `base` (a push keeps the rest). */
  pull(number: number, head: string, base: string, more: Partial<Pull> = {}): Pull {
    const old = this.pulls.get(number);
    const pull: Pull = {
      state: "open",
      merged: false,
      createdAt: "2026-11-24T12:00:00Z",
      user: "octocat",
      mergeable: true,
      reviews: [],
      ...old,
      head,
      base,
      ...more,
    };
    this.pulls.set(number, pull);
    return pull;
  }

  /** The merge GitHub makes (merge_method "merge"): a merge commit of the base branch and the head. */
  private mergePull(number: number, pull: Pull, body: Record<string, unknown>): string | undefined {
    const main = this.git("rev-parse", "refs/heads/main").trim();
    const tree = this.tryGit("merge-tree", "--write-tree", main, pull.head)?.trim();
    if (!tree) return undefined;
    // GitHub associates the pull request with each of its commits, and with its merge commit
    for (const c of this.git("rev-list", pull.head, `^${main}`).split("\n").filter(Boolean))
      this.commitPulls.set(c, [number]);
    const title = typeof body.commit_title === "string" ? body.commit_title : `Merge pull request #${number}`;
    const message = typeof body.commit_message === "string" ? `${title}\n\n${body.commit_message}` : title;
    const commit = execFileSync("git", ["commit-tree", tree, "-p", main, "-p", pull.head, "-m", message], {
      cwd: this.repo,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "github-actions[bot]",
        GIT_AUTHOR_EMAIL: "41898282+github-actions[bot]@users.noreply.github.com",
        GIT_COMMITTER_NAME: "GitHub",
        GIT_COMMITTER_EMAIL: "noreply@github.com",
      },
    }).trim();
    this.git("update-ref", "refs/heads/main", commit, main);
    return commit;
  }

  private pullAnswer(number: number, p: Pull): Answer<"pulls/get", 200> {
    return {
      number,
      node_id: nodeIdOf(number),
      state: p.state,
      draft: false,
      created_at: p.createdAt,
      user: { login: p.user, type: "User" },
      head: { sha: p.head, ref: "patch-1" },
      base: { sha: p.base, ref: "main" },
      merged: p.merged,
      mergeable: p.state === "open" ? p.mergeable : null,
      merge_commit_sha: p.mergeCommit ?? null,
      merged_by: p.mergedBy ? { login: p.mergedBy, type: "Bot" } : null,
      closed_at: p.closedAt ?? null,
      updated_at: p.closedAt ?? p.createdAt,
    };
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
    if (fault?.kind === "lost") {
      fault.left--;
      this.losing.add(res);
    } else if (fault) {
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
    const resource = url.pathname === "/graphql" ? "graphql" : "core";
    const free = line.endsWith(" /rate_limit"); // GitHub does not count it
    if (!free && this.used[resource] >= this.limit && this.limited.push(line))
      return this.send(
        res,
        403,
        { message: "API rate limit exceeded for installation ID 1." },
        this.budgetHeaders(resource),
      );
    if (!free) this.used[resource]++;
    for (const [k, v] of Object.entries(this.budgetHeaders(resource))) res.setHeader(k, v);
    const hook = this.hooks.findIndex((h) => h.match.test(line));
    if (hook >= 0) this.hooks.splice(hook, 1)[0]!.run();
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
    if (route("GET", /^\/rate_limit$/)) {
      const of = (k: "core" | "graphql") => {
        const h = this.budgetHeaders(k);
        const n = (x: string) => Number(h[x]);
        return {
          limit: n("x-ratelimit-limit"),
          remaining: n("x-ratelimit-remaining"),
          reset: this.reset,
          used: this.used[k],
        };
      };
      return this.reply<"rate-limit/get", 200>(res, 200, {
        resources: { core: of("core"), graphql: of("graphql") },
        rate: of("core"),
      });
    }
    if ((r = route("GET", /^\/pulls\/(\d+)$/))) {
      const pull = this.pulls.get(Number(r[1]));
      if (!pull) return this.notFound(res);
      return this.reply<"pulls/get", 200>(res, 200, this.pullAnswer(Number(r[1]), pull));
    }
    if (route("GET", /^\/pulls$/)) {
      const state = url.searchParams.get("state") ?? "open";
      const updated = (p: Pull) => p.closedAt ?? p.createdAt;
      const listed = [...this.pulls]
        .filter(([, p]) => state === "all" || p.state === state)
        .sort((a, b) =>
          url.searchParams.get("sort") === "updated"
            ? updated(b[1]).localeCompare(updated(a[1]))
            : a[0] - b[0],
        );
      const { items, link } = this.page(url, listed);
      return this.reply<"pulls/list", 200>(
        res,
        200,
        items.map(([n, p]) => this.pullAnswer(n, p) as Answer<"pulls/list", 200>[number]),
        link,
      );
    }
    if ((r = route("GET", /^\/pulls\/(\d+)\/reviews$/))) {
      const pull = this.pulls.get(Number(r[1]));
      if (!pull) return this.notFound(res);
      const { items, link } = this.page(url, pull.reviews);
      return this.reply<"pulls/list-reviews", 200>(
        res,
        200,
        items.map((v) => ({
          id: pull.reviews.indexOf(v) + 1,
          user: { login: v.login, type: "User" },
          state: v.state,
          commit_id: pull.head,
          author_association: v.association as "MEMBER",
        })),
        link,
      );
    }
    if ((r = route("PUT", /^\/pulls\/(\d+)\/merge$/))) {
      const number = Number(r[1]);
      const pull = this.pulls.get(number);
      if (!pull) return this.notFound(res);
      const sha = typeof body.sha === "string" ? body.sha : undefined;
      const refuse = (status: 405 | 409, message: string) => {
        this.merges.push({ number, sha, result: status });
        return void this.send(res, status, { message, documentation_url: "https://docs.github.com/rest" });
      };
      if (pull.state !== "open" || !pull.mergeable) return refuse(405, "Pull Request is not mergeable");
      if (sha !== undefined && sha !== pull.head)
        return refuse(409, "Head branch was modified. Review and try the merge again.");
      const commit = this.mergePull(number, pull, body);
      if (!commit) return refuse(405, "Merge conflict");
      Object.assign(pull, {
        state: "closed",
        merged: true,
        mergeCommit: commit,
        mergedBy: "github-actions[bot]",
        closedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      });
      this.commitPulls.set(commit, [number]);
      this.merges.push({ number, sha, result: 200 });
      return this.reply<"pulls/merge", 200>(res, 200, {
        sha: commit,
        merged: true,
        message: "Pull Request successfully merged",
      });
    }
    if ((r = route("POST", /^\/actions\/workflows\/([^/]+)\/dispatches$/))) {
      if (typeof body.ref !== "string") return this.send(res, 422, { message: "Invalid request: ref" });
      this.dispatches.push({ workflow: decodeURIComponent(r[1]!), ref: body.ref });
      res.writeHead(204);
      return void res.end();
    }
    if (req.method === "POST" && url.pathname === "/graphql") return this.graphqlAnswer(res, body);
    if ((r = route("GET", /^\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/))) {
      const mergeBase = this.tryGit("merge-base", r[1]!, r[2]!)?.trim();
      if (!mergeBase) return this.notFound(res);
      const files = this.git("diff", "--name-status", "-M", "-z", mergeBase, r[2]!)
        .split("\0")
        .filter(Boolean);
      type Entry = NonNullable<Answer<"repos/compare-commits-with-basehead", 200>["files"]>[number];
      const out: Entry[] = [];
      for (let i = 0; i < files.length; ) {
        const code = files[i++]!;
        const letter = code[0]!;
        const entry: Entry = { status: (STATUS[letter] ?? "changed") as Entry["status"] };
        if (letter === "R" || letter === "C") entry.previous_filename = files[i++];
        entry.filename = files[i++];
        out.push(entry);
      }
      // like GitHub: at most 300 files of a comparison
      return this.reply<"repos/compare-commits-with-basehead", 200>(res, 200, {
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
      return this.reply<"git/get-tree", 200>(res, 200, { sha: tree, tree: entries, truncated: false });
    }
    if ((r = route("GET", /^\/git\/blobs\/([0-9a-f]{40})$/))) {
      if (this.tryGit("cat-file", "-t", r[1]!)?.trim() !== "blob") return this.notFound(res);
      const bytes = execFileSync("git", ["cat-file", "blob", r[1]!], { cwd: this.repo });
      // GitHub wraps its base64 in lines of 60
      const content = bytes.toString("base64").replace(/.{60}/g, "$&\n");
      return this.reply<"git/get-blob", 200>(res, 200, {
        sha: r[1],
        size: bytes.length,
        encoding: "base64",
        content,
      });
    }
    if ((r = route("GET", /^\/commits$/))) {
      const ref = url.searchParams.get("sha") ?? "HEAD";
      const path = url.searchParams.get("path");
      const out = this.tryGit("log", "-1", "--format=%H", ref, "--", ...(path ? [path] : []))?.trim();
      return this.reply<"repos/list-commits", 200>(res, 200, out ? [{ sha: out }] : []);
    }
    if ((r = route("GET", /^\/commits\/([0-9a-f]{40})\/pulls$/))) {
      const numbers = this.commitPulls.get(r[1]!) ?? [];
      return this.reply<"repos/list-pull-requests-associated-with-commit", 200>(
        res,
        200,
        numbers.map((n) => ({ number: n, state: "closed", merged_at: "2026-11-24T12:00:00Z" })),
      );
    }
    if ((r = route("GET", /^\/issues\/(\d+)\/comments$/))) {
      const issue = Number(r[1]);
      const { items, link } = this.page(
        url,
        this.comments.filter((c) => c.issue === issue),
      );
      return this.reply<"issues/list-comments", 200>(
        res,
        200,
        items.map((c) => ({ id: c.id, body: c.body, user: { login: c.login, type: "Bot" } })),
        link,
      );
    }
    if ((r = route("POST", /^\/issues\/(\d+)\/comments$/))) {
      if (typeof body.body !== "string")
        return this.send(res, 422, { message: "Invalid request: body is required" });
      if (body.body.length > 65536)
        return this.send(res, 422, { message: "body is too long (maximum is 65536 characters)" });
      const c = { id: this.nextId++, issue: Number(r[1]), login: "github-actions[bot]", body: body.body };
      this.comments.push(c);
      return this.reply<"issues/create-comment", 201>(res, 201, {
        id: c.id,
        body: c.body,
        user: { login: c.login },
      });
    }
    if ((r = route("PATCH", /^\/issues\/comments\/(\d+)$/))) {
      const c = this.comments.find((x) => x.id === Number(r![1]));
      if (!c) return this.notFound(res);
      if (typeof body.body !== "string" || body.body.length > 65536)
        return this.send(res, 422, { message: "Invalid request" });
      c.body = body.body;
      return this.reply<"issues/update-comment", 200>(res, 200, {
        id: c.id,
        body: c.body,
        user: { login: c.login },
      });
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
      return this.reply<"checks/create", 201>(res, 201, {
        id: this.nextId++,
        head_sha: body.head_sha as string,
        name: body.name as string,
        status: "completed",
      });
    }
    this.unserved.push(line);
    return this.send(res, 501, { message: `the GitHub double does not serve ${line}` });
  }

  /** GitHub's GraphQL endpoint: the document checked against the published schema, then answered. */
  private graphqlAnswer(res: ServerResponse, body: Record<string, unknown>): void {
    const query = typeof body.query === "string" ? body.query : "";
    const errors = this.validateGraphql(query).map((e) => e.message);
    this.graphql.push({ query, errors });
    if (errors.length > 0)
      return void this.send(res, 200, { errors: errors.map((message) => ({ message })) });
    const vars = (body.variables ?? {}) as Record<string, unknown>;
    if (/\benqueuePullRequest\b/.test(query)) {
      const entry = [...this.pulls].find(([n]) => nodeIdOf(n) === vars.pullRequestId);
      if (!entry)
        return void this.send(res, 200, {
          data: null,
          errors: [{ type: "NOT_FOUND", message: "no such pull request" }],
        });
      const [number, pull] = entry;
      if (vars.expectedHeadOid !== undefined && vars.expectedHeadOid !== pull.head)
        return void this.send(res, 200, {
          data: { enqueuePullRequest: null },
          errors: [{ type: "UNPROCESSABLE", message: "The head of the pull request changed" }],
        });
      if (!this.queue.includes(number)) this.queue.push(number);
      return void this.send(res, 200, {
        data: { enqueuePullRequest: { mergeQueueEntry: { position: this.queue.indexOf(number) + 1 } } },
      });
    }
    if (/\btinychainReceiptTargets\b/.test(query)) {
      // each commit's merged pull requests and their comments; the token's own are the bot's
      const repository: Record<string, unknown> = {};
      for (const [alias, oid] of Object.entries(vars))
        if (/^c\d+$/.test(alias))
          repository[alias] = {
            associatedPullRequests: {
              nodes: (this.commitPulls.get(String(oid)) ?? []).map((number) => ({
                number,
                merged: true,
                mergeCommit: this.pulls.get(number)?.mergeCommit
                  ? { oid: this.pulls.get(number)!.mergeCommit }
                  : null,
                comments: {
                  nodes: this.comments
                    .filter((c) => c.issue === number)
                    .slice(0, 100)
                    .map((c) => ({
                      fullDatabaseId: String(c.id),
                      viewerDidAuthor: c.login === "github-actions[bot]",
                      body: c.body,
                    })),
                },
              })),
            },
          };
      return void this.send(res, 200, { data: { repository } });
    }
    this.unserved.push(`graphql ${query.slice(0, 80)}`);
    return void this.send(res, 501, { message: "the GitHub double does not serve this GraphQL document" });
  }

  /** An answer typed with GitHub's response type of the route (the type parameters name it). */
  private reply<Op extends keyof operations, S extends keyof Responses<Op>>(
    res: ServerResponse,
    status: S & number,
    body: Answer<Op, S>,
    headers: Record<string, string> = {},
  ): void {
    this.send(res, status, body, headers);
  }

  /**
   * One page of a list as GitHub serves it (`per_page`, 30 unless asked, at most 100; `page` from 1)
   * and its `Link` header as GitHub writes it: rel="prev", "next", "last", "first", each the request's
   * own URL with another page; none on a list of one page.
   */
  private page<T>(url: URL, all: T[]): { items: T[]; link: Record<string, string> } {
    const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
    const page = Number(url.searchParams.get("page") ?? 1);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const to = (n: number, rel: string) => {
      const u = new URL(url);
      u.searchParams.set("page", String(n));
      return `<${u}>; rel="${rel}"`;
    };
    const rels = [
      ...(page > 1 ? [to(page - 1, "prev")] : []),
      ...(page < last ? [to(page + 1, "next"), to(last, "last")] : []),
      ...(page > 1 ? [to(1, "first")] : []),
    ];
    return {
      items: all.slice((page - 1) * perPage, page * perPage),
      link: rels.length > 0 ? { link: rels.join(", ") } : {},
    };
  }

  private budgetHeaders(resource: "core" | "graphql"): Record<string, string> {
    const limit = Number.isFinite(this.limit) ? this.limit : 5000;
    return {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(0, limit - this.used[resource])),
      "x-ratelimit-reset": String(this.reset),
      "x-ratelimit-used": String(this.used[resource]),
      "x-ratelimit-resource": resource,
    };
  }

  private notFound(res: ServerResponse): void {
    this.send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  }

  private readonly losing = new WeakSet<ServerResponse>();

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (this.losing.has(res)) return void res.socket?.destroy();
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  }
}
