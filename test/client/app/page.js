// In the browser: the page's wallet is the one injected as window.ethereum; the node is ?node=URL.
import { run } from "./app.js";

const node = new URLSearchParams(location.search).get("node") ?? "http://127.0.0.1:8555";
run(node, /** @type {any} */ (window).ethereum).then(
  (result) => {
    document.body.dataset.result = JSON.stringify(result, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
  },
  (e) => {
    document.body.dataset.error = String(e?.message ?? e);
  },
);
