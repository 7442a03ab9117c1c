import { type ContractInfo, type Ctx, type ListForm, Scope } from "./compile.js";
import { type Pos } from "./errors.js";
import { type Form } from "./reader.js";
import { type Node } from "./runtime.js";
import { type FnTemplate } from "./values.js";
export declare function compileQuote(form: ListForm): Node;
export declare function compileIf(form: ListForm, ctx: Ctx): Node;
export declare function compileCond(form: ListForm, ctx: Ctx): Node;
export declare function compileDo(form: ListForm, ctx: Ctx): Node;
/** and / or: short-circuit, returning the deciding value (docs/spec.md §5). */
export declare function compileShortCircuit(form: ListForm, ctx: Ctx, isAnd: boolean): Node;
/** contract, defvar, defmap, defn…: definitions, which only a contract's top level may hold. */
export declare function compileMisplacedDefinition(form: ListForm, ctx: Ctx): Node;
/**
 * let and loop: a block of the scope with `(name init)` pairs bound one after the other (each init
 * compiled before its name is bound, so it sees the bindings before it), then the body; a loop's body
 * runs again on each recur.
 */
export declare function compileLetOrLoop(form: ListForm, ctx: Ctx, isLoop: boolean): Node;
/**
 * Compiles a function body in its own scope. Parameters take slots 0…n−1 and captured values the
 * slots after them, so a call can lay out its frame without looking at names.
 */
export declare function compileFunction(name: string, paramList: {
    name: string;
    pos: Pos;
}[], body: Form[], parent: Scope | null, contract: ContractInfo | null, pos: Pos): {
    template: FnTemplate;
    captures: number[];
};
/** fn, named after the let binding that holds it (for error messages and traces). */
export declare function compileFn(form: ListForm, ctx: Ctx, name?: string): Node;
export declare function compileRecur(form: ListForm, ctx: Ctx): Node;
