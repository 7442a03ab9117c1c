// In Node: node main.js NODE_URL PRIVATE_KEY
import { run } from "./app.js";
import { injectedWallet } from "./wallet.js";

const [url, key] = process.argv.slice(2);
const result = await run(url, injectedWallet(key, 31337));
console.log(JSON.stringify(result, (_, v) => (typeof v === "bigint" ? `${v}n` : v)));
