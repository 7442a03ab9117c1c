// `tinychain node`: follow a chain repository, verify each new block before serving it, and answer
// JSON-RPC on 127.0.0.1 (docs/rpc.md). Runs until interrupted.

import { Subscriptions } from "../../node/events.ts";
import type { Follower } from "../../node/follower.ts";
import { nodeMethods } from "../../node/methods.ts";
import { githubRepo, pageRoutes } from "../../node/page.ts";
import { defaultDataDir, normalizeRemote } from "../../node/remote.ts";
import type { Method } from "../../node/rpc.ts";
import { startServer } from "../../node/server.ts";
import { WorkPool } from "../../node/work-pool.ts";
import { isGitRepository } from "../../sequencer/git.ts";
import { type Args, type Command, internalError, intFlag, UsageError } from "../command.ts";
import { progressBar } from "../output.ts";
import { eventLog, listen, openFollower, untilInterrupted, webOrigin } from "../serve.ts";

export const DEFAULT_PORT = 8555;

/** Methods a caller adds to the node's (`tinychain dev`'s), given the follower once it has replayed. */
export type ExtraMethods = (follower: Follower, pool: WorkPool) => Record<string, Method>;

export const nodeCommand: Command = {
  summary: "follow a chain repository, verify new blocks, serve JSON-RPC on 127.0.0.1",
  usage:
    "tinychain node [--port N] [--remote URL] [--branch B] [--interval SECONDS] [--data DIR] [--cors ORIGIN]",
  details: `--port N          the port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
--remote URL      the chain repository to follow (default: the chain folder itself)
--branch B        its branch (default: the one it has checked out)
--interval S      seconds between fetches (default 15; 0: only when tinychain_sync is called)
--data DIR        the node's own clone (default: .tinychain-cache/node-… in the chain folder)
--cors ORIGIN     let web pages from ORIGIN (or * for any) call the node from a browser
The node serves only blocks it has replayed and checked; the methods are in docs/rpc.md.`,
  run: (args) => serveNode(args),
};

/** `tinychain node`, with `extra` methods added to its table (or replacing its refusals). */
export async function serveNode({ values, out, dir }: Args, extra?: ExtraMethods): Promise<number> {
  const port = intFlag("port", values.port, 65535) ?? DEFAULT_PORT;
  const cors =
    typeof values.cors === "string" ? webOrigin(values.cors, "http://localhost:3000 (or *)") : undefined;
  const interval = intFlag("interval", values.interval, 86_400) ?? 15;
  if (values.remote === undefined && !isGitRepository(dir))
    throw new UsageError(
      `${dir} is not a git repository, so there is nothing to follow`,
      "pass --remote URL",
    );
  const remote = normalizeRemote(typeof values.remote === "string" ? values.remote : dir);
  const data = typeof values.data === "string" ? normalizeRemote(values.data) : defaultDataDir(dir, remote);
  const log = eventLog(out.json, {
    listening: (e) =>
      `serving block ${e.head} (${String(e.hash).slice(0, 10)}…) at ${e.url} — the chain's page at ${e.url}/, JSON-RPC (docs/rpc.md); ${
        e.interval ? `fetching every ${e.interval} s` : "fetching when tinychain_sync is called"
      }`,
  });

  // a progress bar while a long chain replays, for a person watching a terminal
  const bar = progressBar("replaying ", out.json);
  const follower = await openFollower(port, remote, data, log, values.branch as string | undefined, bar.step);
  bar.done();
  const internal = internalError("node");
  // views and simulations run on worker threads, one per core: the server's thread stays free
  const pool = new WorkPool(follower, internal);
  const subscriptions = new Subscriptions(follower);
  const page = pageRoutes(follower.dir, () => follower.commit, {
    repo: githubRepo(remote),
    branch: follower.branch,
  });
  const methods = { ...nodeMethods(follower, pool), ...extra?.(follower, pool) };
  const { server, url } = await listen(port, () =>
    startServer(methods, port, internal, {
      cors,
      get: page,
      subscribe: (req, res) => subscriptions.subscribe(req, res),
    }),
  );
  const { number: head, hash } = follower.head();
  log({ event: "listening", url, head, hash, commit: follower.commit, interval });

  const timer =
    interval > 0 ? setInterval(() => follower.sync().catch(internal), interval * 1000) : undefined;
  return untilInterrupted(
    server,
    () => {
      clearInterval(timer);
      subscriptions.close();
      // the next start resumes from here instead of replaying the chain from genesis
      try {
        follower.saves.now();
      } catch (e) {
        internal(e);
      }
    },
    () => pool.close().catch(internal),
  );
}
