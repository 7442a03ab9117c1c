// How the page writes numbers, addresses and chain text: deterministic, checksummed, controls escaped.
import { describe, expect, it } from "vitest";
import { grouped, shortAddress, shown, shownLines, statusText, utcTime } from "../../src/web/format.ts";

describe("the page's formatting", () => {
  it("groups digits without a locale", () => {
    expect(grouped(48832n)).toBe("48,832");
    expect(grouped("1000000000000000000000")).toBe("1,000,000,000,000,000,000,000");
    expect(grouped(999)).toBe("999");
    expect(grouped(-1234)).toBe("-1,234");
  });

  it("shortens an address in its EIP-55 form", () => {
    // EIP-55's own example
    expect(shortAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).toBe("0x5aAe…eAed");
    expect(shown("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).toBe(
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    );
  });

  it("shows invisible and bidi characters escaped, in one line and in a source", () => {
    expect(shown("pay\u202Eevil\u200B")).toBe("pay\\u202Eevil\\u200B");
    expect(shownLines('(abort "a\u2066b")\n(ok)')).toBe('(abort "a\\u2066b")\n(ok)');
  });

  it("names every status, and one it does not know without 'undefined'", () => {
    expect(statusText(1)).toBe("status 1 (aborted)");
    expect(statusText(99)).toBe("status 99 (not a status this chain knows)");
    expect(utcTime(0)).toBe("1970-01-01 00:00 UTC");
  });
});
