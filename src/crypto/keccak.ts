// keccak-256 (Ethereum's), the one hash of the protocol (docs/spec.md §2). hash-wasm's WebAssembly keccak is
// about seven times faster than the pure-JS one for the short inputs the chain hashes (digests,
// addresses, tree nodes); test/crypto/keccak.test.ts checks it against @noble/hashes on random input.

// only keccak's build: the package's index embeds every algorithm's wasm (230 KB more to load)
import keccakBuild from "hash-wasm/dist/keccak.umd.min.js";

const hasher = await keccakBuild.createKeccak(256);

export function keccak256(data: Uint8Array): Uint8Array {
  hasher.init();
  hasher.update(data);
  return hasher.digest("binary");
}
