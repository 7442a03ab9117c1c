// How the page writes numbers, addresses, times and chain text: deterministically (no locale: the same
// page reads the same everywhere), addresses in their EIP-55 form, and every text that came from the
// chain through visibleText (invisible and bidi characters shown as \uXXXX escapes). Pure.

import { shownAddress, utcMinute } from "../client/display.ts";
import { STATUS_MEANING } from "../lang/errors.ts";

// shown: chain text made visible, an address checksummed; shownLines: a contract's source, line by line
export { ADDRESS, grouped, shownAddress as shown, visibleLines as shownLines } from "../client/display.ts";

/** "0x2aE6…4f1C": the checksummed form's first and last four digits. */
export function shortAddress(address: string): string {
  const c = shownAddress(address);
  return `${c.slice(0, 6)}…${c.slice(-4)}`;
}

export const shortHash = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

/** unix seconds → "2026-12-06 23:37 UTC" */
export const utcTime = (seconds: number) => `${utcMinute(seconds)} UTC`;

export function statusText(status: number): string {
  const meaning = (STATUS_MEANING as Record<number, string>)[status];
  return meaning ? `status ${status} (${meaning})` : `status ${status} (not a status this chain knows)`;
}
