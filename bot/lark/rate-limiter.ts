/**
 * Token buckets for Lark's send limits (50/s per app, 5/s per user or group): `take(key)` resolves when a
 * send may go out. The bucket holds one second of tokens, so short bursts pass and sustained load is paced.
 * A rate of 0 switches the limiter off (benchmarks against a fake server). In-process only: with several
 * instances, give each a share of the app rate (docs/lark.md).
 */
interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    /** Sends per second per key; 0 = unlimited. */
    private readonly rate: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.rate > 0;
  }

  /** Milliseconds the caller must wait before sending (the token is reserved). */
  reserve(key: string): number {
    if (this.rate <= 0) return 0;
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.rate, at: t };
    b.tokens = Math.min(this.rate, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.prune(t);
    return b.tokens >= 0 ? 0 : Math.ceil((-b.tokens / this.rate) * 1000);
  }

  async take(key: string): Promise<void> {
    const wait = this.reserve(key);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.at > 2000) this.buckets.delete(k);
  }
}
