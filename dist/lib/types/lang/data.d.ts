import { type Form } from "./reader.js";
import { type Value } from "./values.js";
/**
 * The value of a quoted form (docs/spec.md §5 `quote`): atoms as themselves, lists as lists. As printed
 * data (`asData`), `(dict k v …)` is a dict and `(quote x)` is x.
 */
export declare function formToValue(f: Form, asData?: boolean): Value;
/** Reads one printed value. Throws DataError (E_DATA) when the text is not data. */
export declare function readValue(text: string): Value;
