// Validity codes (docs/spec.md §3.1), in the order the table lists them: when several conditions fail, the
// first is the one reported. A validity error is a value, never an exception.

export const VALIDITY_CODES = [
  "E_PARSE",
  "E_SCHEMA",
  "E_FILE",
  "E_CHAIN",
  "E_SIGNATURE",
  "E_NONCE_LOW",
  "E_NONCE_GAP",
  "E_DATA",
  "E_GAS",
  "E_FEE",
  "E_FUNDS",
] as const;

export type ValidityCode = (typeof VALIDITY_CODES)[number];

export interface Invalid {
  code: ValidityCode;
  /** one sentence naming the field and the value */
  message: string;
}

export function invalid(code: ValidityCode, message: string): Invalid {
  return { code, message };
}
