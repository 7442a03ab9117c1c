import { DataError, type Pos } from "./errors.js";
export interface Arity {
    /** special form, definition, storage, effect or builtin: for the docs' table */
    kind: "special" | "definition" | "storage" | "effect" | "builtin";
    min: number;
    max: number;
    /** the sentence for a wrong number of arguments, when "f takes n arguments" would not help */
    usage?: string;
}
export declare const ARITY: Record<string, Arity>;
/** "f takes 2 arguments, got 3": the compiler's sentence, and `check`'s. */
export declare function arityMessage(name: string, min: number, max: number, n: number): string;
/** "1 argument", "2 to 3 arguments", "at least 1 argument": for messages and the docs' table. */
export declare function arityWords(min: number, max: number): string;
/** The sentence for `n` arguments given to `name`, or undefined when `n` is right. */
export declare function arityProblem(name: string, n: number): string | undefined;
/** A wrong number of arguments, refused before anything runs: `check` reports it as E_ARITY. */
export declare class ArityError extends DataError {
}
/** Refuses a call of a table name with the wrong number of arguments (`items` includes the head). */
export declare function checkArity(name: string, items: readonly unknown[], pos: Pos): void;
