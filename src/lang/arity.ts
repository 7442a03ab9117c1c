// One arity per name (issue 29): how many arguments every special form, definition, storage form,
// effect and builtin takes, declared here once. The compiler (compile.ts, contract.ts), `check`
// (tools/check.ts), the gas bound (tools/cost.ts), builtins as values (builtins.ts) and
// docs/language.md's "Arity" table all read this table; test/lang/arity.test.ts derives a wrong-arity
// call from every entry and checks that both check and the compiler refuse it. `get` and `has?` are one entry each whether their
// first argument is a dict or a declared map (a storage read): the same call, the same arity.

import { DataError, type Pos } from "./errors.ts";
import { nameTable, TYPES } from "./values.ts";

export interface Arity {
  /** special form, definition, storage, effect or builtin: for the docs' table */
  kind: "special" | "definition" | "storage" | "effect" | "builtin";
  min: number;
  max: number;
  /** the sentence for a wrong number of arguments, when "f takes n arguments" would not help */
  usage?: string;
}

const ANY = Number.POSITIVE_INFINITY;
const of =
  (kind: Arity["kind"]) =>
  (min: number, max: number, usage?: string): Arity => ({ kind, min, max, ...(usage ? { usage } : {}) });
const special = of("special");
const definition = of("definition");
const storage = of("storage");
const effect = of("effect");
const builtin = of("builtin");
/** names of one arity, side by side in the table */
const each = (names: string[], arity: (name: string) => Arity) =>
  Object.fromEntries(names.map((name) => [name, arity(name)]));
/** defn, defn- and defview, which differ only by the kind of function they define */
const defining = (head: string) =>
  definition(3, ANY, `${head} takes a name, parameters and a body: (${head} f (a b) body…)`);
/** call, try-call, and call-value, try-call-value, which take the amount of sneed they send first */
const callForm = (head: string) => {
  const paying = head.endsWith("-value");
  const [amount, example] = paying ? ["an amount, ", "100 'deposit"] : ["", "'transfer to 5"];
  return effect(
    paying ? 3 : 2,
    ANY,
    `${head} takes an address, ${amount}a function name and arguments: (${head} 0x… ${example})`,
  );
};

export const ARITY: Record<string, Arity> = nameTable({
  quote: special(1, 1),
  if: special(2, 3),
  ...each(["cond", "do", "and", "or"], () => special(0, ANY)),
  let: special(2, ANY, "let takes bindings and a body: (let ((x 1)) body…)"),
  fn: special(2, ANY, "fn takes parameters and a body: (fn (a b) body…)"),
  loop: special(2, ANY, "loop takes bindings and a body: (loop ((i 0)) body…)"),
  // one argument per binding of its loop: compileRecur checks that count
  recur: special(0, ANY),
  else: special(0, ANY),

  contract: definition(1, ANY, "contract takes a name and definitions: (contract Name (defvar n 0) …)"),
  defvar: definition(2, 2, "defvar takes a name and an initial value: (defvar n 0)"),
  defmap: definition(1, 1, "defmap takes only a name: (defmap balances)"),
  ...each(["defn", "defn-", "defview"], defining),

  "set!": storage(2, 2),
  "put!": storage(3, 3),
  "del!": storage(2, 2),
  // a dict's entry, or a declared map's (a storage read): (get m key [default])
  get: storage(2, 3),
  "has?": storage(2, 2),
  deploy: storage(1, 1),

  emit: effect(1, ANY, "emit takes an event name and arguments: (emit Transfer from to amount)"),
  abort: effect(1, 1),
  assert: effect(1, 2),
  ...each(["call", "try-call", "call-value", "try-call-value"], callForm),
  transfer: effect(2, 2),
  balance: effect(1, 1),
  "system-mint": effect(2, 2),
  "system-move": effect(3, 3),
  "system-supply": effect(0, 0),

  ...each(["+", "-", "*"], () => builtin(2, ANY)),
  ...each(["/", "mod"], () => builtin(2, 2)),
  "=": builtin(2, ANY),
  "!=": builtin(2, 2),
  ...each(["<", "<=", ">", ">="], () => builtin(2, ANY)),
  not: builtin(1, 1),
  list: builtin(0, ANY),
  cons: builtin(2, 2),
  ...each(["first", "rest"], () => builtin(1, 1)),
  nth: builtin(2, 2),
  len: builtin(1, 1),
  append: builtin(1, ANY),
  reverse: builtin(1, 1),
  ...each(["map", "filter"], () => builtin(2, 2)),
  fold: builtin(3, 3),
  range: builtin(1, 1),
  dict: builtin(0, ANY),
  assoc: builtin(3, 3),
  dissoc: builtin(2, 2),
  ...each(["keys", "vals"], () => builtin(1, 1)),
  str: builtin(0, ANY),
  ...each(["keccak256", ...TYPES.map((type) => `${type}?`)], () => builtin(1, 1)),
});

/** "f takes 2 arguments, got 3": the compiler's sentence, and `check`'s. */
export function arityMessage(name: string, min: number, max: number, n: number): string {
  return `${name} takes ${arityWords(min, max)}, got ${n}`;
}

/** "1 argument", "2 to 3 arguments", "at least 1 argument": for messages and the docs' table. */
export function arityWords(min: number, max: number): string {
  if (min === 0 && max === ANY) return "any number of arguments";
  const want = min === max ? `${min}` : max === ANY ? `at least ${min}` : `${min} to ${max}`;
  return `${want} argument${want === "1" || want === "at least 1" ? "" : "s"}`;
}

/** The sentence for `n` arguments given to `name`, or undefined when `n` is right. */
export function arityProblem(name: string, n: number): string | undefined {
  const a = ARITY[name];
  if (!a || (n >= a.min && n <= a.max)) return undefined;
  return a.usage ?? arityMessage(name, a.min, a.max, n);
}

/** A wrong number of arguments, refused before anything runs: `check` reports it as E_ARITY. */
export class ArityError extends DataError {}

/** Refuses a call of a table name with the wrong number of arguments (`items` includes the head). */
export function checkArity(name: string, items: readonly unknown[], pos: Pos): void {
  const problem = arityProblem(name, items.length - 1);
  if (problem) throw new ArityError(problem, pos);
}
