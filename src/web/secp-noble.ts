// tiny-secp256k1's `recover` for the browser bundle (scripts/build.mjs puts this module in its place):
// the page recovers one signature, so noble's pure JavaScript serves, and no 1.6 MB wasm is loaded.

import * as secp from "@noble/secp256k1";

export function recover(
  digest: Uint8Array,
  sig64: Uint8Array,
  recid: 0 | 1,
  compressed: boolean,
): Uint8Array {
  const sig = new Uint8Array(65);
  sig[0] = recid;
  sig.set(sig64, 1);
  return secp.recoverPublicKey(sig, digest, { prehash: false, isCompressed: compressed });
}
