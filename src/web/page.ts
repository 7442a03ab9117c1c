// The chain's web page (docs/web.md): see the chain, compose a transaction, preview its receipt, sign it
// with the wallet and open the pull request, with tinychain's own code running here. Reads only the
// repository's files (src/web/remote.ts); writes nothing anywhere: the pull request is the user's.

import { callProgram, deployProgram, isFunctionName, transferProgram } from "../chain/programs.ts";
import { contractAddress } from "../chain/state.ts";
import { walletSignedFile } from "../chain/transition.ts";
import { checkSource, findingText } from "../lang/check.ts";
import { isHead, readAll } from "../lang/reader.ts";
import { createFileUrl, type Preview, previewTransaction, typedDataJson } from "./compose.ts";
import { type Config, resolveConfig } from "./config.ts";
import { $, ADDRESS, current, el, input, note, tab } from "./dom.ts";
import { RemoteChain } from "./remote.ts";
import { literal, receiptView, showAccount, showBlocks, showHead } from "./views.ts";
import { checkNetwork, connect, signTypedData, WalletError } from "./wallet.ts";

/** config.json beside the page (written by pages.yml, served by `tinychain node`), if there is one */
async function config(): Promise<Config> {
  let file: Partial<Config> = {};
  try {
    const r = await fetch("config.json", { cache: "no-cache" });
    if (r.ok) file = (await r.json()) as Partial<Config>;
  } catch {
    // none: a Pages site of the repository itself
  }
  return resolveConfig(location.href, file);
}

let chain: RemoteChain;
let cfg: Config;
let preview: Preview | undefined;

/** The program of the transaction the form describes, or an error saying what is wrong. */
function program(): { data: string; contract?: (from: string, nonce: number) => string } {
  if (current === "send") {
    const to = input("to").toLowerCase();
    if (!ADDRESS.test(to)) throw new Error(`To: "${to}" is not an address (0x and 40 hex digits).`);
    if (!/^(0|[1-9][0-9]*)$/.test(input("amount")))
      throw new Error(`Amount: "${input("amount")}" is not a whole number of sneed.`);
    return { data: transferProgram(to, BigInt(input("amount"))) };
  }
  if (current === "call") {
    const target = input("target").toLowerCase();
    if (!ADDRESS.test(target)) throw new Error(`Contract: "${target}" is not an address.`);
    if (!isFunctionName(input("fn"))) throw new Error(`Function: "${input("fn")}" is not a function name.`);
    const lines = $<HTMLTextAreaElement>("args")
      .value.split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "");
    return {
      data: callProgram(
        target,
        input("fn"),
        lines.map((l, i) => literal(l, `argument ${i + 1}`)),
      ),
    };
  }
  const source = $<HTMLTextAreaElement>("source").value;
  // as `tinychain deploy` reads a file: check's findings, then one (contract …) form
  const findings = checkSource(source);
  $("findings").replaceChildren(
    ...findings.map((f) => el("li", findingText(f), f.severity === "error" ? "bad" : "")),
  );
  const errors = findings.filter((f) => f.severity === "error").length;
  if (errors > 0)
    throw new Error(
      `The contract has ${errors} error${errors === 1 ? "" : "s"} (listed above): fix them first.`,
    );
  const forms = readAll(source); // it reads: check found no error
  if (forms.length !== 1 || !isHead(forms[0]!, "contract"))
    throw new Error("The source must be one (contract Name …) form.");
  return { data: deployProgram(source), contract: (from, nonce) => contractAddress(from, nonce, 0) };
}

async function onPreview(event: Event): Promise<void> {
  event.preventDefault();
  const out = $("receipt");
  $("signing").hidden = true;
  $("signed").replaceChildren();
  preview = undefined;
  try {
    const from = input("from").toLowerCase();
    if (!ADDRESS.test(from))
      throw new Error(
        "From: connect your wallet, or type the address that will sign (0x and 40 hex digits).",
      );
    const p = program();
    preview = await chain.load(() => previewTransaction(chain, from, p.data));
    const o = preview.estimate.outcome;
    out.replaceChildren(el("h3", "On the head state, this transaction would:"));
    if ("code" in o) out.append(el("p", `be refused: ${o.code}: ${o.message}`, "bad"));
    else out.append(receiptView(o));
    if (p.contract)
      out.append(el("p", `The contract's address will be ${p.contract(from, preview.unsigned.nonce)}.`));
    const u = preview.unsigned;
    out.append(
      el(
        "p",
        `nonce ${u.nonce}, gas limit ${u.gasLimit}, max fee ${u.maxFeePerGas}/gas, tip ${u.maxPriorityFeePerGas}`,
      ),
    );
    $("signing").hidden = false;
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    note(out, e.message, true);
  }
}

