// Rate limits of the relay (docs/relay.md "Limits"): a token bucket per key (a sender's address, a
// client's IP). A bucket holds at most `burst` tokens and gains `perMinute` of them a minute; a
// submission takes one, and a key with none left is refused until one has grown back. Buckets live in
// memory only: a restart forgives everyone, which costs nothing the limits protect (what the relay holds
// per sender is capped apart, from its journal).

export interface Rate {
  /** tokens gained a minute */
  perMinute: number;
  /** the most a key may spend at once */
  burst: number;
}

/** Keys whose bucket is full are forgotten past this many, so a flood of new keys cannot fill memory. */
const MAX_KEYS = 100_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly rate: Rate,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `key`: the seconds to wait when there is none (0: taken). */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.rate.burst, at: t };
    const grown = ((t - b.at) * this.rate.perMinute) / 60_000;
    b.tokens = Math.min(this.rate.burst, b.tokens + grown);
    b.at = t;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return Math.ceil(((1 - b.tokens) * 60) / this.rate.perMinute);
    }
    b.tokens -= 1;
    this.buckets.delete(key); // re-inserted last: the map's order is the least recently used first
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_KEYS) this.forgetFull(t);
    return 0;
  }

  /** Drops the buckets that have grown full again: they say nothing a new bucket would not. */
  private forgetFull(t: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((t - b.at) * this.rate.perMinute) / 60_000 >= this.rate.burst) this.buckets.delete(key);
  }
}
