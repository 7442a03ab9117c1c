// Rate limits of the relay (docs/relay.md "Limits"): a token bucket per key (a sender's address, a
// client's IP). A bucket holds at most `burst` tokens and gains `perMinute` of them a minute; a
// submission takes one, and a key with none left is refused until one has grown back. Buckets live in
// memory only: a restart forgives everyone, which costs nothing the limits protect (what the relay holds
// per sender is capped apart, from its journal).
//
// Each bucket is kept as one time, the moment it will be full again (GCRA, the "virtual scheduling" form
// of a token bucket): a token takes 60/perMinute seconds to grow, so a bucket due full at `full` holds
// burst - (full - now) / that many tokens.

export interface Rate {
  /** tokens gained a minute */
  perMinute: number;
  /** the most a key may spend at once */
  burst: number;
}

/** Keys whose bucket is full are forgotten past this many, so a flood of new keys cannot fill memory. */
const MAX_KEYS = 100_000;

export class TokenBuckets {
  /** when each key's bucket is full again, least recently used first */
  private readonly full = new Map<string, number>();

  constructor(
    readonly rate: Rate,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `key`: the seconds to wait when there is none (0: taken). */
  take(key: string): number {
    const t = this.now();
    const token = 60_000 / this.rate.perMinute;
    const full = Math.max(t, this.full.get(key) ?? t);
    // the time until this bucket holds one token again
    const wait = full - t - (this.rate.burst - 1) * token;
    if (wait > 0) return Math.ceil(wait / 1000);
    this.full.delete(key); // re-inserted last: the map's order is the least recently used first
    this.full.set(key, full + token);
    if (this.full.size > MAX_KEYS) this.forget(t);
    return 0;
  }

  /**
   * Drops the buckets full again (they say nothing a new one would not), then the least recently used
   * down to nine tenths of MAX_KEYS: a flood of new keys costs one sweep per MAX_KEYS / 10 of them,
   * not one per request.
   */
  private forget(t: number): void {
    for (const [k, at] of this.full) if (at <= t) this.full.delete(k);
    for (const k of this.full.keys()) {
      if (this.full.size <= MAX_KEYS - MAX_KEYS / 10) break;
      this.full.delete(k);
    }
  }
}
