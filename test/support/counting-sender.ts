/**
 * A MessageSender for tests and benches that behaves like Lark where it matters: it de-duplicates
 * `dedupKey` (Lark's uuid), can fail chosen sends, and records every delivery.
 */
import { LarkApiError, LarkHttpError } from '../../domain/errors';
import type { MessageSender, OutboundMessage, SendResult } from '../../domain/outbound';

export interface Delivery {
  openId: string;
  text: string;
  dedupKey?: string;
  at: number;
}

export class CountingSender implements MessageSender {
  readonly deliveries: Delivery[] = [];
  /** Every call, including failed and de-duplicated ones. */
  calls = 0;
  duplicatesDropped = 0;
  private readonly attemptsByKey = new Map<string, number>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly opts: {
      /** Fail this many first attempts (LarkHttpError: retried). */
      transientFailures?: (openId: string) => number;
      /** Always refuse (LarkApiError 400: dead letter). */
      permanentFailure?: (openId: string) => boolean;
      /** Artificial latency per send (ms). */
      latencyMs?: number;
      onDelivery?: (d: Delivery) => void;
    } = {},
  ) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    this.calls += 1;
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    const openId = 'openId' in msg.to ? msg.to.openId : msg.to.chatId;
    const key = msg.dedupKey ?? `${openId}:${this.calls}`;
    const n = (this.attemptsByKey.get(key) ?? 0) + 1;
    this.attemptsByKey.set(key, n);
    if (this.opts.permanentFailure?.(openId)) throw new LarkApiError(230013, 'user not in app visibility', 400);
    if (n <= (this.opts.transientFailures?.(openId) ?? 0)) throw new LarkHttpError('socket hang up');
    if (this.seen.has(key)) {
      this.duplicatesDropped += 1;
      return { messageId: 'dup' };
    }
    this.seen.add(key);
    const d = { openId, text: msg.reply.text, dedupKey: msg.dedupKey, at: Date.now() };
    this.deliveries.push(d);
    this.opts.onDelivery?.(d);
    return { messageId: `m-${this.deliveries.length}` };
  }

  countFor(openId: string): number {
    return this.deliveries.filter((d) => d.openId === openId).length;
  }
}
