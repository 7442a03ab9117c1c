export { callData, deployData, deployedAddress, type Preview, previewTransaction, type SignedFile, signedFile, signWithKey, signWithWallet, type Transaction, TransactionError, transactionTypedData, transferData, typedDataJson, type UnsignedTransaction, } from "./compose.js";
export type { EventSourceClass, SubscribeHandlers, Subscription } from "./events.js";
export { createFileUrl, MAX_URL, type PullRequest, pendingPullRequests, pullRequestUrl } from "./github.js";
export { NodeClient, type NodeClientOptions, NodeError, ViewFailed } from "./node.js";
export { FetchError, RemoteChain } from "./remote.js";
export type * from "./types.js";
export { Address, address, Dict, dict, type JsValue, logValues, printData, printValue, readValue, returnValue, Sym, symbol, toValue, type Value, ValueError, } from "./values.js";
export { checkNetwork, type Eip1193Provider, requestAccount, signTypedData, WalletError, } from "./wallet.js";
