// `tinychain relay`: take signed transaction files over HTTP from people without a GitHub account,
// check each on the chain's verified head, and open pull requests of them in batches with the relay's
// own token (docs/relay.md). Runs until interrupted.

import { join } from "node:path";
import { githubRepo } from "../../node/page.ts";
import { defaultDataDir, normalizeRemote } from "../../node/remote.ts";
import { pullPort } from "../../relay/github.ts";
import { Journal } from "../../relay/journal.ts";
import { Relay } from "../../relay/relay.ts";
import { startRelayServer } from "../../relay/server.ts";
import { authorizationEnv, tryGit } from "../../sequencer/git.ts";
import { type Command, internalError, intFlag, UsageError } from "../command.ts";
import { color } from "../output.ts";
import { eventLog, listen, openFollower, untilInterrupted, webOrigin } from "../serve.ts";

export const DEFAULT_RELAY_PORT = 8556;

export const relayCommand: Command = {
  summary: "take signed transaction files over HTTP and open pull requests of them in batches",
  usage:
    "tinychain relay [--remote URL] [--repo OWNER/NAME] [--branch B] [--port N] [--data DIR] [--interval S] [--batch N] [--cors ORIGIN] [--trust-proxy] [--sender-rate N] [--client-rate N]",
  details: `The relay's GitHub token comes from TINYCHAIN_RELAY_TOKEN (or GITHUB_TOKEN); GITHUB_API_URL names
another API (GitHub Enterprise). It needs contents: write and pull-requests: write.
--remote URL      the chain repository (default: the chain folder's origin)
--repo OWNER/NAME its name on GitHub (default: read from --remote)
--branch B        the branch pull requests go into (default: the remote's default)
--port N          the port on 127.0.0.1 (default ${DEFAULT_RELAY_PORT}); put a TLS reverse proxy in front
--data DIR        the relay's clone and journal (default: .tinychain-cache/relay-… in the chain folder)
--interval S      seconds between batches (default 10)
--batch N         at most N transactions a pull request, opened as soon as N wait (default 100)
--cors ORIGIN     the web origin allowed to call it from a browser (default https://OWNER.github.io)
--trust-proxy     take the client's address from X-Forwarded-For (behind a reverse proxy only)
--sender-rate N   transactions a minute one address may send (default 6, bursts of as many)
--client-rate N   transactions a minute one client (IP) may send (default 30, bursts of as many)
Methods and limits: docs/relay.md.`,
  async run({ values, out, dir }) {
    const port = intFlag("port", values.port, 65535) ?? DEFAULT_RELAY_PORT;
    const intervalSeconds = intFlag("interval", values.interval, 86_400) ?? 10;
    const batchSize = intFlag("batch", values.batch, 1000) ?? 100;
    const senderRate = intFlag("sender-rate", values["sender-rate"], 1_000_000) ?? 6;
    const clientRate = intFlag("client-rate", values["client-rate"], 1_000_000) ?? 30;
    if (intervalSeconds < 1 || batchSize < 1 || senderRate < 1 || clientRate < 1)
      throw new UsageError("--interval, --batch, --sender-rate and --client-rate must be at least 1");
    const token = process.env.TINYCHAIN_RELAY_TOKEN || process.env.GITHUB_TOKEN;
    if (!token)
      throw new UsageError(
        "the relay needs a GitHub token in TINYCHAIN_RELAY_TOKEN (or GITHUB_TOKEN)",
        "a fine-grained token of the chain's repository with contents: write and pull-requests: write",
      );
    const origin = (values.remote as string | undefined) ?? tryGit(dir, ["remote", "get-url", "origin"]);
    if (origin === undefined)
      throw new UsageError(`${dir} has no origin remote`, "pass --remote URL of the chain's repository");
    const remote = normalizeRemote(origin);
    const repository = typeof values.repo === "string" ? values.repo : githubRepo(remote);
    if (!repository || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository))
      throw new UsageError(
        `--repo must be OWNER/NAME of the chain's repository on GitHub, got ${JSON.stringify(repository ?? "")}`,
      );
    const [owner, name] = repository.split("/") as [string, string];
    const cors = webOrigin(
      typeof values.cors === "string" ? values.cors : `https://${owner.toLowerCase()}.github.io`,
      "https://owner.github.io",
    );
    const data =
      typeof values.data === "string" ? normalizeRemote(values.data) : defaultDataDir(dir, remote, "relay");

    const log = eventLog(out.json, {
      listening: (e) =>
        `relay for ${e.repository} at ${e.url} (block ${e.head}; ${e.queued} waiting, ${e.unfinished} batch(es) to finish) — POST relay_submit, GET /relay/info`,
      accepted: (e) => `accepted ${e.file} ${color.dim(String(e.id))}`,
      dropped: (e) => color.red(`dropped ${e.id}: ${e.code}`),
      opened: ({ pullRequest, transactions }) => {
        const { number, url } = pullRequest as { number: number; url: string };
        return color.green(`opened pull request #${number} with ${transactions} transaction(s): ${url}`);
      },
      "batch-failed": (e) => color.red(`batch failed (retried at the next tick): ${e.message}`),
    });
    // the token reaches git (the follower's fetches) in the environment: see authorizationEnv
    const site = /^(https:\/\/[^/@]+)\//.exec(remote)?.[1];
    if (site)
      Object.assign(process.env, authorizationEnv(site, token, Number(process.env.GIT_CONFIG_COUNT ?? 0)));
    const branch = values.branch as string | undefined;
    const follower = await openFollower(port, remote, join(data, "clone"), log, branch);
    const relay = new Relay(
      follower,
      new Journal(join(data, "journal")),
      pullPort(token, owner, name, (message) => log({ event: "github", message })),
      {
        repository,
        batchSize,
        intervalSeconds,
        perSender: { perMinute: senderRate, burst: senderRate },
        perClient: { perMinute: clientRate, burst: clientRate },
        heldPerSender: 64,
        maxHeld: 10_000,
        log,
      },
    );
    const { server, url } = await listen(port, () =>
      startRelayServer(relay, port, {
        cors,
        trustProxy: values["trust-proxy"] === true,
        onInternalError: internalError("relay"),
      }),
    );
    const [queued, unfinished] = [relay.journal.queued().length, relay.journal.unfinished().length];
    log({ event: "listening", url, repository, head: follower.head().number, queued, unfinished });
    void relay.tick(); // a batch a restart interrupted is finished first
    const timer = setInterval(() => void relay.tick(), intervalSeconds * 1000);
    return untilInterrupted(
      server,
      () => clearInterval(timer),
      // what is accepted is on disk already; a batch half made is finished by the next start
      () => relay.settled(),
    );
  },
};
