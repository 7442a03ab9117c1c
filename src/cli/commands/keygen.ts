// `tinychain keygen [--out FILE] [--encrypt] [--import FILE]`: a new secp256k1 key file (mode 0600), or
// the key of another file written again: into a v3 keystore for geth, Foundry or a wallet (--encrypt),
// or from one into tinychain's plain form.

import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { canonicalJson } from "../../chain/canonical-json.ts";
import { bytesToHex } from "../../crypto/hex.ts";
import { addressOfPrivateKey, generatePrivateKey } from "../../crypto/keys.ts";
import { CliError, type Command } from "../command.ts";
import { encryptKeystore, readKey, writeKeyFile } from "../keyfile.ts";
import { askNewPassphrase } from "../passphrase.ts";

const DETAILS = [
  "--encrypt writes a Web3 Secret Storage (v3) keystore (scrypt, aes-128-ctr, keccak MAC): the encrypted",
  "key file geth, Foundry (cast wallet … --keystore FILE) and wallets read. Every --key reads one, from",
  "tinychain or from them, and asks its passphrase.",
  "--import FILE takes the key of FILE (a tinychain key file or a v3 keystore) instead of a new one:",
  "  export for geth, cast or a wallet:  tinychain keygen --import me.json --encrypt --out me.keystore.json",
  "  import a keystore in the clear:     tinychain keygen --import UTC--…--a1b2… --out me.json",
  "Passphrases: TINYCHAIN_PASSPHRASE when set (it answers every question); else on a terminal, asked",
  "without echo (a new one twice); else one line of stdin per question (printf '%s\\n' \"$PASS\" | …).",
  "Without --out the key file is printed to stdout.",
].join("\n");

export const keygenCommand: Command = {
  summary: "make a new key file (mode 0600) and print its address",
  usage: "tinychain keygen [--out FILE] [--encrypt] [--import FILE]",
  details: DETAILS,
  async run({ values, out }) {
    const file = values.out as string | undefined;
    // refused before any passphrase is asked
    if (file && existsSync(file))
      throw new CliError("E_EXISTS", `${file} already exists; refusing to overwrite a key`, 2);
    const key =
      values.import === undefined ? generatePrivateKey() : (await readKey(values.import)).privateKey;
    const address = addressOfPrivateKey(key);
    const doc = values.encrypt
      ? encryptKeystore(key, await askNewPassphrase(`new passphrase for ${file ?? "the key"}`))
      : { address, privateKey: `0x${bytesToHex(key)}` };
    if (file) {
      // a new folder for keys (e.g. ~/.tinychain) is the owner's alone; the file is 0600 from the start
      mkdirSync(dirname(resolve(file)), { recursive: true, mode: 0o700 });
      writeKeyFile(file, doc);
      out.print({ address, file }, address);
    } else out.print(doc, canonicalJson(doc).trimEnd());
    return 0;
  },
};
