// The forms table (docs/spec.md §5), like clox's rules[]: every form of the language that is not a builtin,
// with the one function that compiles it (its arity: arity.ts, the one table of arities). "special"
// forms cannot be rebound or shadowed; "effect" forms can be shadowed like builtins (a contract may
// define its own `transfer`). The context names (sender, origin, …) are a table of their own, values
// not forms (runtime.ts). The table is declared by the compiler (compile.ts) and filled here, above
// the modules whose functions it names; vm.ts, the language's entry, imports this file.

import { FORMS, type FormRule } from "./compile.ts";
import {
  compileAbort,
  compileAssert,
  compileBalance,
  compileCall,
  compileDeploy,
  compileEmit,
  compilePutOrDelete,
  compileSet,
  compileSystemMint,
  compileSystemMove,
  compileSystemSupply,
  compileTransfer,
} from "./effects.ts";
import { DataError } from "./errors.ts";
import {
  compileCond,
  compileDo,
  compileFn,
  compileIf,
  compileLet,
  compileLoop,
  compileMisplacedDefinition,
  compileQuote,
  compileRecur,
  compileShortCircuit,
} from "./special-forms.ts";

const special = (compile: FormRule["compile"]): FormRule => ({ kind: "special", compile });
const effect = (compile: FormRule["compile"]): FormRule => ({ kind: "effect", compile });
const definition = special(compileMisplacedDefinition);

Object.assign(FORMS, {
  // special forms
  quote: special(compileQuote),
  if: special(compileIf),
  cond: special(compileCond),
  do: special(compileDo),
  and: special((f, c) => compileShortCircuit(f, c, true)),
  or: special((f, c) => compileShortCircuit(f, c, false)),
  let: special(compileLet),
  fn: special((f, c) => compileFn(f, c)),
  loop: special(compileLoop),
  recur: special(compileRecur),
  else: special((form) => {
    throw new DataError(
      "else may only begin the last clause of a cond: (cond (test body…) (else body…))",
      form.pos,
    );
  }),
  // contract storage (special: a local of that name could not make sense of them)
  "set!": special(compileSet),
  "put!": special(compilePutOrDelete),
  "del!": special(compilePutOrDelete),
  deploy: special(compileDeploy),
  // definitions: only at a contract's top level (contract.ts reads them there)
  contract: definition,
  defvar: definition,
  defmap: definition,
  defn: definition,
  "defn-": definition,
  defview: definition,
  // effects
  emit: effect(compileEmit),
  abort: effect(compileAbort),
  assert: effect(compileAssert),
  call: effect(compileCall),
  "try-call": effect(compileCall),
  "call-value": effect(compileCall),
  "try-call-value": effect(compileCall),
  transfer: effect(compileTransfer),
  balance: effect(compileBalance),
  "system-mint": effect(compileSystemMint),
  "system-move": effect(compileSystemMove),
  "system-supply": effect(compileSystemSupply),
} satisfies Record<string, FormRule>);

/** The filled table, for tools that read it (check, cost): importing it from here guarantees it is filled. */
export { FORMS };
