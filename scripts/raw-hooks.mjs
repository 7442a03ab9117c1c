// Module hooks for running TypeScript sources under plain Node (the bench): `import x from "./f?raw"`
// yields the file's text, as vite (tests) and esbuild (bundles) already do.
import { readFile } from "node:fs/promises";

export async function load(url, context, nextLoad) {
  if (url.endsWith("?raw")) {
    const text = await readFile(new URL(url.slice(0, -4)), "utf8");
    return { format: "module", source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
