export declare const SNEED_SOURCE: string;
export { SNEED_ADDRESS } from "../lang/host.js";
