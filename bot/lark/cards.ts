/**
 * Channel-neutral replies as Lark cards (JSON 2.0). Text is always `plain_text`, so anything a user typed
 * that looks like card markup or markdown is shown literally, never interpreted. Buttons carry
 * `{a: <action>, t: <turn token>}`; after a click the card is replaced by the same text plus the choice,
 * without buttons.
 */
import { createHash } from 'node:crypto';
import type { Reply, ReplyOption } from '../../domain/reply';

/** Lark's card limit is 30 KB; stay well below it and send text instead when a card would not fit. */
export const MAX_CARD_BYTES = 28 * 1024;

export interface ButtonValue {
  a: string;
  t: string;
}

/** A deterministic turn token for the card sent as reply `index` of an inbox entry (resends reuse it). */
export function cardToken(dedupKey: string): string {
  return createHash('sha256').update(dedupKey).digest('base64url').slice(0, 22);
}

function plain(content: string): Record<string, unknown> {
  return { tag: 'div', text: { tag: 'plain_text', content } };
}

export function buildCard(reply: Reply, token: string): Record<string, unknown> {
  const options = reply.options ?? [];
  const buttons = options.map((o, i) => ({
    tag: 'button',
    text: { tag: 'plain_text', content: o.label },
    type: i === 0 ? 'primary' : 'default',
    width: 'fill',
    behaviors: [{ type: 'callback', value: { a: o.action, t: token } satisfies ButtonValue }],
  }));
  return {
    schema: '2.0',
    config: { update_multi: true },
    body: { elements: [plain(reply.text), ...buttons] },
  };
}

/** The card after a click: the same text, the choice, no buttons. */
export function buildChosenCard(text: string, chosen: ReplyOption): Record<string, unknown> {
  return {
    schema: '2.0',
    config: { update_multi: true },
    body: {
      elements: [plain(text), { tag: 'hr' }, { tag: 'div', text: { tag: 'plain_text', content: `✅ 已选择：${chosen.label}`, text_color: 'grey' } }],
    },
  };
}

/** Whether a card (or its JSON, as it will be sent) is within the size limit. */
export function cardFits(card: Record<string, unknown> | string): boolean {
  return Buffer.byteLength(typeof card === 'string' ? card : JSON.stringify(card), 'utf8') <= MAX_CARD_BYTES;
}
