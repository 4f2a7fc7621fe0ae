/**
 * A MessageSender that writes outbound messages to the logger (and, for CLIs, an optional line sink)
 * instead of Lark: used until Lark is configured, in the console demo and by `npm run sweep`.
 * Like Lark it de-duplicates `dedupKey` (within this process).
 */
import type { Logger } from '../../domain/logger';
import type { MessageSender, OutboundMessage, SendResult } from '../../domain/outbound';
import { hashUser } from '../logger';

export interface LogSenderOptions {
  logger: Logger;
  /** Called with every delivered message (e.g. to print it in a CLI). */
  sink?: (msg: OutboundMessage) => void;
}

export class LogSender implements MessageSender {
  private readonly seen = new Set<string>();
  private count = 0;

  constructor(private readonly opts: LogSenderOptions) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    const to = 'openId' in msg.to ? { user: hashUser(msg.to.openId) } : { chat: msg.to.chatId };
    if (msg.dedupKey !== undefined && this.seen.has(msg.dedupKey)) {
      this.opts.logger.warn({ ...to, dedupKey: msg.dedupKey }, 'outbound duplicate dropped');
      return {};
    }
    if (msg.dedupKey !== undefined) this.seen.add(msg.dedupKey);
    this.count += 1;
    this.opts.logger.info({ ...to, dedupKey: msg.dedupKey, chars: msg.reply.text.length }, 'outbound message (log sender)');
    this.opts.sink?.(msg);
    return { messageId: `log-${this.count}` };
  }
}
