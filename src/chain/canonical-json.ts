// Canonical JSON (docs/spec.md §6): sorted keys, two-space indent, final newline for files; the same without
// whitespace for hashing. Keys sort by UTF-16 code units (JSON's own order is unspecified; ours is
// fixed, and every key we write is ASCII). Bigints are written as decimal strings.

type Plain = null | boolean | number | string | bigint | Plain[] | { [k: string]: Plain | undefined };

function normalize(v: Plain | undefined): unknown {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && !Number.isSafeInteger(v))
    throw new Error(`canonical JSON holds integers only, got ${v}`);
  if (Array.isArray(v)) return v.map(normalize);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = normalize(v[k]);
    return out;
  }
  return v;
}

/** The file form: sorted keys, two-space indent, final newline. */
export function canonicalJson(v: unknown): string {
  return `${JSON.stringify(normalize(v as Plain), null, 2)}\n`;
}

/** The hashing form: sorted keys, no whitespace. */
export function canonicalEncoding(v: unknown): string {
  return JSON.stringify(normalize(v as Plain));
}
