// Compose, preview, sign, open the pull request, follow it (docs/web.md "Using it"). The wallet signs
// exactly what the preview showed: any edit of the form (or switching its tab) withdraws the preview and
// its Sign button, and Sign checks that the form is still the one previewed. A preview that is refused
// gets no Sign; one that fails, or replaces a pending transaction, needs an explicit "sign anyway".

import { contractAddress } from "../chain/state.ts";
import { type Preview, previewTransaction, signWithWallet, TransactionError } from "../client/compose.ts";
import { createFileUrl } from "../client/github.ts";
import { callProgram, deployProgram, isFunctionName, transferProgram } from "../client/programs.ts";
import type { RemoteChain } from "../client/remote.ts";
import { isHead, readAll, symbolName } from "../lang/reader.ts";
import { checkSource, findingText } from "../tools/check.ts";
import type { Config } from "./config.ts";
import { $, addressEl, copyButton, current, el, input, link, messageOf, note, noteEl } from "./dom.ts";
import { ADDRESS, grouped, shortAddress, shown, statusText } from "./format.ts";
import { follow, type PendingTx } from "./track.ts";
import { literal, receiptView } from "./views.ts";
import { provider } from "./wallet.ts";

const FIELDS = ["from", "to", "amount", "target", "fn", "args", "value", "source", "nonce"];
/** the form as it is: what a preview was made of */
const formState = () => JSON.stringify([current, ...FIELDS.map((f) => $<HTMLInputElement>(f).value)]);

let preview: (Preview & { form: string }) | undefined;

