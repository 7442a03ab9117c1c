// The forms table (SPEC 5), like clox's rules[]: every form of the language that is not a builtin,
// with its arity and the one function that compiles it. "special" forms cannot be rebound or
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

export interface FormRule {
  kind: "special" | "effect";
  /** how many arguments it takes */
  min: number;
  max: number;
  /** the sentence for a wrong number of arguments, when "f takes n arguments" would not help */
  usage?: string;
  compile: (form: ListForm, ctx: Ctx) => Node;
}

const ANY = Number.POSITIVE_INFINITY;
const rule =
  (kind: FormRule["kind"]) =>
  (min: number, max: number, compile: FormRule["compile"], usage?: string): FormRule => ({
    kind,
    min,
    max,
    compile,
    ...(usage ? { usage } : {}),
  });
const special = rule("special");
const effect = rule("effect");
const definition = special(0, ANY, compileMisplacedDefinition);

export const FORMS: Record<string, FormRule> = {
  // special forms
  quote: special(1, 1, compileQuote),
  if: special(2, 3, compileIf),
  cond: special(0, ANY, compileCond),
  do: special(0, ANY, compileDo),
  and: special(0, ANY, compileAnd),
  or: special(0, ANY, compileOr),
  let: special(2, ANY, compileLet, "let takes bindings and a body: (let ((x 1)) body…)"),
  fn: special(2, ANY, (f, c) => compileFn(f, c), "fn takes parameters and a body: (fn (a b) body…)"),
  loop: special(2, ANY, compileLoop, "loop takes bindings and a body: (loop ((i 0)) body…)"),
  recur: special(0, ANY, compileRecur),
  else: special(0, ANY, (form) => {
    throw new DataError(
      "else may only begin the last clause of a cond: (cond (test body…) (else body…))",
      form.pos,
    );
  }),
  // contract storage (special: a local of that name could not make sense of them)
  "set!": special(2, 2, compileSet),
  "put!": special(3, 3, compilePutOrDelete),
  "del!": special(2, 2, compilePutOrDelete),
  deploy: special(1, 1, compileDeploy),
  // definitions: only at a contract's top level (contract.ts reads them there)
  contract: definition,
  defvar: definition,
  defmap: definition,
  defn: definition,
  "defn-": definition,
  defview: definition,
  // effects
  emit: effect(1, ANY, compileEmit, "emit takes an event name and arguments: (emit Transfer from to amount)"),
  abort: effect(1, 1, compileAbort),
  assert: effect(1, 2, compileAssert),
  call: effect(
    2,
    ANY,
    compileCall,
    "call takes an address, a function name and arguments: (call 0x… 'transfer to 5)",
  ),
  "try-call": effect(
    2,
    ANY,
    compileCall,
    "try-call takes an address, a function name and arguments: (try-call 0x… 'transfer to 5)",
  ),
  transfer: effect(2, 2, compileTransfer),
  balance: effect(1, 1, compileBalance),
  "system-mint": effect(2, 2, compileSystemMint),
  "system-move": effect(3, 3, compileSystemMove),
  "system-supply": effect(0, 0, compileSystemSupply),
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
