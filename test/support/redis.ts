/**
 * Redis for tests: the private server started by global-setup (or TEST_REDIS_URL). Every test uses its
 * own key prefix and deletes only its own keys; nothing here flushes a database.
 */
import { randomBytes } from 'node:crypto';
import { createRedis, waitReady, type RedisClient } from '../../store/redis';

export function testRedisUrl(): string {
  const url = process.env.INSPECTION_TEST_REDIS_URL;
  if (!url) throw new Error('No test Redis: run through jest (global setup starts one) or set TEST_REDIS_URL');
  return url;
}

/** A key prefix unique to this test, e.g. `t-selfcheck-3f2a9c`. */
export function uniquePrefix(name: string): string {
  return `t-${name.replace(/[^A-Za-z0-9_-]/g, '')}-${randomBytes(4).toString('hex')}`;
}

export async function connectTestRedis(purpose: 'app' | 'queue' = 'app'): Promise<RedisClient> {
  const client = createRedis(testRedisUrl(), { purpose, name: 'test' });
  await waitReady(client);
  return client;
}

/** Delete every key under `prefix` (and `prefix:{...}` hash-tagged keys). */
export async function deletePrefix(client: RedisClient, prefix: string): Promise<void> {
  for (const match of [`${prefix}:*`]) {
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      if (batch.length) await client.del(...batch);
    } while (cursor !== '0');
  }
}
