// The shipped workflows follow docs/spec.md §8's rules: the right triggers, minimal permissions per job, no
// pull-request text interpolated into a shell command.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers.ts";

const DIR = join(ROOT, ".github/workflows");
const load = (name: string) => parse(readFileSync(join(DIR, name), "utf8")) as any;

describe("workflows", () => {
  it("validate: pull_request_target on txs/**, state/** and .gitattributes in any case, minimal permissions", () => {
    const w = load("validate.yml");
    // GitHub's path filters: ** any path, [..] one of these characters
    const filters = (w.on.pull_request_target.paths as string[]).map(
      (p) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|\\]/g, "\\$&")
            .replace(/\*\*/g, "\0")
            .replace(/\*/g, "[^/]*")
            .replace(/\0/g, ".*")}$`,
        ),
    );
    const runsOn = (path: string) => filters.some((f) => f.test(path));
    // a pull request that changes only state/ (or .gitattributes) must get a check that fails it
    for (const path of [
      "txs/0xab-1.json",
      "state/head.json",
      "State/head.json",
      "TXS/x.json",
      ".gitattributes",
    ])
      expect(runsOn(path), path).toBe(true);
    for (const path of ["src/main.ts", "docs/state.md", "statex/a"]) expect(runsOn(path), path).toBe(false);
    expect(w.permissions).toEqual({});
    // the sequencer merges (contents), queues (pull-requests) and starts apply (actions) from here
    expect(w.jobs.validate.permissions).toEqual({
      contents: "write",
      "pull-requests": "write",
      issues: "write",
      checks: "write",
      actions: "write",
    });
    // the merge queue's groups are checked by the same job
    expect(w.on.merge_group).toEqual({ types: ["checks_requested"] });
    // the checkout is the base branch (pull_request_target's default), never the PR head
    for (const s of w.jobs.validate.steps)
      expect(JSON.stringify(s.with ?? {})).not.toMatch(/head|pull_request/);
  });

  it("apply: push to main, contents and pull-requests write, queued not cancelled", () => {
    const w = load("apply.yml");
    // never the whole history; the action's tests check out the origin the same way
    const checkout = w.jobs.apply.steps.find((s: { uses?: string }) =>
      s.uses?.startsWith("actions/checkout"),
    );
    // a bounded history, no blobs but those a block reads, state/ outside the work tree
    expect(checkout.with["fetch-depth"]).toBeGreaterThanOrEqual(64);
    expect(checkout.with.filter).toBe("blob:none");
    expect(String(checkout.with["sparse-checkout"]).trim().split(/\s+/).sort()).toEqual(["dist", "txs"]);
    expect(w.on.push.branches).toEqual(["main"]);
    expect(w.on.schedule).toHaveLength(1); // the hourly catch-up of receipts left for later
    expect(w.jobs.apply.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    expect(w.concurrency["cancel-in-progress"]).toBe(false);
  });

  it("sequence: the sequencing window on a schedule (and by hand), one run at a time, never cancelled", () => {
    const w = load("sequence.yml");
    expect(w.on.schedule).toHaveLength(1);
    expect(w.concurrency["cancel-in-progress"]).toBe(false);
    expect(w.jobs.window.steps.at(-1)).toEqual({ uses: "./", with: { mode: "window" } });
    expect(w.jobs.window.permissions).toEqual({
      contents: "write",
      "pull-requests": "write",
      issues: "write",
      actions: "write",
    });
  });

  it("ci and genesis exist with per-job permissions", () => {
    expect(load("ci.yml").jobs.test.permissions).toEqual({ contents: "read" });
    const g = load("genesis.yml");
    expect(Object.keys(g.on)).toEqual(["workflow_dispatch"]);
    expect(g.jobs.genesis.permissions).toEqual({ contents: "write" });
  });

  it("pages: publishes dist/web/ with a config; only the deploy job may write, and it runs nothing", () => {
    const w = load("pages.yml");
    expect(w.on.push.paths).toContain("dist/web/**");
    expect(w.jobs.build.permissions).toEqual({ contents: "read" });
    expect(w.jobs.deploy.permissions).toEqual({ actions: "read", pages: "write", "id-token": "write" });
    expect(w.jobs.deploy.steps.every((s: { run?: string }) => s.run === undefined)).toBe(true);
    expect(JSON.stringify(w.jobs.build.steps)).toContain("site/config.json");
  });

  it("no run: line interpolates event or input text; every job declares its permissions", () => {
    for (const file of readdirSync(DIR)) {
      const w = load(file);
      expect(w.permissions, file).toEqual({});
      for (const [name, job] of Object.entries<any>(w.jobs)) {
        expect(job.permissions, `${file} ${name}`).toBeDefined();
        for (const step of job.steps)
          if (typeof step.run === "string") expect(step.run, `${file} ${name}`).not.toMatch(/\$\{\{/);
      }
    }
  });

  it("action.yml runs dist/index.js on node24", () => {
    const a = parse(readFileSync(join(ROOT, "action.yml"), "utf8"));
    expect(a.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(Object.keys(a.inputs)).toEqual(["github-token", "bot-login", "mode"]);
    expect(Object.keys(a.outputs)).toEqual(
      expect.arrayContaining(["receipts", "block-number", "state-root", "valid"]),
    );
  });

  it("every action a workflow uses is on a major that runs on node24 (GitHub's runners removed node20)", () => {
    // the first major of each action that runs on node24; older majors run on node20
    const NODE24_SINCE: Record<string, number> = {
      "actions/checkout": 5,
      "actions/cache": 5,
      "actions/setup-node": 5,
      "actions/upload-artifact": 6,
      "actions/download-artifact": 6,
      "actions/upload-pages-artifact": 4,
      "actions/deploy-pages": 5,
      "actions/configure-pages": 6,
    };
    const used: string[] = [];
    for (const file of readdirSync(DIR))
      for (const job of Object.values<any>(load(file).jobs))
        for (const step of job.steps) {
          if (typeof step.uses !== "string" || step.uses.startsWith("./")) continue;
          used.push(step.uses);
          const m = /^([^@]+)@v(\d+)$/.exec(step.uses);
          expect(m, `${file}: ${step.uses} must name a major version (owner/action@vN)`).not.toBeNull();
          const since = NODE24_SINCE[m![1]!];
          expect(
            since,
            `${file}: ${m![1]} is not in the table of node24 majors: look it up and add it`,
          ).toBeDefined();
          expect(
            Number(m![2]),
            `${file}: ${step.uses} runs on node20; use @v${since} or later`,
          ).toBeGreaterThanOrEqual(since!);
        }
    expect(used).toContain("actions/checkout@v6");
  });
});
