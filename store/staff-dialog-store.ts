/**
 * Redis implementation of `StaffDialogStore` (handlers/staff/ports.ts): one key per person
 * (`keys.ns('staff-flow', key)`), holding `{"rev":n,"state":…}`. `save` is a compare-and-set on the
 * revision in one Lua script; every save sets the TTL (default 24 h). Records are zod-checked on read;
 * an unreadable record is deleted and reported as a miss.
 */
import { z } from 'zod';
import { StoreConflictError } from '../domain/errors';
import type { StaffDialogStore } from '../handlers/staff/ports';
import type { Keys } from './keys';
import { guard, type RedisClient } from './redis';

// KEYS[1]: the flow key.  ARGV[1]: expected revision, ARGV[2]: state JSON, ARGV[3]: TTL seconds.
// Returns the new revision, or -1 when the stored revision is not the expected one.
const SAVE_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
local rev = 0
if cur then
  local ok, rec = pcall(cjson.decode, cur)
  if ok and type(rec) == 'table' and tonumber(rec.rev) then rev = tonumber(rec.rev) else rev = -2 end
end
if rev ~= tonumber(ARGV[1]) then return -1 end
local nextRev = rev + 1
redis.call('SET', KEYS[1], '{"rev":' .. nextRev .. ',"state":' .. ARGV[2] .. '}', 'EX', tonumber(ARGV[3]))
return nextRev
`;

const recordSchema = z.object({ rev: z.number().int().min(1), state: z.unknown() });

type WithSave = RedisClient & { staffFlowSave(key: string, rev: string, state: string, ttl: string): Promise<number> };

export class RedisStaffDialogStore implements StaffDialogStore {
  private readonly redis: WithSave;

  constructor(
    redis: RedisClient,
    private readonly keys: Keys,
    /** Seconds a flow survives without activity. */
    private readonly ttlSeconds = 24 * 3600,
  ) {
    if (!(redis as unknown as Partial<WithSave>).staffFlowSave) redis.defineCommand('staffFlowSave', { numberOfKeys: 1, lua: SAVE_SCRIPT });
    this.redis = redis as unknown as WithSave;
  }

  private key(key: string): string {
    return this.keys.ns('staff-flow', key);
  }

  async load(key: string): Promise<{ rev: number; state: unknown } | undefined> {
    const raw = await guard(() => this.redis.get(this.key(key)));
    if (raw === null) return undefined;
    const p = recordSchema.safeParse(parseJson(raw));
    if (!p.success) {
      // An unreadable flow is discarded (the person starts the command again), never misread.
      await this.clear(key);
      return undefined;
    }
    return { rev: p.data.rev, state: p.data.state };
  }

  async save(key: string, state: unknown, expectedRev: number): Promise<number> {
    const rev = await guard(() => this.redis.staffFlowSave(this.key(key), String(expectedRev), JSON.stringify(state), String(this.ttlSeconds)));
    if (rev < 0) throw new StoreConflictError(`staff flow ${key}: expected revision ${expectedRev}`);
    return rev;
  }

  async clear(key: string): Promise<void> {
    await guard(() => this.redis.del(this.key(key)));
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined; // not JSON: treated like any other unreadable record
  }
}
