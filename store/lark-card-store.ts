/**
 * Cards sent with buttons: what they said and which options they offered, keyed by the card's turn token
 * `t` (the button value is `{a, t}`). A click is valid only if `t` is known, `a` is one of its options, and
 * (for cards sent to a person) the clicker is that person. Kept 14 days, like Lark keeps cards interactive.
 */
import type Redis from 'ioredis';
import { z } from 'zod';
import type { Keys } from './keys';
import { guard } from './redis';

export const CARD_TTL_MS = 14 * 24 * 3600 * 1000;

const cardRecordSchema = z.object({
  v: z.literal(1),
  text: z.string(),
  options: z.array(z.object({ label: z.string(), action: z.string() })),
  /** Who may press the buttons; absent = anybody in the chat. */
  audience: z.string().optional(),
});
export type CardRecord = z.output<typeof cardRecordSchema>;

export class LarkCardStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  private key(token: string): string {
    return this.keys.ns('lark-card', token);
  }

  async put(token: string, record: Omit<CardRecord, 'v'>): Promise<void> {
    await guard(() => this.redis.set(this.key(token), JSON.stringify({ v: 1, ...record }), 'PX', CARD_TTL_MS));
  }

  /** The card, or undefined when unknown, expired or unreadable. */
  async get(token: string): Promise<CardRecord | undefined> {
    const raw = await guard(() => this.redis.get(this.key(token)));
    if (raw === null) return undefined;
    try {
      const parsed = cardRecordSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Where a person's numbered options are kept. In the inbox's hash tag, so the inbox can drop them in the same
   * step that finishes a later turn (LarkInbox.ack): a number refers to the last reply only.
   */
  textOptionsKey(openId: string): string {
    return this.keys.ns('{lark}', 'text-options', openId);
  }

  /** Options last shown to a person (as buttons, or as numbered text when a card could not be sent): a typed number picks one. */
  async putTextOptions(openId: string, options: CardRecord['options']): Promise<void> {
    await guard(() => this.redis.set(this.textOptionsKey(openId), JSON.stringify(options), 'PX', 24 * 3600 * 1000));
  }

  /** The options last shown to a person (not consumed), or undefined. */
  async lastTextOptions(openId: string): Promise<CardRecord['options'] | undefined> {
    return parseOptions(await guard(() => this.redis.get(this.textOptionsKey(openId))));
  }

  /** The option numbered `n` (1-based) from the last options shown, consumed; undefined if none. */
  async takeTextOption(openId: string, n: number): Promise<CardRecord['options'][number] | undefined> {
    return parseOptions(await guard(() => this.redis.getdel(this.textOptionsKey(openId))))?.[n - 1];
  }
}

/** Stored options, validated; undefined when absent or unreadable. */
function parseOptions(raw: string | null): CardRecord['options'] | undefined {
  if (raw === null) return undefined;
  try {
    const parsed = cardRecordSchema.shape.options.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
