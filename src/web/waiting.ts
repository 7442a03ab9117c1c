// The waiting line (#/waiting): each open valid transaction pull request with how long it has been open
// and what it waits for, those past half the sequencing window flagged, and the valid ones closed
// without merging (vetoes). The facts the explorer (state/README.md) and the node's tinychain_waiting
// show, read from the same file (state/waiting.json: raw on GitHub Pages, the node's /state/… locally),
// so the page makes no GitHub API call for them. Pull requests are shown by number: titles are anyone's.

import type { RemoteChain } from "../client/remote.ts";
import { openSentence, type WaitingFile } from "../client/waiting.ts";
import { blockLink, el, link, noteEl } from "./dom.ts";
import { shown } from "./format.ts";

/** "#41", a link to the pull request when the repository is known */
const pullEl = (repo: string | null, n: number) =>
  repo ? link(`#${n}`, `https://github.com/${repo}/pull/${n}`) : el("span", `#${n}`);

/** A list of `items`, each rendered, or "None."; with an id for the tests and the page's links. */
function listOf<T>(tag: string, id: string, items: T[], render: (item: T) => HTMLElement) {
  const none = [el("li", "None.", "muted")];
  return el(tag, items.length === 0 ? none : items.map(render), "plain waiting", id);
}

export async function waitingView(chain: RemoteChain, repo: string | null): Promise<HTMLElement> {
  // a hand-made file: a sentence naming the field, shown by the router
  const [w, head] = await chain.load(() => [chain.waiting(), chain.head().number] as const);
  const box = el("div", [el("h2", "Waiting line")]);
  if (w.block === null) {
    const why = "its sequencer policy has neither a mode nor a window, or no block was applied since it has";
    box.append(noteEl(`This chain records no waiting line: ${why} (docs/sequencer.md).`));
    return box;
  }
  box.append(asOf(w, head), el("p", shown(openSentence(w.window))));
  const open = listOf("ol", "waiting-open", w.open, (e) => {
    const flag = e.pastHalfWindow ? [" ", el("strong", "⚠ past half the window", "flag")] : [];
    const text = ` open for ${shown(e.age)} · waits for ${shown(e.waitsFor)}`;
    return el("li", [pullEl(repo, e.pull), text, ...flag], e.pastHalfWindow ? "late" : "");
  });
  if (w.more > 0) open.append(el("li", `and ${w.more} more.`, "muted"));
  const vetoes = listOf("ul", "vetoes", w.vetoes, (v) =>
    el("li", [pullEl(repo, v.pull), ` closed ${shown(v.closedAt)}`]),
  );
  box.append(
    open,
    el("h3", "Vetoes"),
    el("p", `Valid transaction pull requests closed without merging, in the last ${w.vetoBlocks} blocks:`),
    vetoes,
  );
  return box;
}

/** When the line was read, and by which block's commit: older than the head when apply could not read it. */
function asOf(w: WaitingFile, head: number): HTMLElement {
  const at = shown(w.readAt.replace("T", " ").replace(/Z$/, " UTC"));
  const moved = w.block < head ? ` (the head is block ${head}: the line may have moved since).` : ".";
  const said = [`As GitHub showed it at ${at}, when block `, blockLink(w.block), " was applied", moved];
  return el("p", said, "muted", "waiting-as-of");
}
