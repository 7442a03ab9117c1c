// The library: `import { NodeClient, … } from "tinychain"` (docs/client.md). The same code the CLI and
// the web page run: a client of the node's JSON-RPC and its event stream, the contract language's
// values to and from JavaScript, a transaction's program, preview, typed data and signed file (with a
// key or any EIP-1193 wallet), and the pull request of a chain on GitHub. Nothing here touches the
// file system or starts anything: it runs in Node and in a browser bundle alike.

export * from "./compose.ts";
export type { EventSourceClass, SubscribeHandlers, Subscription } from "./events.ts";
export { createFileUrl, MAX_URL, type PullRequest, pendingPullRequests, pullRequestUrl } from "./github.ts";
export * from "./history.ts";
export * from "./node.ts";
export { FetchError, RemoteChain } from "./remote.ts";
export type * from "./types.ts";
export * from "./values.ts";
export type { Waiting, WaitingEntry, WaitingFile } from "./waiting.ts";
export * from "./wallet.ts";
