// Files imported as text (`import s from "./file.lisp?raw"`): vite does it natively for the tests,
// and scripts/build.mjs has an esbuild plugin for the bundles.
declare module "*?raw" {
  const text: string;
  export default text;
}
