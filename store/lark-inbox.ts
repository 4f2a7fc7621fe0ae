/**
 * The durable Lark inbox: accepted events go into a Redis Stream before Lark gets its 200, and a consumer
 * group hands them to workers. De-duplication (`SET NX` on message_id / event_id, 25 h) and the enqueue
 * happen in ONE Lua script, so a duplicate can never be enqueued twice and an accepted event is never lost.
 *
 * Crash recovery: an entry is acknowledged only after its replies went out. A worker that dies leaves it
 * pending; on restart the same consumer re-reads its own pending entries (`XREADGROUP … 0`) and any worker
 * can claim entries idle for too long (`XAUTOCLAIM`). Per-entry results (the replies computed, and which were
 * sent) make the re-run idempotent: a turn is not run twice and a sent reply is not sent again.
 */
import type Redis from 'ioredis';
import { z } from 'zod';
import { StoreCorruptError } from '../domain/errors';
import type { Keys } from './keys';
import { guard } from './redis';

/** Keep de-duplication keys beyond Lark's ~7 h retry window and the 24 h the issue asks for. */
export const DEDUP_TTL_MS = 25 * 3600 * 1000;
const RESULT_TTL_MS = 25 * 3600 * 1000;
const GROUP = 'workers';

const replySchema = z.object({
  text: z.string(),
  options: z.array(z.object({ label: z.string(), action: z.string() })).optional(),
});

export const inboxEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    /** De-duplication key: `m:<message_id>`. */
    key: z.string().min(1),
    eventId: z.string(),
    messageId: z.string(),
    chatId: z.string(),
    chatType: z.enum(['p2p', 'group']),
    openId: z.string(),
    /** Absent for message types we cannot read (the worker answers 请发送文字). */
    text: z.string().optional(),
  }),
  z.object({
    kind: z.literal('action'),
    /** De-duplication key: `e:<event_id>`. */
    key: z.string().min(1),
    eventId: z.string(),
    openId: z.string(),
    chatId: z.string().optional(),
    chatType: z.enum(['p2p', 'group']).optional(),
    action: z.string(),
  }),
]);
export type InboxEntry = z.output<typeof inboxEntrySchema>;

/** Entries of one chat (or one person, when no chat is known) are handled in order. */
export function chatKeyOf(e: InboxEntry): string {
  return e.chatId ?? e.openId;
}

export interface PendingEntry {
  /** Stream id, used to acknowledge. */
  id: string;
  /** `undefined` when the stored record is unreadable (acknowledged and logged by the worker). */
  entry: InboxEntry | undefined;
  /** Delivered for the first time (`XREADGROUP >`): no result can exist yet, as each key is enqueued once. */
  fresh?: boolean;
  /** Stored as its chat's head (see ACCEPT_LUA): no ordering check needed. */
  head?: boolean;
  /** Still pending but no longer in the stream (deleted when finished: only its acknowledgement is left). */
  deleted?: boolean;
}

export type AcceptResult = 'accepted' | 'duplicate' | 'used';

// KEYS[1] dedup key, KEYS[2] stream, KEYS[3] the chat's order list, KEYS[4] optional "once" key (a card that
// may be answered only once). ARGV[1] dedup TTL ms, ARGV[2] entry JSON, ARGV[3] once TTL ms.
// The chat's order list holds the stream ids of its unfinished entries, oldest first: it is how several
// instances keep one chat's turns in order without scanning the stream. An entry that finds the list empty is
// stored with `h` (head): no older entry of its chat is unfinished, now or later (newer ones join at the tail),
// so the worker skips the ordering check for it, the common case.
const ACCEPT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'duplicate' end
if KEYS[4] and redis.call('EXISTS', KEYS[4]) == 1 then return 'used' end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
if KEYS[4] then redis.call('SET', KEYS[4], '1', 'PX', ARGV[3]) end
local id
if redis.call('LLEN', KEYS[3]) == 0 then
  id = redis.call('XADD', KEYS[2], '*', 'e', ARGV[2], 'h', '1')
else
  id = redis.call('XADD', KEYS[2], '*', 'e', ARGV[2])
