/**
 * Shared bench plumbing: a Redis (REDIS_URL, or a private throwaway redis-server), a unique key prefix,
 * and cleanup of the bench's keys.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startPrivateRedis } from '../store/private-redis';
import { createRedis, waitReady, type RedisClient } from '../store/redis';

export interface BenchRedis {
  url: string;
  prefix: string;
  app: RedisClient;
  queue: RedisClient;
  close(): Promise<void>;
}

export async function benchRedis(name: string, redisUrl = process.env.REDIS_URL): Promise<BenchRedis> {
  const server = redisUrl ? undefined : await startPrivateRedis({ dir: mkdtempSync(join(tmpdir(), `bench-${name}-`)), persist: false });
  const url = redisUrl ?? server!.url;
  const app = createRedis(url, { name: `bench-${name}` });
  const queue = createRedis(url, { purpose: 'queue', name: `bench-${name}-q` });
  await Promise.all([waitReady(app), waitReady(queue)]);
  const prefix = `bench-${name}-${randomBytes(4).toString('hex')}`;
  return {
    url,
    prefix,
    app,
    queue,
    async close() {
      for (const match of [`${prefix}:*`, `${prefix}-bull:*`]) {
        let cursor = '0';
        do {
          const [next, batch] = await app.scan(cursor, 'MATCH', match, 'COUNT', 1000);
          cursor = next;
          if (batch.length) await app.del(...batch);
        } while (cursor !== '0');
      }
      app.disconnect();
      queue.disconnect();
      await server?.stop();
    },
  };
}
