/**
 * Redis state of reminders, broadcasts and outbound delivery:
 *   - reminder claims: one key per (reminder id, person), `SET NX` with a long TTL, claimed together with the
 *     person's daily counter and an outbox record in one Lua script (so a claimed reminder is never lost:
 *     the outbox entry is re-enqueued by the next sweep if the process died before enqueueing);
 *   - snoozes, the last proactive message per person (what 收到 acknowledges), acks;
 *   - broadcast drafts (awaiting confirmation), broadcast records, per-recipient delivered/failed marks;
 *   - the dead-letter list; the cross-instance sweep lock.
 * Every key comes from store/keys.ts (`keys.ns`); every write sets a TTL.
 */
import type { ChainableCommander } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { StoreCorruptError } from '../domain/errors';
import { broadcastDraftSchema, deadLetterSchema, type BroadcastDraft, type BroadcastStatus, type DeadLetter } from '../handlers/reminders/ports';
import type { Keys } from './keys';
import { guard, type RedisClient } from './redis';

const DAY = 86_400;
/** Claims and delivery marks outlive the campaign (about half a year). */
const LONG_TTL = 200 * DAY;
const DRAFT_TTL = 30 * 60;
const DEAD_MAX = 1000;

// KEYS[1] the once-marker of this dead letter's message id, KEYS[2] the dead-letter list. ARGV[1] the record,
// ARGV[2] the list's cap, ARGV[3] TTL s. The same list commands as pushDead, only if the marker was not set.
const DEAD_ONCE_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[3], 'NX') then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
`;

const CLAIM_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return {-1} end
local msgId = ARGV[3] .. (count + 1)
local claimed = {}
local parts = {}
for i = 3, #KEYS do
  if redis.call('SET', KEYS[i], msgId, 'NX', 'EX', ARGV[2]) then
    table.insert(claimed, i - 2)
    table.insert(parts, ARGV[4 + i - 2])
  end
end
if #claimed == 0 then return {0} end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], 3 * 86400)
redis.call('HSET', KEYS[2], msgId, '{"contactId":' .. ARGV[4] .. ',"items":[' .. table.concat(parts, ',') .. ']}')
redis.call('EXPIRE', KEYS[2], ARGV[2])
table.insert(claimed, 1, count + 1)
return claimed
`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export const outboxItemSchema = z.object({ id: z.string(), kind: z.string(), line: z.string() });
export const outboxRecordSchema = z.object({ contactId: z.string(), items: z.array(outboxItemSchema).min(1) });
export type OutboxRecord = z.output<typeof outboxRecordSchema>;

const broadcastRecordSchema = broadcastDraftSchema.extend({
  total: z.number().int().min(0),
  state: z.enum(['fanning', 'fanned']),
});
export type BroadcastRecord = z.output<typeof broadcastRecordSchema>;

export type ClaimItem = { id: string; kind: string; line: string };

export type ClaimResult = { status: 'capped' } | { status: 'nothing' } | { status: 'claimed'; messageId: string; itemIds: string[] };

function parseJson<T>(schema: z.ZodType<T>, raw: string, what: string): T {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (err) {
    throw new StoreCorruptError(`${what}: not JSON`, { cause: err });
  }
  const p = schema.safeParse(v);
  if (!p.success) throw new StoreCorruptError(`${what}: ${p.error.issues[0]?.message ?? 'invalid'}`);
  return p.data;
}

/** How many recipients of a message are settled: delivered (or skipped) and finally failed. */
export interface SettledCounts {
  sent: number;
  failed: number;
}

/** The two SCARD replies at the end of a MULTI, from index `at`. */
function countsOf(res: [Error | null, unknown][] | null, at: number): SettledCounts {
  const reply = (i: number): number => {
    const [err, v] = res?.[i] ?? [new Error('no reply'), 0];
    if (err) throw err;
    return Number(v);
  };
  return { sent: reply(at), failed: reply(at + 1) };
}

