// @ts-check
// A front end's code, with nothing but the library: connect to a node, deploy a contract, call it through
// the user's wallet, read the result and the events back, and get each new event pushed.
import {
  callData,
  deployData,
  logValues,
  NodeClient,
  printValue,
  returnValue,
  signWithWallet,
} from "tinychain";

/** @typedef {import("tinychain").IndexedLog} IndexedLog */

export const GREETER = `(contract Greeter
  (defvar greeting "")
  (defn greet (text times tags)
    (set! greeting text)
    (emit Greeted sender text times value)
    (list text times tags value))
  (defview current () greeting)
  (defview tips () (balance self)))`;

/**
 * @param {string} url the node (`tinychain dev` serves http://127.0.0.1:8555)
 * @param {import("tinychain").Eip1193Provider} wallet window.ethereum, or any EIP-1193 provider
 */
export async function run(url, wallet) {
  const node = new NodeClient(url);
  const [from] = /** @type {string[]} */ (await wallet.request({ method: "eth_requestAccounts" }));
  const { chainId } = await node.status();

  // deploy: nonce, fees and gas from the head state; signed in the wallet; mined by `tinychain dev`
  const deploy = await node.prepare(from, deployData(GREETER));
  const deployed = await node.sendTransaction(await signWithWallet(wallet, deploy.unsigned));
  const greeter = deployed.created[0];

  // every Greeted event of the contract, pushed as the node serves its block
  /** @type {{ resolve(log: IndexedLog): void, reject(e: Error): void }} */
  const first = { resolve() {}, reject() {} };
  /** @type {Promise<IndexedLog>} */
  const pushed = new Promise((resolve, reject) => Object.assign(first, { resolve, reject }));
  const subscription = node.subscribe(
    { address: greeter, event: "Greeted" },
    { onLog: first.resolve, onError: first.reject },
  );
  await subscription.ready; // the node has sent its head: every block after it is pushed

  // a payable call: JavaScript values as its arguments (a string, a bigint, a list), and 250 sneed sent
  // with it in the same atomic call; the contract reads the amount as `value`
  const call = await node.prepare(from, callData(greeter, "greet", ["hello", 3n, ["a", "b"]], 250n));
  const receipt = await node.sendTransaction(await signWithWallet(wallet, call.unsigned));

  const { logs } = await node.getLogs({ address: greeter, event: "Greeted" });
  const pushedLog = await pushed;
  subscription.close();
  return {
    chainId,
    greeter,
    status: receipt.status,
    returned: returnValue(receipt), // ["hello", 3n, ["a", "b"], 250n]
    current: await node.read(greeter, "current"), // "hello"
    tips: await node.read(greeter, "tips"), // 250n: the sneed the call sent
    logs: logs.map((log) => ({ block: log.block, args: logValues(log) })),
    pushed: { block: pushedLog.block, args: printValue(logValues(pushedLog)) }, // the same, pushed
  };
}
