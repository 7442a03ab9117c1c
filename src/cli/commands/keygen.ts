// `tinychain keygen [--out FILE] [--encrypt]`: a new secp256k1 key file (mode 0600).

import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { canonicalJson } from "../../chain/canonical-json.ts";
import { bytesToHex } from "../../crypto/hex.ts";
import { addressOfPrivateKey, generatePrivateKey } from "../../crypto/keys.ts";
import { parse } from "../args.ts";
import { writeKeyFile } from "../chain.ts";
import { CliError, UsageError } from "../errors.ts";
import { encryptPrivateKey } from "../keyfile.ts";
import { makeOutput } from "../output.ts";
import type { Command } from "./types.ts";

export const keygenCommand: Command = {
  name: "keygen",
  summary: "make a new key file (mode 0600) and print its address",
  usage: "tinychain keygen [--out FILE] [--encrypt]",
  details:
    "--encrypt protects the key with the passphrase in TINYCHAIN_PASSPHRASE (scrypt + AES-256-GCM).\nWithout --out the key file is printed to stdout.",
  run(argv) {
    const { values, positionals } = parse("keygen", argv, {
      out: { type: "string" },
      encrypt: { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError("keygen takes no arguments");
    const key = generatePrivateKey();
    const address = addressOfPrivateKey(key);
    const privateKey = `0x${bytesToHex(key)}`;
    let doc: Record<string, unknown> = { address, privateKey };
    if (values.encrypt) {
      const pass = process.env.TINYCHAIN_PASSPHRASE;
      if (!pass) throw new UsageError("--encrypt needs the passphrase in TINYCHAIN_PASSPHRASE");
      doc = encryptPrivateKey(address, privateKey, pass);
    }
    const out = makeOutput(values.json === true);
    const file = values.out as string | undefined;
    if (file) {
      if (existsSync(file))
        throw new CliError("E_EXISTS", `${file} already exists; refusing to overwrite a key`, 2);
      // a new folder for keys (e.g. ~/.tinychain) is the owner's alone; the file is 0600 from the start
      const parent = dirname(resolve(file));
      if (!existsSync(parent)) mkdirSync(parent, { recursive: true, mode: 0o700 });
      writeKeyFile(file, doc);
      out.document({ address, file });
      out.say(address);
    } else {
      out.document({ ...doc });
      if (!values.json) process.stdout.write(canonicalJson(doc));
    }
    return 0;
  },
};
