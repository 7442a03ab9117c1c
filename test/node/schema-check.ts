// Answers checked against docs/schema/rpc.json (JSON Schema 2020-12) with ajv, the well-kept validator:
// every place an answer differs from the documented schema, as "path: message" lines.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { ROOT } from "../helpers.ts";

export const RPC_SCHEMA: Record<string, any> = JSON.parse(
  readFileSync(join(ROOT, "docs/schema/rpc.json"), "utf8"),
);

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(RPC_SCHEMA);

export function schemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `$${e.instancePath}: ${e.message}`);
}
