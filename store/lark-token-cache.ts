/**
 * The Lark SDK's token `cache` interface on Redis, so all instances share one tenant token instead of each
 * fetching its own (platform reference §4). The SDK passes `expire` as absolute epoch milliseconds and a
 * Symbol key; we store under `<base>:lark-token:<namespace>/<String(key)>` with PX = expire − now.
 * Structurally compatible with the SDK's `Cache` (store/ does not import the SDK).
 */
import type Redis from 'ioredis';
import type { Keys } from './keys';
import { guard } from './redis';

export class RedisTokenCache {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private key(key: string | symbol | object, namespace: string | undefined): string {
    return this.keys.ns('lark-token', `${namespace ?? 'default'}/${String(key)}`);
  }

  async get(key: string | symbol | object, options?: { namespace?: string }): Promise<string | undefined> {
    const v = await guard(() => this.redis.get(this.key(key, options?.namespace)));
    return v ?? undefined;
  }

  async set(key: string | symbol | object, value: unknown, expire?: number, options?: { namespace?: string }): Promise<boolean> {
    if (typeof value !== 'string' || value === '') return false;
    const k = this.key(key, options?.namespace);
    if (expire === undefined) {
      await guard(() => this.redis.set(k, value, 'EX', 3600));
      return true;
    }
    const ttl = Math.floor(expire - Date.now());
    if (ttl <= 0) return false;
    await guard(() => this.redis.set(k, value, 'PX', ttl));
    return true;
  }
}
