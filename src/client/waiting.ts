// state/waiting.json (docs/sequencer.md "The waiting line", docs/spec.md §6): the sequencer's waiting
// line as apply read it from GitHub, written by the same block commit as state/README.md, so that the
// node (tinychain_waiting) and the page show the same facts as the explorer with no GitHub API call.
// Not chain data: outside the state root, a record of what GitHub said when block `block` was applied.
// Read here, field by field: a hand-made file is refused by name, never shown half-read. Pure.

export const WAITING_PATH = "state/waiting.json";

/** What a chain with no waiting line answers: nothing waits that anyone recorded. */
export const NO_WAITING_LINE = {
  block: null,
  readAt: null,
  window: null,
  open: [],
  more: 0,
  vetoes: [],
  vetoBlocks: 0,
};

/** What tinychain_waiting and RemoteChain.waiting() answer: the file, or the empty line. */
export type Waiting = WaitingFile | typeof NO_WAITING_LINE;

export class WaitingFileError extends Error {
  readonly code = "E_WAITING";
}

/** the most entries a list may hold (apply writes at most 20), the longest text */
const MAX_ENTRIES = 1000;
const MAX_TEXT = 500;
/** each field's kind: what it must be, in the words of the error that names it, and the check */
type Kind<T> = [want: string, ok: (x: unknown) => x is T];
const WHOLE: Kind<number> = [
  "a whole number",
  (x): x is number => Number.isSafeInteger(x) && (x as number) >= 0,
];
const TEXT: Kind<string> = [
  `a text of at most ${MAX_TEXT} characters`,
  (x): x is string => typeof x === "string" && x.length <= MAX_TEXT,
];
const TEXT_OR_NULL: Kind<string | null> = [`null or ${TEXT[0]}`, (x) => x === null || TEXT[1](x)];
const FLAG: Kind<boolean> = ["true or false", (x) => typeof x === "boolean"];
const LINE = {
  block: WHOLE,
  /** when it was read from GitHub (ISO 8601, to the second) */
  readAt: TEXT,
  /** the sequencing window in words, or null when the policy sets none */
  window: TEXT_OR_NULL,
  /** open transaction pull requests past those shown (the oldest are shown) */
  more: WHOLE,
  vetoBlocks: WHOLE,
};
/** A valid transaction pull request not merged yet: how long it has been open and what it waits for. */
const ENTRY = {
  pull: WHOLE,
  /** how long it had been open when the line was read ("3 h 20 min") */
  age: TEXT,
  waitsFor: TEXT,
  /** open longer than half the sequencing window: its forced inclusion is near */
  pastHalfWindow: FLAG,
};
/** A valid transaction pull request closed without merging (a veto), in the last `vetoBlocks` blocks. */
const VETO = { pull: WHOLE, closedAt: TEXT };

/** The object a table of kinds describes. */
type Shape<K> = { [F in keyof K]: K[F] extends Kind<infer T> ? T : never };
export type WaitingEntry = Shape<typeof ENTRY>;
/** The file: the line, and the block whose commit wrote it. */
export type WaitingFile = Shape<typeof LINE> & { open: WaitingEntry[]; vetoes: Shape<typeof VETO>[] };
/** The line as apply reads it from GitHub, before a block records it. */
export type WaitingLine = Omit<WaitingFile, "block">;

const fail = (field: string, want: string): never => {
  throw new WaitingFileError(`${WAITING_PATH}: ${field} must be ${want}`);
};

/** The fields `kinds` names of the object `v` (at `at`), each checked; nothing else of it. */
function fields<K extends Record<string, Kind<unknown>>>(v: unknown, kinds: K, at: string): Shape<K> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(at, "an object");
  const out: Record<string, unknown> = {};
  for (const [name, [want, ok]] of Object.entries(kinds)) {
    const x = (v as Record<string, unknown>)[name];
    out[name] = ok(x) ? x : fail(at === "the file" ? name : `${at}.${name}`, want);
  }
  return out as Shape<K>;
}

function list<K extends Record<string, Kind<unknown>>>(v: unknown, kinds: K, at: string): Shape<K>[] {
  if (!Array.isArray(v) || v.length > MAX_ENTRIES)
    return fail(at, `a list of at most ${MAX_ENTRIES} entries`);
  return v.map((e, i) => fields(e, kinds, `${at}[${i}]`));
}

/**
 * The waiting line of the file's text, with exactly its fields: the empty line when there is no file
 * (undefined); WaitingFileError naming the field at fault.
 */
export function waitingOf(text: string | undefined): Waiting {
  if (text === undefined) return NO_WAITING_LINE;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail("the file", "JSON");
  }
  const line = fields(doc, LINE, "the file");
  return { ...line, open: list(doc.open, ENTRY, "open"), vetoes: list(doc.vetoes, VETO, "vetoes") };
}

/** What the explorer and the page say before the open pull requests: what the window (in words) does. */
export const openSentence = (window: string | null) =>
  window === null
    ? "Valid transaction pull requests not merged yet (the policy sets no sequencing window):"
    : `Valid transaction pull requests not merged yet; the sequencing window (${window}) includes each one open longer than that.`;

/** The file apply writes: the line as read from GitHub, recorded with the block its commit makes. */
export function waitingFileText(line: WaitingLine, block: number): string {
  return `${JSON.stringify({ block, ...line }, null, 2)}\n`;
}
