// Builds the committed bundles: dist/index.js (the GitHub Action), dist/cli.js (the CLI), dist/web/
// (the chain's web page) and dist/lib/ (the library, `import … from "tinychain"`, with its declarations).
// esbuild is pinned exactly in package.json so the same sources give the same bytes on every machine;
// CI rebuilds and fails when dist/ differs from what is committed.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (process.argv.includes("--if-missing") && existsSync(join(root, "dist/cli.js"))) process.exit(0);

// tiny-secp256k1 reads its wasm from disk next to its module. The bundles ship that file next to
// themselves (dist/secp256k1.wasm) and read it from there: embedding it as base64 would make every
// start decode 1.6 MB of text.
const shipWasm = {
  name: "ship-secp256k1-wasm",
  setup(b) {
    b.onLoad({ filter: /tiny-secp256k1[\\/]lib[\\/]wasm_loader\.js$/ }, (args) => ({
      contents: [
        'import { readFileSync } from "node:fs";',
        'import * as rand from "./rand.js";',
        'import * as validate_error from "./validate_error.js";',
        'const bytes = readFileSync(new URL("./secp256k1.wasm", import.meta.url));',
        "const mod = new WebAssembly.Module(bytes);",
        'const instance = new WebAssembly.Instance(mod, { "./rand.js": rand, "./validate_error.js": validate_error });',
        "export default instance.exports;",
      ].join("\n"),
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

// `import text from "./file.lisp?raw"`: the file's text as a string (vite does the same in the tests)
const rawText = {
  name: "raw-text",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\?raw$/, "")),
      namespace: "raw",
    }));
    b.onLoad({ filter: /.*/, namespace: "raw" }, (args) => ({
      contents: readFileSync(args.path, "utf8"),
      loader: "text",
    }));
  },
};

const banner = [
  "import { createRequire as __tinychainCreateRequire } from 'node:module';",
  "const require = __tinychainCreateRequire(import.meta.url);",
].join("\n");

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  plugins: [shipWasm, rawText],
  // whitespace and syntax only: names stay readable in the committed bundles
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  charset: "utf8",
};

const wasmSource = join(root, "node_modules/tiny-secp256k1/lib/secp256k1.wasm");
const shipWasmFile = (dir) => {
  mkdirSync(dir, { recursive: true });
  copyFileSync(wasmSource, join(dir, "secp256k1.wasm"));
};

if (process.argv.includes("--bench")) {
  shipWasmFile(join(root, ".tmp"));
  // the bench runs from a bundle too, so it measures the code users run (not a loader's wrappers)
  await build({
    ...common,
    entryPoints: [join(root, "bench/index.ts")],
    outfile: join(root, ".tmp/bench.mjs"),
    // the browser driver stays a package: it finds its own files at run time
    external: ["playwright-core", "@sparticuz/chromium"],
    banner: { js: banner },
  });
  await build({
    ...common,
    entryPoints: [join(root, "src/store/recover-worker.ts")],
    outfile: join(root, ".tmp/recover-worker.js"),
    banner: { js: banner },
  });
  process.exit(0);
}

await build({
  ...common,
  entryPoints: [join(root, "src/action/index.ts")],
  outfile: join(root, "dist/index.js"),
  banner: { js: banner },
});
shipWasmFile(join(root, "dist"));
// the signature-recovery worker (src/store/recover-pool.ts looks for it next to the bundle)
await build({
  ...common,
  entryPoints: [join(root, "src/store/recover-worker.ts")],
  outfile: join(root, "dist/recover-worker.js"),
  banner: { js: banner },
});
// the node's worker for views and simulations (src/node/work-pool.ts looks for it next to the bundle)
await build({
  ...common,
  entryPoints: [join(root, "src/node/work-worker.ts")],
  outfile: join(root, "dist/node-worker.js"),
  banner: { js: banner },
});
await build({
  ...common,
  entryPoints: [join(root, "src/cli/main.ts")],
  outfile: join(root, "dist/cli.js"),
  banner: { js: `#!/usr/bin/env node\n${banner}` },
});
// the web page (docs/web.md): the same core, bundled for a browser, with noble's recovery in place of
// tiny-secp256k1's wasm; index.html and style.css beside it. `tinychain node` serves dist/web/.
const nobleRecover = {
  name: "noble-recover",
  setup(b) {
    b.onResolve({ filter: /^tiny-secp256k1$/ }, () => ({ path: join(root, "src/web/secp-noble.ts") }));
  },
};
await build({
  ...common,
  platform: "browser",
  target: "es2022",
  plugins: [nobleRecover, rawText],
  entryPoints: [join(root, "src/web/page.ts")],
  outfile: join(root, "dist/web/page.js"),
});
for (const f of ["index.html", "style.css"])
  copyFileSync(join(root, "src/web", f), join(root, "dist/web", f));
// the library (docs/client.md): one ES module for Node and browsers alike, since nothing in src/client/
// touches Node (test/architecture.test.ts) and noble's recovery stands in for the wasm, as in the page.
// Its declarations are tsc's, one .d.ts per source file under dist/lib/types/ (tsc's output is the same
// bytes for the same sources); dist/lib/ is emptied first so a moved source leaves no stale file.
rmSync(join(root, "dist/lib"), { recursive: true, force: true });
await build({
  ...common,
  platform: "browser",
  target: "es2022",
  plugins: [nobleRecover, rawText],
  entryPoints: [join(root, "src/client/index.ts")],
  outfile: join(root, "dist/lib/index.js"),
});
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.lib.json"], {
  cwd: root,
  stdio: "inherit",
});
// the sources import "./x.ts"; a consumer's TypeScript finds the declarations of "./x.js" under any setting
const declarations = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarations(join(dir, e.name)) : [join(dir, e.name)],
  );
for (const f of declarations(join(root, "dist/lib/types")))
  writeFileSync(f, readFileSync(f, "utf8").replace(/(from\s+"\.{1,2}\/[^"]*)\.ts"/g, '$1.js"'));
// keep the version in one place: the bundle reads nothing from package.json at run time
JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
// the bin is executable in the repository too (git mode 100755): `npx tinychain` would otherwise
// chmod it and leave the work tree modified, outside txs/, in a transaction pull request
chmodSync(join(root, "dist/cli.js"), 0o755);
