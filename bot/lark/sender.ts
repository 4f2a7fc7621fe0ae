/**
 * `MessageSender` for Lark: channel-neutral replies become text messages, or interactive cards whose options
 * are buttons. Everything goes through the SDK `Client` (see lark-client.ts) with retries (lark-call.ts) and
 * the two send limiters (rate-limiter.ts): per app, shared by all instances through Redis when lark-service.ts
 * passes `appLimiter`, and per user or chat, in process. Every attempt, retries included, takes a token.
 * Every send carries a `uuid` derived from the idempotency key, so Lark drops a resend after a crash or a retry
 * after a lost answer.
 *
 * Fallbacks, so a person is not left waiting: a card that cannot be sent goes out as numbered text; a reply
 * to a message that can no longer be replied to goes out as a new message to the same chat.
 */
import { randomUUID, createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import { isAppError, LarkApiError } from '../../domain/errors';
import type { Logger } from '../../domain/logger';
import type { MessageSender, OutboundMessage, Recipient, SendResult } from '../../domain/outbound';
import type { Reply } from '../../domain/reply';
import type { LarkCardStore } from '../../store/lark-card-store';
import { renderText } from '../render-text';
import { buildCard, cardFits, cardToken } from './cards';
import { callLark, DEFAULT_RETRY, type RetryPolicy } from './lark-call';
import { RateLimiter, type SendLimiter } from './rate-limiter';

export interface LarkSenderOptions {
  client: lark.Client;
  cards: LarkCardStore;
  logger: Logger;
  /** Messages per second per app (LARK_SEND_RATE); 0 = off. */
  rate: number;
  /**
   * The app limiter all instances share (store/send-rate-limiter.ts, built by lark-service.ts), at `rate`.
   * Used only when `rate` > 0; without it the app limit is per process. At 0 no limiter is asked at all.
   */
  appLimiter?: SendLimiter;
  /** Messages per second per user or chat (LARK_SEND_RATE_PER_USER); 0 = off. */
  ratePerUser: number;
  retry?: RetryPolicy;
}

export interface LarkSendOptions {
  /** Who may press the card's buttons (the person being answered); default: the recipient if a person. */
  audience?: string;
}

type MsgType = 'text' | 'interactive' | 'file';

/** Lark's `uuid` is at most 50 characters: long keys are hashed. */
export function larkUuid(key: string): string {
  return key.length <= 50 ? key : createHash('sha256').update(key).digest('base64url').slice(0, 43);
}

export class LarkSender implements MessageSender {
  private readonly appLimiter: SendLimiter;
  private readonly userLimiter: SendLimiter;
  private readonly retry: RetryPolicy;

  constructor(private readonly opts: LarkSenderOptions) {
    this.appLimiter = opts.rate > 0 && opts.appLimiter ? opts.appLimiter : new RateLimiter(opts.rate);
    this.userLimiter = new RateLimiter(opts.ratePerUser);
    this.retry = opts.retry ?? DEFAULT_RETRY;
  }

  send(msg: OutboundMessage): Promise<SendResult> {
    return this.sendReply(msg);
  }

  async sendReply(msg: OutboundMessage, sendOpts: LarkSendOptions = {}): Promise<SendResult> {
    const key = msg.dedupKey ?? randomUUID();
    const reply = msg.reply;
    if (reply.options && reply.options.length > 0) {
      const token = cardToken(key);
      const content = JSON.stringify(buildCard(reply, token));
      const audience = sendOpts.audience ?? ('openId' in msg.to ? msg.to.openId : undefined);
      const fits = cardFits(content);
      if (fits) {
        // The card's record (for its buttons) and the person's typed-number options, in the same write.
        await Promise.all([this.opts.cards.put(token, { text: reply.text, options: reply.options, audience }), audience ? this.opts.cards.putTextOptions(audience, reply.options) : undefined]);
        try {
          return { ...(await this.deliver(msg.to, msg.replyTo, 'interactive', content, larkUuid(key))), options: audience !== undefined };
        } catch (err) {
          // Redis away (the shared app limiter): not a reason for text. The caller retries the whole reply later
          // (the inbox leaves the entry pending, BullMQ retries the job); the same uuid makes Lark drop a duplicate.
          if (isAppError(err) && err.code === 'STORE_UNAVAILABLE') throw err;
          this.logFailure(err, 'card not sent; falling back to text options');
        }
      }
      // Numbered text: a typed number picks one of the options (see InboxWorker); stored above if a card was tried.
      if (audience && !fits) await this.opts.cards.putTextOptions(audience, reply.options);
      return { ...(await this.deliver(msg.to, msg.replyTo, 'text', textContent(reply), larkUuid(`${key}:t`))), options: audience !== undefined };
    }
    return this.deliver(msg.to, msg.replyTo, 'text', textContent(reply), larkUuid(key));
  }

  /** A file message for an uploaded `file_key` (see file-sender.ts), through the same limiters and retries. */
  sendFileKey(to: Recipient, fileKey: string, dedupKey: string): Promise<SendResult> {
    return this.deliver(to, undefined, 'file', JSON.stringify({ file_key: fileKey }), larkUuid(dedupKey));
  }

  private async deliver(to: Recipient, replyTo: string | undefined, msgType: MsgType, content: string, uuid: string): Promise<SendResult> {
    const client = this.opts.client;
    const limitKey = 'openId' in to ? `u:${to.openId}` : `c:${to.chatId}`;
    const onRetry = ({ attempt, waitMs, error }: { attempt: number; waitMs: number; error: Error }) =>
      this.opts.logger.warn({ attempt, waitMs, larkCode: error instanceof LarkApiError ? error.larkCode : undefined, err: error.message }, 'lark send retry');
    const limited = async <T>(fn: () => Promise<T>): Promise<T> => {
      await Promise.all([this.appLimiter.take('app'), this.userLimiter.take(limitKey)]);
      return fn();
    };
    if (replyTo) {
      try {
        const data = await callLark(
          () => limited(() => client.im.message.reply({ path: { message_id: replyTo }, data: { msg_type: msgType, content, uuid } })),
          this.retry,
          onRetry,
        );
        return { messageId: data?.message_id };
      } catch (err) {
        // The message may be withdrawn or too old to reply to: say it as a new message instead.
        if (!(err instanceof LarkApiError) || err.larkCode < 0 || err.larkCode === 230020 || err.larkCode === 99991400) throw err;
        this.logFailure(err, 'reply failed; sending as a new message');
      }
    }
    const receiveIdType = 'openId' in to ? 'open_id' : 'chat_id';
    const receiveId = 'openId' in to ? to.openId : to.chatId;
    const data = await callLark(
      () =>
        limited(() =>
          client.im.message.create({ params: { receive_id_type: receiveIdType }, data: { receive_id: receiveId, msg_type: msgType, content, uuid } }),
        ),
      this.retry,
      onRetry,
    );
    return { messageId: data?.message_id };
  }

  private logFailure(err: unknown, msg: string): void {
    this.opts.logger.warn(
      { larkCode: err instanceof LarkApiError ? err.larkCode : undefined, errName: err instanceof Error ? err.name : undefined, err: err instanceof Error ? err.message : String(err) },
      msg,
    );
  }
}

/**
 * Lark text messages interpret tags such as `<at user_id="all">` and `<a href>`: a reply quoting what a user
 * typed must not ping a whole group or make links, so a `<` that starts a tag becomes a full-width `＜`.
 */
export function neutralizeTags(text: string): string {
  return text.replace(/<(?=[A-Za-z/!])/g, '＜');
}

function textContent(reply: Reply): string {
  return JSON.stringify({ text: neutralizeTags(renderText(reply)) });
}
