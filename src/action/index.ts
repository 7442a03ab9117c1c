// The GitHub Action's entry (action.yml → dist/index.js). Thin by design: main.ts holds the logic.
import { run } from "./main.ts";

void run();
