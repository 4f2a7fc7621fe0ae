/**
 * Where the bot's Redis comes from: REDIS_URL, or (for `npm start`) a private redis-server with
 * append-only persistence under DATA_DIR, stopped on exit.
 */
import { join } from 'node:path';
import type { Config } from './config';
import { startPrivateRedis } from '../store/private-redis';

export interface BootedRedis {
  url: string;
  /** Human-readable origin for the start-up banner. */
  origin: string;
  stop(): Promise<void>;
}

export async function bootRedis(config: Config): Promise<BootedRedis> {
  if (config.redisUrl) return { url: config.redisUrl, origin: 'REDIS_URL', stop: async () => undefined };
  const dir = join(config.dataDir, 'redis');
  const server = await startPrivateRedis({ dir, persist: true, reuse: true });
  return {
    url: server.url,
    origin: server.owned ? `私有 redis-server（数据目录 ${dir}）` : `已在运行的私有 redis-server（${dir}）`,
    stop: () => server.stop(),
  };
}
