// The forms table (SPEC 5), like clox's rules[]: every form of the language that is not a builtin,
// with the one function that compiles it (its arity: arity.ts, the one table of arities). "special" forms cannot be rebound or
// shadowed; "effect" forms can be shadowed like builtins (a contract may define its own `transfer`).
// The context names (sender, origin, …) are a table of their own: values, not forms.

import type { Ctx, Node } from "./compile.ts";
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
import type { Form } from "./reader.ts";
import { rt } from "./runtime.ts";
import {
  compileAnd,
  compileCond,
  compileDo,
  compileFn,
  compileIf,
  compileLet,
  compileLoop,
  compileMisplacedDefinition,
  compileOr,
  compileQuote,
  compileRecur,
} from "./special-forms.ts";
import type { Value } from "./values.ts";

export type ListForm = Form & { kind: "list" };

/** A form's kind and compile function; its arity is in the one table of arity.ts (compile.ts checks it). */
export interface FormRule {
  kind: "special" | "effect";
  compile: (form: ListForm, ctx: Ctx) => Node;
}

const special = (compile: FormRule["compile"]): FormRule => ({ kind: "special", compile });
const effect = (compile: FormRule["compile"]): FormRule => ({ kind: "effect", compile });
const definition = special(compileMisplacedDefinition);

export const FORMS: Record<string, FormRule> = {
  // special forms
  quote: special(compileQuote),
  if: special(compileIf),
  cond: special(compileCond),
  do: special(compileDo),
  and: special(compileAnd),
  or: special(compileOr),
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
  transfer: effect(compileTransfer),
  balance: effect(compileBalance),
  "system-mint": effect(compileSystemMint),
  "system-move": effect(compileSystemMove),
  "system-supply": effect(compileSystemSupply),
};

/** The execution context (SPEC 5 "Context and effects"): names whose value the running call gives. */
export const CONTEXT: Record<string, () => Value> = {
  sender: () => rt.frame.sender,
  origin: () => rt.host.origin,
  self: () => rt.frame.self,
  "block-number": () => rt.host.blockNumber,
  "block-time": () => rt.host.blockTime,
  "chain-id": () => rt.host.chainId,
  // what is left after paying for this read
  "gas-left": () => BigInt(rt.gas),
};
