import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKeys } from '../../../store/keys';
import { startPrivateRedis } from '../../../store/private-redis';
import { createRedis, waitReady, type RedisClient } from '../../../store/redis';
import { RedisSessionStore } from '../../../store/session-store';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';

describe('RedisSessionStore', () => {
  let redis: RedisClient;
  const prefix = uniquePrefix('session');
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('keeps sessions under its prefix with a TTL and lists only its own', async () => {
    const keys = makeKeys(prefix, 'xicheng-2016');
    const store = new RedisSessionStore(redis, keys, 60);
    await redis.set('unrelated-key-of-someone-else', 'x', 'EX', 60);
    await store.write('console:a', { lastActivity: 1 });
    await store.write('console:b', { lastActivity: 2 });
    expect(await store.read('console:a')).toEqual({ lastActivity: 1 });
    const ttl = await redis.ttl(keys.session('console:a'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    const all = await store.all();
    expect(all).toHaveLength(2);
    await store.destroy('console:a');
    expect(await store.read('console:a')).toBeNull();
    // A corrupt record reads as a fresh session instead of failing the turn.
    await redis.set(keys.session('console:c'), '{not json', 'EX', 60);
    expect(await store.read('console:c')).toBeNull();
    await redis.del('unrelated-key-of-someone-else');
  });
});

describe('private redis-server (npm start without REDIS_URL)', () => {
  it('persists data in its directory across a stop and a start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'private-redis-'));
    const first = await startPrivateRedis({ dir, persist: true, reuse: true });
    const c1 = createRedis(first.url);
    await waitReady(c1);
    await c1.set('kept', 'yes');
    c1.disconnect();
    await first.stop();
    const second = await startPrivateRedis({ dir, persist: true, reuse: true });
    const c2 = createRedis(second.url);
    await waitReady(c2);
    expect(await c2.get('kept')).toBe('yes');
    c2.disconnect();
    await second.stop();
  });
});
