// What the long-running commands (`tinychain node`, `tinychain relay`) share: a verified follower of a
// chain repository, a server on 127.0.0.1, their log of events, and running until interrupted.

import type { Server } from "node:http";
import { Follower } from "../node/follower.ts";
import { redactUrls } from "../node/remote.ts";
import { startServer } from "../node/server.ts";
import { GitError } from "../sequencer/git.ts";
import { Mismatch } from "../store/replay.ts";
import { StoreError } from "../store/snapshot.ts";
import { CliError, UsageError } from "./command.ts";
import { color, toJson } from "./output.ts";

/**
 * Checks `port` first (a long clone and replay should not end in "port in use": a server is started
 * there and closed), then Follower.open(remote, data, log, branch?, progress?): clones (or reuses the
 * clone of) `remote` in `data` and verifies it; what goes wrong is one sentence.
 */
export async function openFollower(port: number, ...args: Parameters<typeof Follower.open>) {
  if (port !== 0) {
    const { server } = await listen(port, () => startServer({}, port, () => {}));
    await new Promise((resolve) => server.close(resolve));
  }
  const remote = redactUrls(args[0]); // as the sentences show it: never a token its URL holds
  try {
    return Follower.open(...args);
  } catch (e) {
    if (e instanceof GitError)
      throw new CliError(
        "E_GIT",
        `cannot follow ${remote}: ${redactUrls(e.message)}`,
        1,
        "check --remote and --branch",
      );
    if (e instanceof StoreError && e.code === "E_NO_CHAIN")
      throw new CliError(
        "E_NO_CHAIN",
        `${remote} holds no chain: its committed history has no state/genesis.json`,
        1,
        "pass --remote (and --branch) of a tinychain repository, or commit the chain's state/ first",
      );
    // E_USAGE (--data holds a clone of another remote) is the user's mistake: exit 2
    if (e instanceof StoreError)
      throw new CliError(e.code, redactUrls(e.message), e.code === "E_USAGE" ? 2 : 1, e.hint);
    if (e instanceof Mismatch)
      throw new CliError("E_VERIFY", `${remote} does not verify at block ${e.block}: ${e.message}`, 1);
    throw e;
  }
}

/** `--cors ORIGIN`: a web origin (scheme, host, port), or * for any. */
export function webOrigin(origin: string, example: string): string {
  // the shape, then URL's own rules (a port above 65535, an IPv4 address of five parts)
  const shaped = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(origin) && URL.canParse(origin);
  if (origin !== "*" && !shaped)
    throw new UsageError(`--cors must be a web origin like ${example}, got ${JSON.stringify(origin)}`);
  return origin;
}

/** A server started on 127.0.0.1:`port` by `start` (a port in use or refused is the user's to change). */
export async function listen<S>(port: number, start: () => Promise<S>): Promise<S> {
  try {
    return await start();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // a port below 1024 needs privileges this user lacks (EACCES)
    const refused = code === "EACCES" || code === "EADDRNOTAVAIL";
    if (code === "EADDRINUSE" || refused) {
      const why = refused ? `cannot be opened (${code})` : "is already in use";
      throw new CliError("E_PORT", `port ${port} on 127.0.0.1 ${why}`, 2, "pass another --port");
    }
    throw e;
  }
}

/** A sentence for each kind of event a command logs, by its `event`. */
export type Sentences = Record<string, (e: Record<string, unknown>) => string>;

/** What the follower tells (follower.ts), for a person watching the node or the relay. */
const FOLLOWER: Sentences = {
  verified: (e) =>
    color.green(e.from === e.to ? `verified block ${e.to}` : `verified blocks ${e.from}–${e.to}`) +
    color.dim(` (commit ${String(e.commit).slice(0, 10)})`),
  resumed: (e) =>
    `resumed from this node's checkpoint at block ${e.block} (${String(e.hash).slice(0, 10)}…), replayed by it earlier`,
  refused: (e) =>
    color.red(`refused block ${e.block} of commit ${String(e.commit).slice(0, 10)}: ${e.reason}`),
  "fetch-failed": (e) => color.red(`fetch failed: ${e.message}`),
  "checkpoint-failed": (e) =>
    color.red(`could not save the checkpoint (the node keeps serving): ${e.message}`),
};

/**
 * Events on stdout: one JSON line each with --json, else a sentence: the command's own for it, the
 * follower's, or (an event neither describes) the event as JSON.
 */
export function eventLog(json: boolean, sentences: Sentences) {
  const all = { ...FOLLOWER, ...sentences };
  return (e: Record<string, unknown>): void => {
    process.stdout.write(`${json ? JSON.stringify(e) : (all[String(e.event)]?.(e) ?? toJson(e))}\n`);
  };
}

/**
 * Runs until SIGINT or SIGTERM, then `stop` (what must happen while the server still runs: its event
 * streams are ended, not cut), then closes `server` and its connections, and resolves once `after` has
 * put the rest away: exit code 0.
 */
export function untilInterrupted(server: Server, stop: () => void, after: () => Promise<unknown>) {
  return new Promise<number>((resolve) => {
    const onSignal = () => {
      stop();
      server.close(() => void after().finally(() => resolve(0)));
      server.closeAllConnections();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}
