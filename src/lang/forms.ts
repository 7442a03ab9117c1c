// The forms table (docs/spec.md §5), like clox's rules[]: every form of the language that is not a builtin,
// with the one function that compiles it (its arity: arity.ts, the one table of arities). "special"
// forms cannot be rebound or shadowed; "effect" forms can be shadowed like builtins (a contract may
// define its own `transfer`). The context names (sender, origin, …) are a table of their own, values
// not forms (runtime.ts). The table is declared by the compiler (compile.ts) and filled here, above
// the modules whose functions it names; vm.ts, the language's entry, imports this file.

import { FORMS, type FormRule } from "./compile.ts";
import * as effects from "./effects.ts";
import { DataError } from "./errors.ts";
import * as forms from "./special-forms.ts";

const special = (compile: FormRule["compile"]): FormRule => ({ kind: "special", compile });
const effect = (compile: FormRule["compile"]): FormRule => ({ kind: "effect", compile });
const definition = special(forms.compileMisplacedDefinition);

Object.assign(FORMS, {
  // special forms
  quote: special(forms.compileQuote),
  if: special(forms.compileIf),
  cond: special(forms.compileCond),
  do: special(forms.compileDo),
  and: special((f, c) => forms.compileShortCircuit(f, c, true)),
  or: special((f, c) => forms.compileShortCircuit(f, c, false)),
  let: special((f, c) => forms.compileLetOrLoop(f, c, false)),
  fn: special((f, c) => forms.compileFn(f, c)),
  loop: special((f, c) => forms.compileLetOrLoop(f, c, true)),
  recur: special(forms.compileRecur),
  else: special((form) => {
    throw new DataError(
      "else may only begin the last clause of a cond: (cond (test body…) (else body…))",
      form.pos,
    );
  }),
  // contract storage (special: a local of that name could not make sense of them)
  "set!": special(effects.compileSet),
  "put!": special(effects.compilePutOrDelete),
  "del!": special(effects.compilePutOrDelete),
  deploy: special(effects.compileDeploy),
  // definitions: only at a contract's top level (contract.ts reads them there)
  contract: definition,
  defvar: definition,
  defmap: definition,
  defn: definition,
  "defn-": definition,
  defview: definition,
  // effects
  emit: effect(effects.compileEmit),
  abort: effect(effects.compileAbort),
  assert: effect(effects.compileAssert),
  call: effect(effects.compileCall),
  "try-call": effect(effects.compileCall),
  "call-value": effect(effects.compileCall),
  "try-call-value": effect(effects.compileCall),
  transfer: effect(effects.compileTransfer),
  balance: effect(effects.compileBalance),
  "system-mint": effect(effects.compileSystemMint),
  "system-move": effect(effects.compileSystemMove),
  "system-supply": effect(effects.compileSystemSupply),
} satisfies Record<string, FormRule>);

/** The filled table, for tools that read it (check, cost): importing it from here guarantees it is filled. */
export { FORMS };
