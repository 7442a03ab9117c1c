/** The file form: sorted keys, two-space indent, final newline. */
export declare function canonicalJson(v: unknown): string;
/** The hashing form: sorted keys, no whitespace. */
export declare function canonicalEncoding(v: unknown): string;
