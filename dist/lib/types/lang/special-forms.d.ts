import { type Ctx, type FormRule, Scope } from "./compile.js";
import { type Pos } from "./errors.js";
import { type Form, type ListForm } from "./reader.js";
import { type Node } from "./runtime.js";
import { type FnTemplate } from "./values.js";
/** The special forms by name, with the function that compiles each (forms.ts registers them). */
export declare const SPECIAL_FORMS: Record<string, FormRule["compile"]>;
/** The definitions: only at a contract's top level (contract.ts reads them there), refused anywhere else. */
export declare const DEFINITIONS: {
    [k: string]: (form: ListForm, ctx: Ctx) => Node;
};
/** The parameters of a fn or of a contract's function: names, none twice. */
export declare function params(form: Form | undefined, pos: Pos): {
    name: string;
    pos: Pos;
}[];
/**
 * Compiles a function body in its own scope, nested in `parent` (a fn) or at the top of `contract` (its
 * functions) or of the program. Parameters take slots 0…n−1 and captured values the slots after them,
 * so a call can lay out its frame without looking at names.
 */
export declare function compileFunction(name: string, paramList: {
    name: string;
    pos: Pos;
}[], body: Form[], pos: Pos, parent: Scope | null, contract?: import("./compile.ts").ContractInfo | null): {
    template: FnTemplate;
    captures: number[];
};
