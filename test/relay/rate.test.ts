// The relay's token buckets: a burst, then one token per 60/perMinute seconds, each key apart.
import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../src/relay/rate.ts";

describe("token buckets", () => {
  it("allow a burst, then refill at the rate, per key", () => {
    let now = 0;
    const b = new TokenBuckets({ perMinute: 6, burst: 2 }, () => now);
    expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBe(10); // one token grows in 10 s
    expect(b.take("b")).toBe(0);
    now += 10_000;
    expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBeGreaterThan(0);
    now += 60_000;
    expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBe(0);
    expect(b.take("a")).toBeGreaterThan(0); // never more than the burst
  });
});
