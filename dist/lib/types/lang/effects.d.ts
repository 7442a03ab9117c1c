import { type FormRule } from "./compile.js";
/** The storage forms by name, with the function that compiles each (forms.ts registers them). */
export declare const STORAGE_FORMS: Record<string, FormRule["compile"]>;
/** The effects by name, with the function that compiles each (forms.ts registers them). */
export declare const EFFECTS: Record<string, FormRule["compile"]>;
