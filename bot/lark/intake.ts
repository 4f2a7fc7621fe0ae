/**
 * The fast half of the pipeline: an event that passed the connector is written to the durable inbox and
 * acknowledged. Messages de-duplicate on message_id, everything else on event_id. A button press is
 * validated (zod, then against the card it came from), answered inline with the updated card, and queued as
 * an action turn. Nothing here runs a turn or calls Lark.
 */
import { z } from 'zod';
import { isAppError } from '../../domain/errors';
import type { Logger } from '../../domain/logger';
import { MAX_ACTION_CHARS } from '../../handlers/router';
import type { LarkCardStore } from '../../store/lark-card-store';
import { CARD_TTL_MS } from '../../store/lark-card-store';
import type { LarkInbox } from '../../store/lark-inbox';
import { hashUser } from '../logger';
import { buildChosenCard } from './cards';
import type { LarkEvent } from './lark-event';

export interface IntakeResponse {
  status: number;
  body: unknown;
}

export const buttonValueSchema = z.object({
  a: z.string().min(1).max(MAX_ACTION_CHARS),
  t: z.string().min(8).max(64),
});

const OK: IntakeResponse = { status: 200, body: {} };
const toast = (type: 'success' | 'info' | 'warning' | 'error', content: string): IntakeResponse => ({ status: 200, body: { toast: { type, content } } });

export interface Intake {
  handle(ev: LarkEvent): Promise<IntakeResponse>;
}

export function createIntake(deps: { inbox: LarkInbox; cards: LarkCardStore; logger: Logger }): Intake {
  const { inbox, cards, logger } = deps;

  async function handleMessage(ev: Extract<LarkEvent, { type: 'message' }>): Promise<IntakeResponse> {
    const res = await inbox.accept({
      kind: 'message',
      key: `m:${ev.messageId}`,
      eventId: ev.eventId,
      messageId: ev.messageId,
      chatId: ev.chatId,
      chatType: ev.chatType,
      openId: ev.openId,
      text: ev.text,
    });
    if (res === 'duplicate') logger.warn({ eventId: ev.eventId, messageId: ev.messageId }, 'duplicate Lark message ignored');
    return OK;
  }

  async function handleCard(ev: Extract<LarkEvent, { type: 'card' }>): Promise<IntakeResponse> {
    const v = buttonValueSchema.safeParse(ev.value);
    if (!v.success) {
      logger.warn({ eventId: ev.eventId, user: hashUser(ev.openId) }, 'card action with an invalid value refused');
      return toast('error', '这个按钮无法识别，请直接输入文字。');
    }
    const card = await cards.get(v.data.t);
    if (!card) return toast('warning', '这个选项已经过期，请重新输入或输入“帮助”。');
    const option = card.options.find((o) => o.action === v.data.a);
    if (!option) {
      logger.warn({ eventId: ev.eventId, user: hashUser(ev.openId) }, 'card action not offered by its card refused');
      return toast('error', '这个按钮无法识别，请直接输入文字。');
    }
    if (card.audience && card.audience !== ev.openId) return toast('info', '这是发给其他人的选项，请自己@我开始。');
    const res = await inbox.accept(
      { kind: 'action', key: `e:${ev.eventId}`, eventId: ev.eventId, openId: ev.openId, chatId: ev.chatId, action: option.action },
      { onceKey: inbox.onceKey(`card:${v.data.t}`), onceTtlMs: CARD_TTL_MS },
    );
    if (res === 'used') return toast('info', '这张卡片已经选择过了。');
    return { status: 200, body: { toast: { type: 'success', content: `已选择：${option.label}` }, card: { type: 'raw', data: buildChosenCard(card.text, option) } } };
  }

  return {
    async handle(ev) {
      try {
        if (ev.type === 'message') return await handleMessage(ev);
        if (ev.type === 'card') return await handleCard(ev);
        logger.debug({ eventId: ev.eventId, eventType: ev.eventType, reason: ev.reason }, 'Lark event ignored');
        return OK;
      } catch (err) {
        // Not stored: answer non-200 so Lark delivers it again later.
        logger.error({ eventId: ev.eventId, errName: err instanceof Error ? err.name : undefined, code: isAppError(err) ? err.code : undefined }, 'Lark event not stored');
        return { status: 503, body: { error: 'temporarily unavailable' } };
      }
    },
  };
}
