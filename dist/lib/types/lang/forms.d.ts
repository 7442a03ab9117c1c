import { FORMS } from "./compile.js";
/** The filled table, for tools that read it (check, cost): importing it from here guarantees it is filled. */
export { FORMS };
