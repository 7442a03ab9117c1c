// The child of "the same outcome at another stack size" (test/lang/fuzz.test.ts): reads programs as JSON
// on stdin, runs each once with the oracle's runOnce, and prints the outcomes as JSON. The test starts it
// under `node --stack-size=…`, so that an outcome depending on the host's stack would show as a difference.

import { readFileSync } from "node:fs";
import { runOnce } from "./fuzz-oracle.ts";

const programs = JSON.parse(readFileSync(0, "utf8")) as string[];
process.stdout.write(JSON.stringify(programs.map((p) => runOnce(p))));
