// Reading printed data back into values (docs/spec.md §5 "Printing": reading a printed value of data gives the
// same value back). Used for stored contract state, call/view arguments on the command line, and
// receipts. `(dict k v …)` reads as a dict and `(quote x)` as x; everything else as itself.
// (A list whose first element is the symbol `dict` therefore prints like a dict: the one ambiguity of
// docs/spec.md §5's printed form, documented in docs/language.md.)

import { DataError } from "./errors.ts";
import { type Form, readOne, symbolName } from "./reader.ts";
import { compareKeys, Dict, type DictKey, isDictKey, Sym, type Value } from "./values.ts";

/**
 * The value of a quoted form (docs/spec.md §5 `quote`): atoms as themselves, lists as lists. As printed
 * data (`asData`), `(dict k v …)` is a dict and `(quote x)` is x.
 */
export function formToValue(f: Form, asData = false): Value {
  switch (f.kind) {
    case "nil":
      return null;
    case "symbol":
      return Sym.of(f.name);
    case "list": {
      const head = symbolName(f.items[0]);
      if (asData && head === "quote" && f.items.length === 2) return formToValue(f.items[1]!, true);
      if (asData && head === "dict") {
        if ((f.items.length - 1) % 2 !== 0) throw new DataError("a dict needs key/value pairs", f.pos);
        const entries: [DictKey, Value][] = [];
        for (let i = 1; i < f.items.length; i += 2) {
          const k = formToValue(f.items[i]!, true);
          if (!isDictKey(k))
            throw new DataError(
              "a dict key must be an int, string, address, symbol or bool",
              f.items[i]!.pos,
            );
          entries.push([k, formToValue(f.items[i + 1]!, true)]);
        }
        entries.sort((a, b) => compareKeys(a[0], b[0]));
        for (let i = 1; i < entries.length; i++)
          if (compareKeys(entries[i - 1]![0], entries[i]![0]) === 0)
            throw new DataError("a dict key appears twice", f.pos);
        return new Dict(entries);
      }
      return f.items.map((x) => formToValue(x, asData));
    }
    default:
      return f.value;
  }
}

/** Reads one printed value. Throws DataError (E_DATA) when the text is not data. */
export function readValue(text: string): Value {
  return formToValue(readOne(text), true);
}
