// The SneedToken system contract's source, shipped in the repository as sneed.lisp and bundled as text.
import source from "./sneed.lisp?raw";

export const SNEED_SOURCE: string = source;
export const SNEED_ADDRESS = "0x0000000000000000000000000000000000005eed";
