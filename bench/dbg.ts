import { Snapshot } from "../src/store/snapshot.ts";
import { verifyChain } from "../src/store/verify.ts";

const t = performance.now();
console.log(verifyChain(new Snapshot("/tmp/dbg-16wqe4")), (performance.now() - t).toFixed(0), "ms");
