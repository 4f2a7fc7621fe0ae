/**
 * A Bottender session store on ioredis 6, with a key prefix and a TTL (the built-in redis driver has
 * neither, uses its own ioredis 4 and SCANs the whole database). It satisfies Bottender's SessionStore
 * contract structurally, so this file does not import bottender.
 *
 * Sessions hold only channel bookkeeping; dialog state lives in the dialog store (versioned writes).
 */
import type Redis from 'ioredis';
import { z } from 'zod';
import type { Keys } from './keys';
import { guard } from './redis';

const sessionRecord = z.record(z.string(), z.unknown());
type SessionRecord = z.output<typeof sessionRecord>;

export class RedisSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** Time to live in seconds; default 30 days. */
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {}

  async init(): Promise<this> {
    return this;
  }

  async read(key: string): Promise<SessionRecord | null> {
    const raw = await guard(() => this.redis.get(this.keys.session(key)));
    if (raw === null) return null;
    try {
      const parsed = sessionRecord.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null; // unreadable session: start a fresh one rather than fail the turn
    }
  }

  async all(): Promise<SessionRecord[]> {
    const out: SessionRecord[] = [];
    const stream = this.redis.scanStream({ match: this.keys.sessionPattern(), count: 200 });
    for await (const batch of stream as AsyncIterable<string[]>) {
      if (batch.length === 0) continue;
      const values = await this.redis.mget(...batch);
      for (const v of values) {
        if (v === null) continue;
        try {
          const parsed = sessionRecord.safeParse(JSON.parse(v));
          if (parsed.success) out.push(parsed.data);
        } catch {
          // skip unreadable entries
        }
      }
    }
    return out;
  }

  async write(key: string, session: SessionRecord): Promise<void> {
    await guard(() => this.redis.set(this.keys.session(key), JSON.stringify(session), 'EX', this.ttlSeconds));
  }

  async destroy(key: string): Promise<void> {
    await guard(() => this.redis.del(this.keys.session(key)));
  }
}
