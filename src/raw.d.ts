// Files imported as text (`import s from "./file.lisp?raw"`): vite does it natively for the tests,
// and scripts/build.mjs has an esbuild plugin for the bundles.
declare module "*?raw" {
  const text: string;
  export default text;
}

// hash-wasm's single-algorithm build (a UMD module); typed from the package's own declarations
declare module "hash-wasm/dist/keccak.umd.min.js" {
  const build: { createKeccak: typeof import("hash-wasm").createKeccak };
  export default build;
}

// bottleneck's light build (the one the octokit plugins load) has the full build's types
declare module "bottleneck/light.js" {
  import Bottleneck from "bottleneck";
  export default Bottleneck;
}
