// Positions in the author's file. The chain compiles a contract from its canonical printed source (one
// line), so a runtime error says "(in Counter.bump, at 1:93)"; the test runner knows which file each
// contract came from, and the canonical form has the very shape of the written one, so walking the two
// side by side maps every canonical position to the author's.

import type { Pos } from "../lang/errors.ts";
import { printForm } from "../lang/printer.ts";
import { type Form, readOne } from "../lang/reader.ts";

const IN_AT = /\(in ([^\s.,]+)(?:\.([^,\s]+))?, at (\d+):(\d+)\)/g;

/** Each position of the canonical printing of `written` → the position of the same form in `written`. */
export function pairPositions(written: Form): { text: string; canonical: Form; at: Map<string, Pos> } {
  const text = printForm(written);
  const at = new Map<string, Pos>();
  const pair = (canonical: Form, w: Form) => {
    at.set(`${canonical.pos.line}:${canonical.pos.col}`, w.pos);
    if (canonical.kind === "list" && w.kind === "list")
      for (const [i, c] of canonical.items.entries()) if (w.items[i]) pair(c, w.items[i]!);
  };
  const canonical = readOne(text);
  pair(canonical, written);
  return { text, canonical, at };
}

export type PositionMap = ReturnType<typeof authorPositions>;

export function authorPositions() {
  const contracts = new Map<string, { file: string; at: Map<string, Pos> }>();
  const place = (contract: string, l: string, c: string) => {
    const known = contracts.get(contract);
    const pos = known?.at.get(`${l}:${c}`);
    return known && pos ? `${known.file}:${pos.line}:${pos.col}` : undefined;
  };
  return {
    /** Records a contract deployed from `file` (as written there): its name and its positions paired. */
    add(file: string, written: Form) {
      if (written.kind !== "list" || written.items[1]?.kind !== "symbol") return undefined;
      const paired = { name: written.items[1].name, ...pairPositions(written) };
      contracts.set(paired.name, { file, at: paired.at });
      return paired;
    },
    /** Prints a test's statement as the program it runs, remembering where its parts are in `file`. */
    script(file: string, written: Form): string {
      const { text, at } = pairPositions(written);
      contracts.set("script", { file, at });
      return text;
    },
    /** The message with each "(in Contract.fn, at L:C)" or "(in script, at L:C)" pointing into the author's file instead. */
    rewrite(message: string): string {
      return message.replace(IN_AT, (whole, contract, fn, l, c) => {
        const at = place(contract, l, c);
        return at ? `(${contract === "script" ? "" : `in ${contract}.${fn}, `}at ${at})` : whole;
      });
    },
    /** Where each of those the map knows is in the author's file: `FILE:LINE:COL`. */
    places: (message: string): string[] =>
      [...message.matchAll(IN_AT)].flatMap(([, k, , l, c]) => place(k!, l!, c!) ?? []),
  };
}

// Labels in traces (Foundry's vm.label): an address a test named, by its test account's name (alice,
// bob…) or the name a test bound it to, so that a trace reads `Token.transfer(bob, 250)`.

/** The text with each labelled address replaced by its name. */
export function labelled(text: string, labels: ReadonlyMap<string, string>): string {
  return labels.size === 0 ? text : text.replace(/0x[0-9a-f]{40}\b/g, (a) => labels.get(a) ?? a);
}
