import { type Ctx, type ListForm } from "./compile.js";
import { type Node } from "./runtime.js";
/** (set! var value): writes a contract variable. */
export declare function compileSet(form: ListForm, ctx: Ctx): Node;
/** (put! map key value) / (del! map key): writes or deletes a map entry. */
export declare function compilePutOrDelete(form: ListForm, ctx: Ctx): Node;
/** (emit Event args…): a log of the running contract (status 0 only). */
export declare function compileEmit(form: ListForm, ctx: Ctx): Node;
/** (abort message): status 1, every effect of the call reverted. */
export declare const compileAbort: (form: ListForm, ctx: Ctx) => Node;
/** (assert cond [message]): aborts when cond is false or nil. */
export declare const compileAssert: (form: ListForm, ctx: Ctx) => Node;
/**
 * (call addr 'fn args…) / (try-call …): another contract's function, atomically. (call-value addr amount
 * 'fn args…) / (try-call-value …) send `amount` sneed from self with the call (the callee's `value`).
 */
export declare const compileCall: (form: ListForm, ctx: Ctx) => Node;
/** (transfer to amount): moves sneed from self. */
export declare const compileTransfer: (form: ListForm, ctx: Ctx) => Node;
/** (balance addr) */
export declare const compileBalance: (form: ListForm, ctx: Ctx) => Node;
/** (system-mint to amount): SneedToken only. */
export declare const compileSystemMint: (form: ListForm, ctx: Ctx) => Node;
/** (system-move from to amount): SneedToken only. */
export declare const compileSystemMove: (form: ListForm, ctx: Ctx) => Node;
/** (system-supply): SneedToken only. */
export declare const compileSystemSupply: (form: ListForm, ctx: Ctx) => Node;
/** (deploy (contract …)): a new contract; its address. */
export declare function compileDeploy(form: ListForm, ctx: Ctx): Node;