async function onSign(): Promise<void> {
  const out = $("signed");
  if (!preview) return;
  try {
    const from = await connect();
    if (from !== preview.unsigned.from)
      throw new WalletError(
        `The wallet's account is ${from}, but this transaction is from ${preview.unsigned.from}: preview it again from the wallet's account.`,
      );
    await checkNetwork(preview.unsigned.chainId);
    const signature = await signTypedData(from, typedDataJson(preview.unsigned));
    const file = walletSignedFile(preview.unsigned, signature, preview.unsigned.chainId);
    if ("error" in file.checked)
      throw new WalletError(
        `The signed file does not validate: ${file.checked.error.code}: ${file.checked.error.message}`,
      );
    const text = new TextDecoder().decode(file.bytes);
    out.replaceChildren(el("p", `Signed by ${from}: ${file.path}`, "ok"), el("pre", text));
    out.lastElementChild!.id = "file";
    if (!cfg.repo)
      return out.append(
        el(
          "p",
          "This page does not know the chain's GitHub repository: add the file above under txs/ in a pull request.",
          "note",
        ),
      );
    const { url, pasted } = createFileUrl(cfg.repo, cfg.branch, file.path, text);
    const link = el("a", "Open pull request", "button") as HTMLAnchorElement;
    link.href = url;
    link.id = "open-pr";
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    if (pasted) {
      link.addEventListener("click", () => void navigator.clipboard?.writeText(text));
      out.append(
        el(
          "p",
          "The file is too long for a link: it is copied when you click. Paste it into the page GitHub opens, then propose the change.",
          "note",
        ),
      );
    }
    out.append(link);
  } catch (e) {
    note(out, (e as Error).message, true);
  }
}

async function showPending(): Promise<void> {
  const list = $("pending");
  if (!cfg.repo || cfg.base.startsWith(location.origin))
    return note(list, "Pending pull requests are listed for a chain on GitHub.");
  try {
    const r = await fetch(`https://api.github.com/repos/${cfg.repo}/pulls?state=open&per_page=20`);
    if (!r.ok)
      return note(list, `GitHub answered ${r.status}: the list of pull requests is not available now.`);
    const prs = (await r.json()) as { number: number; title: string; html_url: string }[];
    list.replaceChildren(
      ...prs.map((p) => {
        const li = el("li");
        const a = el("a", `#${p.number} ${p.title}`) as HTMLAnchorElement;
        if (/^https:\/\/github\.com\//.test(p.html_url)) a.href = p.html_url;
        li.append(a);
        return li;
      }),
    );
    if (prs.length === 0) note(list, "No open pull requests.");
  } catch {
    note(list, "GitHub could not be reached for the pull requests.");
  }
}

async function main(): Promise<void> {
  cfg = await config();
  chain = new RemoteChain(cfg.base);
  if (cfg.repo) $<HTMLAnchorElement>("repo-link").href = `https://github.com/${cfg.repo}`;
  else $("repo-link").hidden = true;
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-tab]"))
    b.addEventListener("click", () => tab(b.dataset.tab!));
  $("compose").addEventListener("submit", (e) => void onPreview(e));
  $("sign").addEventListener("click", () => void onSign());
  $("account-form").addEventListener("submit", (e) => {
    e.preventDefault();
    void showAccount(chain, input("account-address").toLowerCase()).catch((err) =>
      note($("account"), (err as Error).message, true),
    );
  });
  $("source-file").addEventListener("change", async () => {
    const f = $<HTMLInputElement>("source-file").files?.[0];
    if (f) $<HTMLTextAreaElement>("source").value = await f.text();
  });
  $("connect").addEventListener("click", async () => {
    try {
      const a = await connect();
      $<HTMLInputElement>("from").value = a;
      $("wallet").textContent = a;
    } catch (e) {
      $("wallet").textContent = (e as Error).message;
    }
  });
  try {
    await chain.load(() => showHead(chain, cfg.repo ?? cfg.base));
    document.body.dataset.ready = "head";
    await showBlocks(chain);
    // for the bench and the tests: when the first meaningful paint was, and how many files it read
    document.body.dataset.readyAt = String(Math.round(performance.now()));
    document.body.dataset.files = String(chain.fetched);
    document.body.dataset.ready = "blocks";
  } catch (e) {
    note($("head"), `The chain could not be read: ${(e as Error).message}`, true);
  }
  void showPending();
}

void main();
