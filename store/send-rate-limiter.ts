/**
 * A token bucket in Redis for Lark's per-app send limit (50/s per app), so all instances of a deployment
 * together stay within LARK_SEND_RATE instead of each process having its own budget. Same semantics as the
 * in-process `RateLimiter` (bot/lark/rate-limiter.ts): the bucket holds one second of tokens (= `rate`),
 * `reserve(key)` takes a token and returns the milliseconds to wait before sending. A reservation may drive
 * the bucket negative, so callers that must wait are spaced out (1/rate apart) instead of all being released
 * at once. A rate of 0 switches it off: no Redis call at all.
 *
 * One key per bucket (`<base>:send-rate:<key>`, a hash: `t` tokens, `at` time of the last refill in epoch
 * ms), one script call (EVALSHA) per reservation. The key expires once the bucket would be full again (plus
 * a margin): an absent bucket and a full one are the same thing, so idle keys simply disappear.
 *
 * The clock is the caller's (`now`, default Date.now, injectable for tests), passed to the script, rather
 * than Redis TIME: the tests drive time without waiting, and the instances are NTP-synced, so their clocks
 * differ by a few ms at most. A caller whose clock is behind the stored `at` gets no refill and does not move
 * `at` back, so a skew only shifts that one reservation by the skew; it never creates or destroys tokens.
 */
import type Redis from 'ioredis';
import { StoreCorruptError } from '../domain/errors';
import type { Keys } from './keys';
import { guard } from './redis';

/** How long a bucket outlives the moment it would be full again (covers clock skew between instances). */
const IDLE_MARGIN_MS = 2000;

// KEYS[1] the bucket hash. ARGV[1] rate (tokens per second = capacity), ARGV[2] the caller's now (epoch ms),
// ARGV[3] idle margin ms. Refills by the time elapsed since `at` (capped at one second of tokens), takes one
// token (the count may go negative: reservations queue up), and returns the wait in ms (0 if a token was
// there). The expressions mirror RateLimiter.reserve, so both give the same waits.
const RESERVE_LUA = `
local rate = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  tokens = rate
  at = now
elseif now > at then
  tokens = math.min(rate, tokens + ((now - at) / 1000) * rate)
  at = now
end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 't', tokens, 'at', at)
redis.call('PEXPIRE', KEYS[1], math.ceil(((rate - tokens) / rate) * 1000) + tonumber(ARGV[3]))
if tokens >= 0 then return 0 end
return math.ceil((-tokens / rate) * 1000)
`;

type LimiterRedis = Redis & { sendRateReserve(key: string, rate: string, now: string, marginMs: string): Promise<unknown> };

export class RedisRateLimiter {
  private readonly redis: LimiterRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
    /** Sends per second per key, for all instances together; 0 = unlimited (no Redis call). */
    private readonly rate: number,
    /** Epoch ms; injectable for tests. */
    private readonly now: () => number = Date.now,
  ) {
    if (!(redis as unknown as Partial<LimiterRedis>).sendRateReserve) redis.defineCommand('sendRateReserve', { numberOfKeys: 1, lua: RESERVE_LUA });
    this.redis = redis as unknown as LimiterRedis;
  }

  get enabled(): boolean {
    return this.rate > 0;
  }

  /** The bucket's Redis key (under the deployment's prefix). */
  key(key: string): string {
    return this.keys.ns('send-rate', key);
  }

  /**
   * Milliseconds the caller must wait before sending (the token is reserved). Throws StoreUnavailableError
   * when Redis cannot be reached (nothing is sent then; the caller's retry path takes over).
   */
  async reserve(key: string): Promise<number> {
    if (this.rate <= 0) return 0;
    const res = await guard(() => this.redis.sendRateReserve(this.key(key), String(this.rate), String(this.now()), String(IDLE_MARGIN_MS)));
    const wait = Number(res);
    if (!Number.isFinite(wait) || wait < 0) throw new StoreCorruptError(`unexpected send-rate script result: ${String(res)}`);
    return wait;
  }

  async take(key: string): Promise<void> {
    const wait = await this.reserve(key);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
