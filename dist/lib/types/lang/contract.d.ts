import type { CompiledContract, FunctionKind } from "./host.js";
import { type Form } from "./reader.js";
/** The definition forms of functions, and the kind each defines. */
export declare const KINDS: Record<string, FunctionKind>;
/**
 * Compiles a contract from its canonical printed source, whatever text it was written in: the state
 * stores that source, so positions in runtime errors ("at 1:239") must refer to it. Compiling the
 * deploy transaction's own text would give other positions in the deploying process than in any later
 * one, and receipts would differ between apply and verify. `refusal`: the sentence for a form that is
 * not a contract.
 */
export declare function compileContract(written: Form, refusal?: string): CompiledContract;
/**
 * Compiles a contract form as given. The chain compiles only canonical source (above); `check` compiles
 * the author's own text, so that its findings name lines of the author's file.
 */
export declare function compileCanonical(form: Form & {
    kind: "list";
}): CompiledContract;
