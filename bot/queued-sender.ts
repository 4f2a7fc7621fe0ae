/**
 * A MessageSender for notifications raised inside a turn (a finding registered for a unit, a 复核 result):
 * the message goes onto the one rate-limited outbound queue, so it is retried, survives a crash and reaches
 * each person once (the job id is derived from the dedup key and the recipient).
 */
import { randomUUID } from 'node:crypto';
import type { Campaign } from '../domain/campaign';
import type { MessageSender, OutboundMessage, SendResult } from '../domain/outbound';
import type { OutboundProducer } from './jobs/outbound';

export class QueuedSender implements MessageSender {
  constructor(
    private readonly campaign: Campaign,
    private readonly producer: () => OutboundProducer,
  ) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    const contactId = 'openId' in msg.to ? (this.campaign.contactByOpenId(msg.to.openId)?.id ?? msg.to.openId) : msg.to.chatId;
    const messageId = `notice:${msg.dedupKey ?? randomUUID()}`;
    await this.producer().enqueue([{ messageId, contactId, kind: 'notice', to: msg.to, reply: msg.reply }]);
    return {};
  }
}
