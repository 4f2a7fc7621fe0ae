/**
 * The Lark SDK's token `cache` interface on Redis, so all instances share one tenant token instead of each
 * fetching its own (platform reference §4). The SDK passes `expire` as absolute epoch milliseconds and a
 * Symbol key; we store under `<base>:lark-token:<namespace>/<String(key)>` with PX = expire − now.
 * Structurally compatible with the SDK's `Cache` (store/ does not import the SDK).
 *
 * The SDK reads the token before every API call; a 1 s in-process memo saves a Redis round trip per send
 * (about 1 of the ~26 commands an inbound event cost, docs/benchmarks.md). Safe: the SDK stores tokens
 * 3 min before they expire.
 */
import type Redis from 'ioredis';
import type { Keys } from './keys';
import { guard } from './redis';

/** How long a token read from (or written to) Redis is reused in process. */
const MEMO_MS = 1000;

export class RedisTokenCache {
  private readonly memo = new Map<string, { value: string; until: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private key(key: string | symbol | object, namespace: string | undefined): string {
    return this.keys.ns('lark-token', `${namespace ?? 'default'}/${String(key)}`);
  }

  async get(key: string | symbol | object, options?: { namespace?: string }): Promise<string | undefined> {
    const k = this.key(key, options?.namespace);
    const hit = this.memo.get(k);
    if (hit && hit.until > Date.now()) return hit.value;
    const v = await guard(() => this.redis.get(k));
    if (v === null) this.memo.delete(k);
    else this.memo.set(k, { value: v, until: Date.now() + MEMO_MS });
    return v ?? undefined;
  }

  async set(key: string | symbol | object, value: unknown, expire?: number, options?: { namespace?: string }): Promise<boolean> {
    if (typeof value !== 'string' || value === '') return false;
    const k = this.key(key, options?.namespace);
    this.memo.delete(k);
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
