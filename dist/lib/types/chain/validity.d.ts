export declare const VALIDITY_CODES: readonly ["E_PARSE", "E_SCHEMA", "E_FILE", "E_CHAIN", "E_SIGNATURE", "E_NONCE_LOW", "E_NONCE_GAP", "E_DATA", "E_GAS", "E_FEE", "E_FUNDS"];
export type ValidityCode = (typeof VALIDITY_CODES)[number];
export interface Invalid {
    code: ValidityCode;
    /** one sentence naming the field and the value */
    message: string;
}
export declare function invalid(code: ValidityCode, message: string): Invalid;
