/**
 * Jest global setup: a private redis-server for the whole run (never a shared one), unless TEST_REDIS_URL
 * is given. Tests read the URL through test/support/redis.ts and use a unique key prefix each.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis, REDIS_INSTALL_HINT, redisServerOnPath } from '../../store/private-redis';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_REDIS_URL) {
    process.env.INSPECTION_TEST_REDIS_URL = process.env.TEST_REDIS_URL;
    return;
  }
  if (!redisServerOnPath()) throw new Error(`The tests need a real Redis. ${REDIS_INSTALL_HINT}`);
  const dir = mkdtempSync(join(tmpdir(), 'inspection-bot-test-redis-'));
  const server = await startPrivateRedis({ dir, persist: false });
  process.env.INSPECTION_TEST_REDIS_URL = server.url;
  (globalThis as { __testRedis?: typeof server }).__testRedis = server;
}