end
redis.call('RPUSH', KEYS[3], id)
redis.call('PEXPIRE', KEYS[3], ARGV[1])
return 'accepted'
`;

// KEYS[1] result hash. ARGV[1] replies JSON, ARGV[2] TTL ms. Stores the replies unless a run stored them first;
// returns nothing when these were stored, else the stored hash (replies and sent marks).
const SAVE_RESULT_LUA = `
if redis.call('HSETNX', KEYS[1], 'replies', ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return false
end
return redis.call('HGETALL', KEYS[1])
`;

// KEYS[1] stream, KEYS[2] the chat's order list, KEYS[3] result hash, KEYS[4] optional: numbered options to
// drop (the turn's replies replaced them). ARGV[1] group, ARGV[2] stream id, ARGV[3] '1' when the order list
// applies, ARGV[4] index of the reply just sent ('' for none), ARGV[5] its message id. Marks the last reply
// sent and finishes the entry (ack, delete, leave the order list) at once.
const FINISH_LUA = `
if ARGV[4] ~= '' then redis.call('HSET', KEYS[3], 'sent:' .. ARGV[4], ARGV[5]) end
if KEYS[4] then redis.call('DEL', KEYS[4]) end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if ARGV[3] == '1' then redis.call('LREM', KEYS[2], 1, ARGV[2]) end
return 1
`;

/** The scripts as ioredis commands (EVALSHA, sending the script itself on NOSCRIPT); key count given per call. */
type InboxRedis = Redis & Record<'inboxAccept' | 'inboxSaveResult' | 'inboxFinish', (numKeys: number, ...keysAndArgs: string[]) => Promise<unknown>>;

/** The reply just sent, recorded together with the entry's acknowledgement. */
export interface SentMark {
  key: string;
  index: number;
  messageId?: string;
}

export interface StoredResult {
  replies: z.output<typeof replySchema>[];
  sent: Set<number>;
}

export class LarkInbox {
  private readonly tag: string;
  private readonly redis: InboxRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    // One hash tag so the multi-key script works on Redis Cluster too.
    this.tag = '{lark}';
    if (!(redis as unknown as Partial<InboxRedis>).inboxAccept) {
      redis.defineCommand('inboxAccept', { lua: ACCEPT_LUA });
      redis.defineCommand('inboxSaveResult', { lua: SAVE_RESULT_LUA });
      redis.defineCommand('inboxFinish', { lua: FINISH_LUA });
    }
    this.redis = redis as unknown as InboxRedis;
  }

  private get stream(): string {
    return this.keys.ns(this.tag, 'inbox');
  }
  private dedupKey(key: string): string {
    return this.keys.ns(this.tag, 'seen', key);
  }
  private resultKey(key: string): string {
    return this.keys.ns(this.tag, 'result', key);
  }
  private orderKey(chatKey: string): string {
    return this.keys.ns(this.tag, 'order', chatKey);
  }
  /** Key marking a one-shot item (e.g. a card) as used; pass to `accept` as `onceKey`. */
  onceKey(id: string): string {
    return this.keys.ns(this.tag, 'once', id);
  }

  async ensureGroup(): Promise<void> {
    try {
      // From id 0: entries accepted before any worker existed are processed too.
      await guard(() => this.redis.xgroup('CREATE', this.stream, GROUP, '0', 'MKSTREAM'));
    } catch (err) {
      if (err instanceof Error && err.message.includes('BUSYGROUP')) return;
      throw err;
    }
  }

  /** Atomically de-duplicate and enqueue. */
  async accept(entry: InboxEntry, opts: { onceKey?: string; onceTtlMs?: number } = {}): Promise<AcceptResult> {
    const keys = [this.dedupKey(entry.key), this.stream, this.orderKey(chatKeyOf(entry))];
    if (opts.onceKey) keys.push(opts.onceKey);
    const args = [String(DEDUP_TTL_MS), JSON.stringify(entry), String(opts.onceTtlMs ?? DEDUP_TTL_MS)];
    const res = await guard(() => this.redis.inboxAccept(keys.length, ...keys, ...args));
    if (res === 'accepted' || res === 'duplicate' || res === 'used') return res;
    throw new StoreCorruptError(`unexpected inbox script result: ${String(res)}`);
  }

  /** New entries for this consumer; blocks up to `blockMs` (use a dedicated connection). */
  async readNew(consumer: string, count: number, blockMs: number): Promise<PendingEntry[]> {
    const res = (await guard(() =>
      this.redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.stream, '>'),
    )) as [string, [string, string[]][]][] | null;
    return parseStreamReply(res?.[0]?.[1] ?? []).map((p) => ({ ...p, fresh: true }));
  }

  /** Entries delivered to this consumer earlier but never acknowledged (a crash before XACK). */
  async readOwnPending(consumer: string, count: number): Promise<PendingEntry[]> {
    const res = (await guard(() =>
      this.redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'STREAMS', this.stream, '0'),
    )) as [string, [string, string[] | null][]][] | null;
    return parseStreamReply(res?.[0]?.[1] ?? []);
  }

  /** Take over entries another (dead) consumer left pending for at least `minIdleMs`. */
  async claimStale(consumer: string, minIdleMs: number, count: number): Promise<PendingEntry[]> {
    const res = (await guard(() =>
      this.redis.xautoclaim(this.stream, GROUP, consumer, minIdleMs, '0-0', 'COUNT', count),
    )) as [string, [string, string[] | null][]];
    return parseStreamReply(res[1] ?? []);
  }

  /**
   * The id of an older entry of the same chat that is still unfinished, if any: the head of the chat's order
   * list (maintained atomically by `accept` and `ack`). Lets several instances keep one chat's turns in order
   * in O(1). A head that is no longer in the stream (its entry was dropped) is removed and skipped.
   */
  async earlierOf(id: string, chatKey: string): Promise<string | undefined> {
    const order = this.orderKey(chatKey);
    for (;;) {
      const head = await guard(() => this.redis.lindex(order, 0));
      if (head === null || head === id || !olderId(head, id)) return undefined;
      const still = (await guard(() => this.redis.xrange(this.stream, head, head))) as unknown[];
      if (still.length > 0) return head;
      await guard(() => this.redis.lrem(order, 1, head));
    }
  }

  /**
   * Done with an entry: record the last reply sent (if given), acknowledge the entry, delete it from the stream
   * and from its chat's order list, and delete `dropKey` (a key in the inbox's hash tag), in one step.
   */
  async ack(id: string, chatKey?: string, sent?: SentMark, dropKey?: string): Promise<void> {
    const keys = [this.stream, this.orderKey(chatKey ?? '-'), this.resultKey(sent?.key ?? '-')];
    if (dropKey) keys.push(dropKey);
    await guard(() => this.redis.inboxFinish(keys.length, ...keys, GROUP, id, chatKey === undefined ? '0' : '1', sent ? String(sent.index) : '', sent?.messageId ?? '1'));
  }

  /** Replies computed for an entry earlier (a re-delivery after a crash), or undefined. */
  async loadResult(key: string): Promise<StoredResult | undefined> {
    return parseResult(await guard(() => this.redis.hgetall(this.resultKey(key))));
  }

  /** Record the replies of a turn before sending them; returns the stored ones if another run won. */
  async saveResult(key: string, replies: z.output<typeof replySchema>[]): Promise<StoredResult> {
    const res = await guard(() => this.redis.inboxSaveResult(1, this.resultKey(key), JSON.stringify(replies), String(RESULT_TTL_MS)));
    if (!Array.isArray(res)) return { replies, sent: new Set() };
    const h: Record<string, string> = {};
    for (let i = 0; i + 1 < res.length; i += 2) h[String(res[i])] = String(res[i + 1]);
    return parseResult(h) ?? { replies, sent: new Set() };
  }

  async markSent(key: string, index: number, messageId: string | undefined): Promise<void> {
    await guard(() => this.redis.hset(this.resultKey(key), `sent:${index}`, messageId ?? '1'));
  }

  /** Entries waiting or in flight (for health and tests). */
  async pendingCount(): Promise<number> {
    const res = (await guard(() => this.redis.xpending(this.stream, GROUP))) as [number, ...unknown[]];
    return Number(res[0] ?? 0);
  }

  async length(): Promise<number> {
    return guard(() => this.redis.xlen(this.stream));
  }
}

function parseResult(h: Record<string, string>): StoredResult | undefined {
  if (!h.replies) return undefined;
  const parsed = z.array(replySchema).safeParse(safeJson(h.replies));
  if (!parsed.success) return undefined;
  const sent = new Set<number>();
  for (const f of Object.keys(h)) if (f.startsWith('sent:')) sent.add(Number(f.slice(5)));
  return { replies: parsed.data, sent };
}

/** Stream ids are `<ms>-<seq>`: true when `a` was added before `b`. */
function olderId(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am < bm || (am === bm && as < bs);
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function parseStreamReply(items: [string, string[] | null][]): PendingEntry[] {
  const out: PendingEntry[] = [];
  for (const [id, fields] of items) {
    // A pending id whose entry was deleted comes back with null fields.
    if (!fields) {
      out.push({ id, entry: undefined, deleted: true });
      continue;
    }
    let raw: string | undefined;
    let head = false;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === 'e') raw = fields[i + 1];
      else if (fields[i] === 'h') head = fields[i + 1] === '1';
    }
    const parsed = raw !== undefined ? inboxEntrySchema.safeParse(safeJson(raw)) : undefined;
    out.push({ id, entry: parsed?.success ? parsed.data : undefined, ...(head ? { head } : {}) });
  }
  return out;
}
