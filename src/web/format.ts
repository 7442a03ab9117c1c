// How the page writes numbers, addresses, times and chain text: deterministically (no locale: the same
// page reads the same everywhere), addresses in their EIP-55 form, and every text that came from the
// chain through visibleText (invisible and bidi characters shown as \uXXXX escapes). Pure.

import { visibleText } from "../client/display.ts";
import { toChecksumAddress } from "../crypto/address-case.ts";
import { STATUS_MEANING } from "../lang/errors.ts";

export const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** 1234567 → "1,234,567" (whole numbers, as decimal text, a bigint or a number). */
export function grouped(n: bigint | number | string): string {
  const s = String(n);
  const m = /^(-?)(\d+)$/.exec(s);
  return m ? m[1]! + m[2]!.replace(/\B(?=(\d{3})+$)/g, ",") : s;
}

export const checksummed = (address: string) => toChecksumAddress(address.toLowerCase());

/** "0x2aE6…4f1C": the checksummed form's first and last four digits. */
export function shortAddress(address: string): string {
  const c = checksummed(address);
  return `${c.slice(0, 6)}…${c.slice(-4)}`;
}

export const shortHash = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

/** Chain text made visible, and a value that is an address in its checksummed form. */
export function shown(text: string): string {
  return ADDRESS.test(text) ? checksummed(text) : visibleText(text);
}

/** Multi-line chain text (a contract's source): each line made visible, the line breaks kept. */
export const shownLines = (text: string) => text.split("\n").map(visibleText).join("\n");

/** unix seconds → "2026-12-06 23:37 UTC" */
export const utcTime = (seconds: number) =>
  `${new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function statusText(status: number): string {
  const meaning = (STATUS_MEANING as Record<number, string>)[status];
  return meaning ? `status ${status} (${meaning})` : `status ${status} (not a status this chain knows)`;
}

/** What a transaction does, in words, for the receipt's first line. */
export type Intent =
  | { kind: "send"; to: string; amount: bigint }
  | { kind: "call"; target: string; fn: string; value: bigint }
  | { kind: "deploy"; name: string; address: string };

export function intentText(i: Intent): string {
  if (i.kind === "send") return `Send ${grouped(i.amount)} sneed to ${shortAddress(i.to)}`;
  const sending = i.kind === "call" && i.value > 0n ? `, sending ${grouped(i.value)} sneed` : "";
  if (i.kind === "call") return `Call ${shown(i.fn)} on ${shortAddress(i.target)}${sending}`;
  return `Deploy ${shown(i.name)} at ${shortAddress(i.address)}`;
}