/** The program of the transaction the form describes, or an error saying what is wrong. */
function program(from: string): { data: string; lead: (nonce: number) => string } {
  if (current === "send") {
    const to = input("to").toLowerCase();
    if (!ADDRESS.test(to)) throw new Error(`To: "${shown(to)}" is not an address (0x and 40 hex digits).`);
    if (!/^(0|[1-9][0-9]*)$/.test(input("amount")))
      throw new Error(`Amount: "${shown(input("amount"))}" is not a whole number of sneed.`);
    const amount = BigInt(input("amount"));
    return {
      data: transferProgram(to, amount),
      lead: () => `Send ${grouped(amount)} sneed to ${shortAddress(to)}`,
    };
  }
  if (current === "call") {
    const target = input("target").toLowerCase();
    if (!ADDRESS.test(target)) throw new Error(`Contract: "${shown(target)}" is not an address.`);
    const fn = input("fn");
    if (!isFunctionName(fn)) throw new Error(`Function: "${shown(fn)}" is not a function name.`);
    // one argument a line, each trimmed, blank lines skipped
    const lines = input("args").split(/\s*\n\s*/);
    const args = lines.filter((l) => l !== "").map((l, i) => literal(l, `argument ${i + 1}`));
    // sneed sent with the call: the program becomes (call-value target value 'fn args…)
    if (!/^(0|[1-9][0-9]*)?$/.test(input("value")))
      throw new Error(`Value: "${shown(input("value"))}" is not a whole number of sneed.`);
    const value = BigInt(input("value") || "0");
    const sending = value > 0n ? `, sending ${grouped(value)} sneed` : "";
    return {
      data: callProgram(target, fn, args, value),
      lead: () => `Call ${shown(fn)} on ${shortAddress(target)}${sending}`,
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
  const [form, ...more] = readAll(source); // it reads: check found no error
  if (more.length > 0 || !isHead(form, "contract"))
    throw new Error("The source must be one (contract Name …) form.");
  const name = (form?.kind === "list" && symbolName(form.items[1])) || "a contract";
  return {
    data: deployProgram(source),
    lead: (nonce) => `Deploy ${shown(name)} at ${shortAddress(contractAddress(from, nonce, 0))}`,
  };
}

/** No preview to sign: its Sign button hidden, the file signed last gone. */
function withdraw(): void {
  preview = undefined;
  $("signing").hidden = true;
  $("signed").replaceChildren();
}

const CHANGED = "The form changed since the preview: preview it again to sign.";

/** Any edit after a preview: the preview no longer says what would be signed. */
export function invalidate(): void {
  if (!preview) return;
  withdraw();
  note($("receipt"), CHANGED);
}

export async function onPreview(chain: RemoteChain, pending: () => PendingTx[], wallet: boolean) {
  const out = $("receipt");
  withdraw();
  try {
    const from = input("from").toLowerCase();
    if (!ADDRESS.test(from))
      throw new Error(
        "From: connect your wallet, or type the address that will sign (0x and 40 hex digits).",
      );
    const nonceText = input("nonce");
    if (nonceText !== "" && !/^(0|[1-9][0-9]{0,8})$/.test(nonceText))
      throw new Error(
        `Nonce: "${shown(nonceText)}" is not a whole number (leave it empty for the next one).`,
      );
    const form = formState();
    const p = program(from);
    const made = await chain.load(() =>
      previewTransaction(chain, from, p.data, {
        pending: pending(),
        nonce: nonceText === "" ? undefined : Number(nonceText),
      }),
    );
    // edited while the files were fetched: this preview is of a form that is gone
    if (formState() !== form) return note(out, CHANGED);
    const u = made.unsigned;
    const o = made.estimate.outcome;
    out.replaceChildren(el("h3", "On the current head, this transaction would:"));
    if ("code" in o) {
      out.append(el("p", `be refused: ${o.code}: ${shown(o.message)}`, "lead bad"));
      out.append(noteEl("A refused transaction cannot be included: fix it before signing."));
      return;
    }
    out.append(receiptView(o, p.lead(u.nonce)));
    const facts = [
      `nonce ${u.nonce}`,
      `gas limit ${grouped(u.gasLimit)}`,
      `max fee ${grouped(u.maxFeePerGas)} sneed/gas`,
      `tip ${grouped(u.maxPriorityFeePerGas)}`,
    ];
    out.append(el("p", facts.join(" · "), "muted"));
    const list = (ps: PendingTx[]) => ps.map((x) => `${x.where} (nonce ${x.nonce})`).join(", ");
    const counted =
      made.before.length > 0
        ? `after your ${made.before.length} pending transaction${made.before.length === 1 ? "" : "s"} (${list(made.before)}).`
        : "you have no pending transaction that this page can see.";
    out.append(noteEl(`Nonce ${u.nonce}: ${counted}`));
    const warnings = [
      o.status !== 0 &&
        `This will fail on the current head: ${statusText(o.status)}${o.error ? `, ${shown(o.error)}` : ""}.`,
      made.replaces &&
        `This replaces your pending transaction ${list([made.replaces])}: whichever is merged first counts.`,
    ].filter((w) => typeof w === "string");
    if (!wallet)
      return out.append(noteEl("Install a browser wallet to sign: this page is read-only without one."));
    preview = { ...made, form };
    $<HTMLInputElement>("confirm").checked = false;
    $("confirm-box").hidden = warnings.length === 0;
    $("warnings").replaceChildren(...warnings.map((w) => el("li", w, "bad")));
    $<HTMLButtonElement>("sign").disabled = warnings.length > 0;
    $("signing").hidden = false;
  } catch (e) {
    note(out, messageOf(e), true);
  }
}

/** `included`: called when the signed transaction is found in a block (the page then reads the new head) */
export async function onSign(cfg: Config, head: () => number, included: () => void): Promise<void> {
  const out = $("signed");
  const p = preview;
  if (!p) return;
  try {
    if (formState() !== p.form) return invalidate();
    const { text, id, path } = await signWithWallet(provider(), p.unsigned);
    // signed: the same preview is not signed twice, and later edits leave this file and its follower
    withdraw();
    const who = ["Signed by ", addressEl(p.unsigned.from), `: ${path} `, copyButton(text, "the signed file")];
    out.replaceChildren(el("p", who, "ok"), el("pre", text, "", "file"));
    if (!cfg.repo) {
      out.append(
        noteEl(
          "This page does not know the chain's GitHub repository: add the file above under txs/ in a pull request.",
        ),
      );
      return follow(cfg, path, id, head(), included);
    }
    const { url, pasted } = createFileUrl(cfg.repo, cfg.branch, path, text);
    const open = link("Open pull request", url, "button primary");
    Object.assign(open, { id: "open-pr", target: "_blank", rel: "noopener noreferrer" });
    if (pasted)
      out.append(
        noteEl(
          "The file is too long for a link: it is copied when you click. Paste it into the page GitHub opens, then propose the change.",
        ),
      );
    open.addEventListener("click", () => {
      if (pasted) void navigator.clipboard?.writeText(text);
      follow(cfg, path, id, head(), included);
    });
    out.append(open);
  } catch (e) {
    const invalid = e instanceof TransactionError ? "The signed file does not validate: " : "";
    note(out, invalid + messageOf(e), true);
  }
}
