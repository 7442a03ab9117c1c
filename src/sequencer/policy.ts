// The sequencer's policy (docs/sequencer.md): `sequencer.json` at the repository's root, read from the
// default branch only (a pull request's copy is never read), checked field by field. Its hash goes
// into the header of every block built under a non-manual policy, so anyone can see which rules made
// which block; a chain without the file, or with `mode: "manual"`, builds blocks exactly as before.

import { canonicalEncoding } from "../chain/canonical-json.ts";
import { JsonError, JsonNumber, parseStrictJson } from "../chain/strict-json.ts";
import { bytesToHex, utf8 } from "../crypto/hex.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { readObjects } from "./git.ts";

export const POLICY_FILE = "sequencer.json";
export const MODES = ["manual", "queue", "auto"] as const;
export type Mode = (typeof MODES)[number];
/** The kinds of transaction an approval rule names: `deploy` creates a contract, `any` is every one. */
export const APPROVAL_KINDS = ["deploy", "any"] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export interface Policy {
  mode: Mode;
  /** the sequencing window in seconds; null: no forced inclusion */
  window: number | null;
  /** maintainers' approvals a pull request needs, by the kind of transaction it holds */
  approvals: Partial<Record<ApprovalKind, number>>;
  /** pending transactions one sender may have in txs/ at once; null: no cap */
  maxPendingPerSender: number | null;
}

export const MANUAL: Policy = { mode: "manual", window: null, approvals: {}, maxPendingPerSender: null };

export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

const UNITS: Record<string, number> = { m: 60, h: 3600, d: 86400 };
const SMALL_INT = /^(0|[1-9][0-9]{0,5})$/;

/** "30m", "6h", "2d" → seconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^([1-9][0-9]{0,4})([mhd])$/.exec(text);
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
}

/** Seconds in the policy's words: "30m", "6h", "2d" (the largest unit that divides it). */
export function durationText(seconds: number): string {
  for (const unit of ["d", "h"]) if (seconds % UNITS[unit]! === 0) return `${seconds / UNITS[unit]!}${unit}`;
  return `${Math.round(seconds / 60)}m`;
}

/** A JSON object (strict-json's numbers are objects too, and are not). */
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof JsonNumber);
const smallInt = (v: unknown): number | undefined =>
  v instanceof JsonNumber && SMALL_INT.test(v.text) ? Number(v.text) : undefined;

/** The policy in `text`, or a PolicyError with one E_POLICY sentence per bad field. */
export function parsePolicy(text: string): Policy {
  let doc: unknown;
  try {
    doc = parseStrictJson(text);
  } catch (e) {
    if (e instanceof JsonError) throw new PolicyError([`E_POLICY: ${POLICY_FILE} is not JSON: ${e.message}`]);
    throw e;
  }
  if (!isObject(doc)) throw new PolicyError([`E_POLICY: ${POLICY_FILE} must hold an object`]);
  const problems: string[] = [];
  const bad = (field: string, value: unknown, want: string) =>
    problems.push(
      `E_POLICY: ${POLICY_FILE} field ${field} is ${value instanceof JsonNumber ? value.text : JSON.stringify(value)}; ${want}`,
    );
  const policy: Policy = { ...MANUAL, approvals: {} };
  for (const key of Object.keys(doc))
    if (!["mode", "window", "approvals", "maxPendingPerSender"].includes(key))
      problems.push(
        `E_POLICY: ${POLICY_FILE} has an unknown field ${JSON.stringify(key)}; the fields are mode, window, approvals, maxPendingPerSender`,
      );
  if ("mode" in doc) {
    if (MODES.includes(doc.mode as Mode)) policy.mode = doc.mode as Mode;
    else bad("mode", doc.mode, `it must be one of ${MODES.join(", ")}`);
  }
  if ("window" in doc && doc.window !== null) {
    const seconds = typeof doc.window === "string" ? parseDuration(doc.window) : undefined;
    if (seconds === undefined)
      bad("window", doc.window, 'it must be a duration such as "30m", "6h" or "2d", or null');
    else policy.window = seconds;
  }
  if ("approvals" in doc) {
    const a = doc.approvals;
    if (!isObject(a)) bad("approvals", a, 'it must be an object such as { "deploy": 1 }');
    else
      for (const [kind, n] of Object.entries(a)) {
        const count = smallInt(n);
        if (!APPROVAL_KINDS.includes(kind as ApprovalKind))
          bad(`approvals.${kind}`, n, `the kinds are ${APPROVAL_KINDS.join(", ")}`);
        else if (count === undefined || count > 10)
          bad(`approvals.${kind}`, n, "it must be a whole number 0 to 10");
        else policy.approvals[kind as ApprovalKind] = count;
      }
  }
  if ("maxPendingPerSender" in doc && doc.maxPendingPerSender !== null) {
    const n = smallInt(doc.maxPendingPerSender);
    if (n === undefined || n < 1)
      bad("maxPendingPerSender", doc.maxPendingPerSender, "it must be a whole number from 1, or null");
    else policy.maxPendingPerSender = n;
  }
  if (problems.length > 0) throw new PolicyError(problems);
  return policy;
}

/**
 * What a block header records of its policy: keccak-256 of the policy's canonical encoding; undefined
 * for manual mode, so a chain that never chose another mode keeps every header as it was.
 */
export function policyHash(policy: Policy): string | undefined {
  if (policy.mode === "manual") return undefined;
  return `0x${bytesToHex(keccak256(utf8(canonicalEncoding(policy))))}`;
}

/** The policy from the file's text at the default branch (undefined: no file, manual mode). */
export function policyOf(text: string | undefined): Policy {
  return text === undefined ? MANUAL : parsePolicy(text);
}

/** The policy committed at `rev` of the repository at `cwd` (git's objects, never the work tree). */
export function policyAt(cwd: string, rev: string): Policy {
  const [object] = readObjects(cwd, [`${rev}:${POLICY_FILE}`]);
  if (object && object.type !== "blob")
    throw new PolicyError([`E_POLICY: ${POLICY_FILE} at ${rev} is not a file`]);
  return policyOf(object?.body.toString("utf8"));
}
