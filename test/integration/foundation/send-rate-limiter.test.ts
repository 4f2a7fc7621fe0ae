/**
 * The shared Lark send bucket in Redis (store/send-rate-limiter.ts): several limiters ("processes", each on
 * its own connection) on one key draw from one budget. Time is driven through the injected clock only; no
 * assertion depends on how fast anything runs.
 */
import { RateLimiter } from '../../../bot/lark/rate-limiter';
import { makeKeys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { RedisRateLimiter } from '../../../store/send-rate-limiter';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';

const T0 = 1_700_000_000_000;

describe('RedisRateLimiter (shared send bucket)', () => {
  let r1: RedisClient;
  let r2: RedisClient;
  const prefix = uniquePrefix('sendrate');
  const otherPrefix = uniquePrefix('sendrate-other');
  const keys = makeKeys(prefix, 'xicheng-2016');
  let now = T0;
  const clock = () => now;

  beforeAll(async () => {
    r1 = await connectTestRedis();
    r2 = await connectTestRedis();
  });
  afterAll(async () => {
    await deletePrefix(r1, prefix);
    await deletePrefix(r1, otherPrefix);
    r1.disconnect();
    r2.disconnect();
  });

  const reserveN = async (lims: RedisRateLimiter[], key: string, n: number): Promise<number[]> => {
    const waits: number[] = [];
    for (let i = 0; i < n; i++) waits.push(await lims[i % lims.length]!.reserve(key));
    return waits;
  };

  it('two instances on one key share one second of tokens, then space the waiters out', async () => {
    now = T0;
    const a = new RedisRateLimiter(r1, keys, 10, clock);
    const b = new RedisRateLimiter(r2, keys, 10, clock);
    expect(a.key('app')).toBe(`${prefix}:xicheng-2016:send-rate:app`);
    // The first 10 reservations, alternating between the two, go out at once.
    expect(await reserveN([a, b], 'app', 10)).toEqual(Array(10).fill(0));
    // The 11th waits one token's time, the 12th two (reservations go negative: waiters are spaced 100 ms apart).
    expect(await a.reserve('app')).toBe(100);
    expect(await b.reserve('app')).toBe(200);

    // 1 s later 10 tokens came back, 2 of which pay off the two waiters: 8 go out at once.
    now += 1000;
    expect(await reserveN([b, a], 'app', 9)).toEqual([...Array(8).fill(0), 100]);

    // A long idle time fills the bucket, but not beyond one second of tokens.
    now += 60_000;
    expect(await reserveN([a, b], 'app', 11)).toEqual([...Array(10).fill(0), 100]);

    // Refill is proportional: 250 ms of 10/s is 2.5 tokens; with the bucket at -1, 1 goes out at once.
    now += 250;
    expect(await reserveN([a, b], 'app', 3)).toEqual([0, 50, 150]);
  });

  it('keeps other keys and other deployments (prefixes) independent', async () => {
    now = T0;
    const a = new RedisRateLimiter(r1, keys, 2, clock);
    const other = new RedisRateLimiter(r2, makeKeys(otherPrefix, 'xicheng-2016'), 2, clock);
    expect(await reserveN([a], 'busy', 3)).toEqual([0, 0, 500]);
    expect(await a.reserve('quiet')).toBe(0);
    expect(await other.reserve('busy')).toBe(0);
    expect(await other.reserve('busy')).toBe(0);
    expect(await a.reserve('busy')).toBe(1000);
    expect(other.key('busy').startsWith(`${otherPrefix}:`)).toBe(true);
  });

  it('gives the same waits as the in-process RateLimiter', async () => {
    let t = T0;
    const steps = [0, 0, 7, 13, 0, 250, 1, 1, 0, 90, 333, 0, 0, 0, 5, 2000, 0, 0, 0, 0, 0, 0, 40, 41, 0.5];
    const shared = new RedisRateLimiter(r1, keys, 3, () => t);
    const local = new RateLimiter(3, () => t);
    const got: number[] = [];
    const want: number[] = [];
    for (const step of steps) {
      t += step;
      got.push(await shared.reserve('parity'));
      want.push(local.reserve('parity'));
    }
    expect(got).toEqual(want);
    expect(got.some((w) => w > 0)).toBe(true);
  });

  it('ignores a caller whose clock is behind: no refill, no time moved back', async () => {
    now = T0;
    const a = new RedisRateLimiter(r1, keys, 2, clock);
    const late = new RedisRateLimiter(r2, keys, 2, () => now - 5);
    expect(await a.reserve('skew')).toBe(0);
    expect(await late.reserve('skew')).toBe(0);
    expect(await late.reserve('skew')).toBe(500);
    const h = await r1.hgetall(a.key('skew'));
    expect(Number(h.at)).toBe(T0);
    expect(Number(h.t)).toBe(-1);
  });

  it('lets idle buckets expire (an absent bucket is a full one)', async () => {
    now = T0;
    const a = new RedisRateLimiter(r1, keys, 10, clock);
    await a.reserve('idle');
    // Kept until the bucket would be full again (100 ms) plus a 2 s margin.
    const ttl1 = await r1.pttl(a.key('idle'));
    expect(ttl1).toBeGreaterThan(0);
    expect(ttl1).toBeLessThanOrEqual(2100);
    // Waiters keep it longer: at -6 tokens it is full again only after 1.6 s.
    await reserveN([a], 'idle', 15);
    const ttl2 = await r1.pttl(a.key('idle'));
    expect(ttl2).toBeLessThanOrEqual(3600);
    expect(ttl2).toBeGreaterThan(0);
    // Real Redis expiry (not a timing assertion: wait until the key is gone, up to 10 s).
    await r1.pexpire(a.key('idle'), 50);
    for (let i = 0; i < 200 && (await r1.exists(a.key('idle'))); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await r1.exists(a.key('idle'))).toBe(0);
    expect(await reserveN([a], 'idle', 11)).toEqual([...Array(10).fill(0), 100]);
  });

  it('does nothing at rate 0 (no key, no Redis call)', async () => {
    const off = new RedisRateLimiter(r1, keys, 0, clock);
    expect(off.enabled).toBe(false);
    expect(await reserveN([off], 'off', 100)).toEqual(Array(100).fill(0));
    expect(await r1.exists(off.key('off'))).toBe(0);
    // Not even on a closed connection.
    const dead = await connectTestRedis();
    dead.disconnect();
    expect(await new RedisRateLimiter(dead, keys, 0, clock).reserve('off')).toBe(0);
  });

  it('throws the typed store error when Redis is unavailable', async () => {
    const dead = await connectTestRedis();
    dead.disconnect();
    const lim = new RedisRateLimiter(dead, keys, 10, clock);
    await expect(lim.reserve('app')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(lim.take('app')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
