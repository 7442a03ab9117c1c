// The SneedToken system contract's source, shipped in the repository as sneed.lisp and bundled as text.
import source from "./sneed.lisp?raw";

export const SNEED_SOURCE: string = source;
export { SNEED_ADDRESS } from "../lang/host.ts";
