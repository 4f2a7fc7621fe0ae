/**
 * The app's Redis client sends the commands issued in one turn of the event loop in one socket write (store/redis.ts), which
 * is what keeps the inbox worker's 32 concurrent turns from paying a system call per command. The order of
 * commands, their answers and their errors must be exactly as without it.
 */
import type { Socket } from 'node:net';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';
import type { RedisClient } from '../../../store/redis';

/** Counts the writes the client's socket hands to the kernel (one `_write` or `_writev` each). */
function countWrites(client: RedisClient): { count: () => number } {
  const socket = client.stream as Socket & { _write: (...a: unknown[]) => void; _writev?: (...a: unknown[]) => void };
  let n = 0;
  for (const m of ['_write', '_writev'] as const) {
    const orig = socket[m];
    if (!orig) continue;
    socket[m] = function (this: unknown, ...args: unknown[]) {
      n++;
      return orig.apply(this, args);
    };
  }
  return { count: () => n };
}

describe('Redis client write coalescing', () => {
  let redis: RedisClient;
  const prefix = uniquePrefix('coalesce');
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('sends the commands issued together in one write, in order, each with its own answer', async () => {
    const key = `${prefix}:counter`;
    const writes = countWrites(redis);
    const answers = await Promise.all(Array.from({ length: 50 }, () => redis.incr(key)));
    expect(answers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(writes.count()).toBe(1);
  });

  it('sends the commands of callbacks run in the same turn of the event loop together', async () => {
    const key = `${prefix}:timers`;
    const writes = countWrites(redis);
    // Immediates queued together run one after another in the loop's check phase. (Not timers: Node reads the
    // clock for each setTimeout, so three zero-delay timers can straddle a millisecond and fire in two turns.)
    const answers = await new Promise<number[]>((resolve) => {
      const out: Promise<number>[] = [];
      for (let i = 0; i < 3; i++) setImmediate(() => out.push(redis.incr(key)));
      setImmediate(() => void Promise.all(out).then(resolve));
    });
    expect(answers).toEqual([1, 2, 3]);
    expect(writes.count()).toBe(1);
  });

  it('still sends a command awaited on its own at once, one write each', async () => {
    const key = `${prefix}:sequential`;
    const writes = countWrites(redis);
    for (let i = 1; i <= 5; i++) expect(await redis.incr(key)).toBe(i);
    expect(writes.count()).toBe(5);
  });

  it('keeps a failing command in a batch to itself', async () => {
    const key = `${prefix}:mixed`;
    await redis.set(key, 'not a number');
    const results = await Promise.allSettled([redis.get(key), redis.incr(key), redis.strlen(key)]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'not a number' });
    expect(results[1]?.status).toBe('rejected');
    expect(results[2]).toEqual({ status: 'fulfilled', value: 12 });
  });

  it('works on a script command (EVALSHA) sent together with plain ones', async () => {
    const key = `${prefix}:script`;
    const [a, b, c] = await Promise.all([
      redis.set(key, '1'),
      redis.eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", 1, key, '41'),
      redis.get(key),
    ]);
    expect([a, b, c]).toEqual(['OK', 42, '42']);
  });
});