export class ReminderStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {
    // EVALSHA through a defined command (the script is sent once per connection, not with every claim).
    if (!(redis as unknown as { remClaim?: unknown }).remClaim) redis.defineCommand('remClaim', { lua: CLAIM_SCRIPT });
    if (!(redis as unknown as { remDeadOnce?: unknown }).remDeadOnce) redis.defineCommand('remDeadOnce', { lua: DEAD_ONCE_SCRIPT });
  }

  private k(...parts: string[]): string {
    return this.keys.ns('outreach', ...parts);
  }

  /**
   * Claim reminders for one person on one local day, atomically with the daily cap: returns the newly
   * claimed ids (in order) and the message id they go out under, or `capped` / `nothing`.
   */
  async claim(contactId: string, date: string, maxPerDay: number, items: ClaimItem[]): Promise<ClaimResult> {
    const [res] = await this.claimMany(date, maxPerDay, [{ contactId, items }]);
    return res ?? { status: 'nothing' };
  }

  /** `claim` for many people in one pipelined round trip (EVALSHA of the claim script per person). */
  async claimMany(date: string, maxPerDay: number, reqs: { contactId: string; items: ClaimItem[] }[]): Promise<ClaimResult[]> {
    const pipe = this.redis.pipeline() as ReturnType<RedisClient['pipeline']> & { remClaim(numKeys: number, ...args: string[]): unknown };
    const live = reqs.filter((r) => r.items.length > 0);
    for (const { contactId, items } of live) {
      const keys = [this.k('count', contactId, date), this.k('outbox'), ...items.map((i) => this.k('claim', i.id, contactId))];
      const args = [String(maxPerDay), String(LONG_TTL), `rm-${date}-${contactId}-`, JSON.stringify(contactId), ...items.map((i) => JSON.stringify(i))];
      pipe.remClaim(keys.length, ...keys, ...args);
    }
    const out = live.length > 0 ? ((await guard(() => pipe.exec())) ?? []) : [];
    const byContact = new Map<string, ClaimResult>();
    live.forEach(({ contactId, items }, i) => {
      const [err, raw] = out[i] ?? [new Error('no reply'), undefined];
      if (err) throw err;
      const res = raw as number[];
      const head = res[0] ?? 0;
      byContact.set(
        contactId,
        head === -1 ? { status: 'capped' } : head === 0 ? { status: 'nothing' } : { status: 'claimed', messageId: `rm-${date}-${contactId}-${head}`, itemIds: res.slice(1).map((k) => items[k - 1]!.id) },
      );
    });
    return reqs.map((r) => byContact.get(r.contactId) ?? { status: 'nothing' });
  }

  async isClaimed(reminderId: string, contactId: string): Promise<boolean> {
    return (await guard(() => this.redis.exists(this.k('claim', reminderId, contactId)))) === 1;
  }

  async outbox(): Promise<Map<string, OutboxRecord>> {
    const all = await guard(() => this.redis.hgetall(this.k('outbox')));
    return new Map(Object.entries(all).map(([id, raw]) => [id, parseJson(outboxRecordSchema, raw, `outbox ${id}`)]));
  }

  async outboxDone(messageIds: string[]): Promise<void> {
    for (let i = 0; i < messageIds.length; i += 1000) {
      const batch = messageIds.slice(i, i + 1000);
      if (batch.length > 0) await guard(() => this.redis.hdel(this.k('outbox'), ...batch));
    }
  }

  async snooze(contactId: string, until: string): Promise<void> {
    await guard(() => this.redis.multi().hset(this.k('snooze'), contactId, until).expire(this.k('snooze'), LONG_TTL).exec());
  }

  async snoozes(): Promise<Map<string, string>> {
    return new Map(Object.entries(await guard(() => this.redis.hgetall(this.k('snooze')))));
  }

  /**
   * Mark a (message, person) delivered and remember it as the person's last proactive message; returns the
   * message's settled counts after it (one round trip for both).
   */
  async markDelivered(messageId: string, contactId: string): Promise<SettledCounts> {
    const key = this.k('delivered', messageId);
    const res = await guard(() =>
      this.redis.multi().sadd(key, contactId).expire(key, LONG_TTL).hset(this.k('last'), contactId, messageId).expire(this.k('last'), LONG_TTL).scard(key).scard(this.k('failed', messageId)).exec(),
    );
    return countsOf(res, 4);
  }

  /** Settle a (message, person) without sending (it became irrelevant); not counted as their last message. */
  async markSkipped(messageId: string, contactId: string): Promise<void> {
    const key = this.k('delivered', messageId);
    await guard(() => this.redis.multi().sadd(key, contactId).expire(key, LONG_TTL).exec());
  }

  /** Record a final failure (and dead-letter it); returns the message's settled counts after it. */
  async markFailed(messageId: string, contactId: string, dead: DeadLetter): Promise<SettledCounts> {
    const key = this.k('failed', messageId);
    const res = await guard(() =>
      this.pushDead(this.redis.multi().sadd(key, contactId).expire(key, LONG_TTL), dead)
        .scard(this.k('delivered', messageId))
        .scard(key)
        .exec(),
    );
    return countsOf(res, 5);
  }

  /**
   * Add a dead letter on its own (no per-message delivered/failed marks): e.g. a chat reply that could not be
   * sent. Once per `messageId`: an inbox entry whose acknowledgement failed after its dead letter was recorded
   * is handled again, and must not list the same failure twice. Returns whether it was added.
   */
  async addDeadLetter(dead: DeadLetter): Promise<boolean> {
    const redis = this.redis as RedisClient & { remDeadOnce(numKeys: number, ...keysAndArgs: (string | number)[]): Promise<number> };
    const added = await guard(() => redis.remDeadOnce(2, this.k('dead-once', dead.messageId), this.k('dead'), JSON.stringify(dead), DEAD_MAX, LONG_TTL));
    return added === 1;
  }

  /** The dead-letter list's three commands (newest first, capped, kept LONG_TTL), queued on `m`. */
  private pushDead(m: ChainableCommander, dead: DeadLetter): ChainableCommander {
    const key = this.k('dead');
    return m.lpush(key, JSON.stringify(dead)).ltrim(key, 0, DEAD_MAX - 1).expire(key, LONG_TTL);
  }

  /** 'delivered' / 'failed' when the (message, person) is settled, else undefined (one round trip). */
  async settled(messageId: string, contactId: string): Promise<'delivered' | 'failed' | undefined> {
    const res = await guard(() => this.redis.multi().sismember(this.k('delivered', messageId), contactId).sismember(this.k('failed', messageId), contactId).exec());
    const [d, f] = (res ?? []).map(([err, v]) => {
      if (err) throw err;
      return v;
    });
    return d === 1 ? 'delivered' : f === 1 ? 'failed' : undefined;
  }

  async deliveredCount(messageId: string): Promise<number> {
    return guard(() => this.redis.scard(this.k('delivered', messageId)));
  }

  async ack(contactId: string): Promise<string | undefined> {
    const last = await guard(() => this.redis.hget(this.k('last'), contactId));
    if (!last) return undefined;
    const key = this.k('ack', last);
    await guard(() => this.redis.multi().sadd(key, contactId).expire(key, LONG_TTL).exec());
    return last;
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    const raw = await guard(() => this.redis.lrange(this.k('dead'), 0, limit - 1));
    return raw.map((r, i) => parseJson(deadLetterSchema, r, `dead letter ${i}`));
  }

  async saveDraft(draft: BroadcastDraft): Promise<void> {
    await guard(() => this.redis.set(this.k('draft', draft.createdBy), JSON.stringify(draft), 'EX', DRAFT_TTL));
  }

  async loadDraft(staffId: string): Promise<BroadcastDraft | undefined> {
    const raw = await guard(() => this.redis.get(this.k('draft', staffId)));
    return raw ? parseJson(broadcastDraftSchema, raw, `draft ${staffId}`) : undefined;
  }

  async clearDraft(staffId: string): Promise<void> {
    await guard(() => this.redis.del(this.k('draft', staffId)));
  }

  /** Create the broadcast record once; returns the stored record (an existing one wins). */
  async createBroadcast(draft: BroadcastDraft, total: number): Promise<BroadcastRecord> {
    const rec: BroadcastRecord = { ...draft, total, state: 'fanning' };
    const key = this.k('bc', draft.id);
    const ok = await guard(() => this.redis.set(key, JSON.stringify(rec), 'EX', LONG_TTL, 'NX'));
    if (ok) await guard(() => this.redis.multi().zadd(this.k('bcs'), Date.parse(draft.createdAt), draft.id).expire(this.k('bcs'), LONG_TTL).exec());
    return ok ? rec : ((await this.broadcast(draft.id)) ?? rec);
  }

  async broadcast(id: string): Promise<BroadcastRecord | undefined> {
    const raw = await guard(() => this.redis.get(this.k('bc', id)));
    return raw ? parseJson(broadcastRecordSchema, raw, `broadcast ${id}`) : undefined;
  }

  async setBroadcastState(rec: BroadcastRecord, state: BroadcastRecord['state']): Promise<void> {
    await guard(() => this.redis.set(this.k('bc', rec.id), JSON.stringify({ ...rec, state }), 'EX', LONG_TTL));
  }

  async recentBroadcastIds(limit: number): Promise<string[]> {
    return guard(() => this.redis.zrevrange(this.k('bcs'), 0, limit - 1));
  }

  async broadcastStatus(id: string): Promise<BroadcastStatus | undefined> {
    const rec = await this.broadcast(id);
    if (!rec) return undefined;
    const [sent, failed, acked] = await guard(() =>
      Promise.all([this.redis.scard(this.k('delivered', id)), this.redis.scard(this.k('failed', id)), this.redis.scard(this.k('ack', id))]),
    );
    return { id, createdBy: rec.createdBy, audienceLabel: rec.audienceLabel, text: rec.text, total: rec.total, sent, failed, acked, createdAt: rec.createdAt };
  }

  /** Delivered and failed counts of a message (cheap: no record parse). */
  async settledCounts(messageId: string): Promise<SettledCounts> {
    const [sent, failed] = await guard(() => Promise.all([this.redis.scard(this.k('delivered', messageId)), this.redis.scard(this.k('failed', messageId))]));
    return { sent, failed };
  }

  /** Set once when a broadcast finishes (so the sender is told once). */
  async markBroadcastDone(id: string): Promise<boolean> {
    return (await guard(() => this.redis.set(this.k('bc-done', id), '1', 'EX', LONG_TTL, 'NX'))) === 'OK';
  }

  /** Cross-instance lock for the sweep; returns a release function, or undefined when held elsewhere. */
  async lock(name: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    const token = randomBytes(8).toString('hex');
    const key = this.k('lock', name);
    const ok = await guard(() => this.redis.set(key, token, 'PX', ttlMs, 'NX'));
    if (ok !== 'OK') return undefined;
    return async () => {
      await guard(() => this.redis.eval(RELEASE_SCRIPT, 1, key, token));
    };
  }
}
