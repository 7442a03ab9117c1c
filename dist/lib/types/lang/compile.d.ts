import { type Pos } from "./errors.js";
import { type Operand } from "./fast-ops.js";
import { type Form, type ListForm } from "./reader.js";
import { type Node } from "./runtime.js";
import { type Closure } from "./values.js";
/** A form's kind and compile function; its arity is in the one table of arity.ts (checked here). */
export interface FormRule {
    kind: "special" | "effect";
    compile: (form: ListForm, ctx: Ctx) => Node;
}
/**
 * The forms table: declared here, where forms are compiled, and filled by forms.ts, which sits above
 * the special forms and effects it names (so no module imports its own importer). vm.ts loads it.
 */
export declare const FORMS: Record<string, FormRule>;
export interface ContractInfo {
    name: string;
    /** the canonical printed source being compiled (what `tinychain test --coverage` counts by) */
    source: string;
    vars: Set<string>;
    maps: Set<string>;
    fns: Map<string, {
        index: number;
        arity: number;
    }>;
    /** filled once every function is compiled, so functions can call each other in any order */
    table: Closure[];
}
/** The compile-time scope of one function body. */
export declare class Scope {
    readonly name: string;
    readonly parent: Scope | null;
    readonly contract: ContractInfo | null;
    /** the names bound in this body: a block per enclosing let or loop (compileLetOrLoop), innermost last */
    readonly blocks: Map<string, number>[];
    nextSlot: number;
    depth: number;
    maxDepth: number;
    constructor(name: string, parent: Scope | null, contract: ContractInfo | null);
    lookup(name: string): number | undefined;
    /** Is `name` a local here or in an enclosing function (so a nested fn must capture it)? */
    visible(name: string): boolean;
    bind(name: string, pos: Pos): number;
}
export interface Ctx {
    scope: Scope;
    /** in tail position of the innermost loop's body (where recur may appear) */
    tail: boolean;
    /** the innermost loop: the slots its recur sets, and the scope (function body) it is in */
    loop: {
        slots: number[];
        scope: Scope;
    } | null;
}
export declare const nonTail: (ctx: Ctx) => Ctx;
export declare function at(pos: Pos, scope: Scope): Pos;
export declare function expectSymbol(f: Form | undefined, what: string, pos: Pos): string;
/**
 * `tinychain test --coverage` (src/testing/coverage.ts): sees each form as it is compiled, with its
 * contract, and may return a node that counts its runs. Null on every other path, where the compiled
 * code is exactly what it was.
 */
declare let formProbe: ((form: Form, contract: ContractInfo | null, node: Node) => Node) | null;
export declare function setFormProbe(probe: typeof formProbe): void;
export declare function compile(form: Form, ctx: Ctx): Node;
/** Compiles a body (one or more forms, the last in tail position) into one node. */
export declare function compileBody(forms: Form[], ctx: Ctx, pos: Pos): Node;
/** How an operand of a hot binary op is fetched (fast-ops.ts): from a slot, as a constant, or by a node. */
export declare function operand(form: Form, ctx: Ctx): Operand;
export {};
