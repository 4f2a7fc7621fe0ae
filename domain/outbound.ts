/**
 * The outbound port: how the product sends a message to a person or a chat outside a reply
 * (reminders, broadcasts, notifications to a unit's contacts, and Lark replies processed from the inbox).
 * bot/ implements it for Lark (SDK client) and for the console/log.
 */
import type { Reply } from './reply';

export type Recipient = { openId: string } | { chatId: string };

export interface OutboundMessage {
  to: Recipient;
  reply: Reply;
  /**
   * Idempotency key (≤ 50 chars): the same key is never delivered twice (Lark de-duplicates `uuid` for 1 h;
   * senders also keep their own record). Deterministic ids make retries and restarts safe.
   */
  dedupKey?: string;
  /** Reply in the thread of this message (Lark message id), when answering a message. */
  replyTo?: string;
}

export interface SendResult {
  messageId?: string;
  /** The reply's options (buttons, or numbered text when a card could not be sent) are the ones a typed number picks from. */
  options?: boolean;
}

export interface MessageSender {
  /** Throws LarkApiError / LarkHttpError on failure; callers decide about retries. */
  send(msg: OutboundMessage): Promise<SendResult>;
}
