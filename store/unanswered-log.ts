/**
 * Redis implementation of `UnansweredLog`: the policy questions the bot could not answer (or answered with low
 * confidence), newest first, for staff to review with `未答问题`. A capped list (LPUSH + LTRIM) under
 * `keys.unanswered()`, refreshed TTL on every write; entries are JSON, validated with zod on read (an entry that
 * does not parse is skipped, never misread).
 */
import type Redis from 'ioredis';
import { z } from 'zod';
import type { UnansweredEntry, UnansweredLog } from '../handlers/policy/policy-types';
import { guard } from './redis';

const entrySchema = z.object({
  question: z.string().min(1),
  at: z.string().min(1),
  by: z.string().min(1).optional(),
  confidence: z.number().min(0).max(1),
});

export interface UnansweredLogOptions {
  /** Entries kept (oldest dropped); default 1000. */
  maxEntries?: number;
  /** Time to live of the list in seconds, refreshed on each write; default 180 days. */
  ttlSeconds?: number;
  /** Longer questions are cut to this many characters; default 500. */
  maxQuestionLength?: number;
}

/** `key` comes from `store/keys.ts`: `keys.unanswered()`. */
export function createRedisUnansweredLog(redis: Redis, key: string, opts: UnansweredLogOptions = {}): UnansweredLog {
  const maxEntries = opts.maxEntries ?? 1000;
  const ttlSeconds = opts.ttlSeconds ?? 180 * 24 * 3600;
  const maxLen = opts.maxQuestionLength ?? 500;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer: ${maxEntries}`);

  return {
    async record(e: UnansweredEntry): Promise<void> {
      const entry = entrySchema.parse({
        ...e,
        question: e.question.trim().slice(0, maxLen),
        confidence: Math.max(0, Math.min(1, e.confidence)),
      });
      await guard(() =>
        redis.multi().lpush(key, JSON.stringify(entry)).ltrim(key, 0, maxEntries - 1).expire(key, ttlSeconds).exec(),
      );
    },

    async list(limit: number): Promise<UnansweredEntry[]> {
      const n = Math.max(0, Math.min(Math.floor(limit), maxEntries));
      if (n === 0) return [];
      const raw = await guard(() => redis.lrange(key, 0, n - 1));
      const out: UnansweredEntry[] = [];
      for (const line of raw) {
        const parsed = entrySchema.safeParse(parseJson(line));
        if (parsed.success) out.push(parsed.data);
      }
      return out;
    },
  };
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined; // not JSON: the schema check rejects it and the entry is skipped
  }
}
