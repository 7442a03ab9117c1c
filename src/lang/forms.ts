// The forms table (docs/spec.md §5), like clox's rules[]: every form of the language that is not a builtin,
// with the one function that compiles it (special-forms.ts, effects.ts; its arity: arity.ts, the one
// table of arities). "special" forms cannot be rebound or shadowed; "effect" forms can be shadowed like
// builtins (a contract may define its own `transfer`): the kind is the arity table's. The context
// names (sender, origin, …) are a table of their own, values not forms (runtime.ts). The table is
// declared by the compiler (compile.ts) and filled here, above the modules whose functions it names;
// vm.ts, the language's entry, imports this file.

import { ARITY } from "./arity.ts";
import { FORMS } from "./compile.ts";
import { EFFECTS, STORAGE_FORMS } from "./effects.ts";
import { DEFINITIONS, SPECIAL_FORMS } from "./special-forms.ts";

for (const [name, compile] of Object.entries({
  ...SPECIAL_FORMS,
  ...STORAGE_FORMS,
  ...DEFINITIONS,
  ...EFFECTS,
}))
  FORMS[name] = { kind: ARITY[name]!.kind === "effect" ? "effect" : "special", compile };

/** The filled table, for tools that read it (check, cost): importing it from here guarantees it is filled. */
export { FORMS };
