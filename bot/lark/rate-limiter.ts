/**
 * Token buckets for Lark's send limits (50/s per app, 5/s per user or group): `take(key)` resolves when a
 * send may go out. The bucket holds one second of tokens, so short bursts pass and sustained load is paced.
 * A rate of 0 switches the limiter off (benchmarks against a fake server).
 *
 * `RateLimiter` here is in-process. `LarkSender` uses it for the per-user/chat limit: a chat's turns are
 * handled one at a time, in order, also across instances (inbox-worker.ts), so one chat's replies come from
 * one instance at a time and a per-process bucket is enough (a proactive message from another instance's
 * outbound worker may overlap; Lark's 230020 answer to that is retried, lark-call.ts). The per-app limit is shared by all instances, so it uses the Redis
 * bucket (store/send-rate-limiter.ts, wired in lark-service.ts) whenever the rate is not 0.
 */

/** What `LarkSender` needs from a limiter: the in-process `RateLimiter` or the shared `RedisRateLimiter`. */
export interface SendLimiter {
  /** False when the rate is 0: `take` then resolves at once, without any I/O. */
  readonly enabled: boolean;
  /** Resolves when a send may go out (its token is reserved). */
  take(key: string): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter implements SendLimiter {
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
