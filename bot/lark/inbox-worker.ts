/**
 * The slow half of the pipeline: takes entries from the durable inbox, runs the turn through the shared
 * core, sends the replies, then acknowledges. One chat's entries run in order; different chats run in
 * parallel up to `concurrency`.
 *
 * A turn's replies go out as one message where they can (one-message.ts).
 *
 * Exactly-once handling on top of at-least-once delivery:
 * - the replies of a turn are stored before any is sent; a re-delivered entry (crash before XACK) reuses
 *   them instead of running the turn again;
 * - each sent reply is recorded, and carries a deterministic Lark `uuid` (`<key>:<index>`), so a crash
 *   between sending and recording is de-duplicated by Lark.
 *
 * A reply that finally cannot be sent (Lark refused it, or its retries ran out) is recorded as a dead letter
 * (staff: 投递失败); the entry's later replies are not sent and the entry is acknowledged.
 */
import { isAppError, LarkApiError, LarkHttpError, StoreConflictError } from '../../domain/errors';
import { KeyedQueue } from '../../domain/keyed-queue';
import type { Logger } from '../../domain/logger';
import type { Reply } from '../../domain/reply';
import type { Inbound } from '../../handlers/types';
import type { LarkCardStore } from '../../store/lark-card-store';
import { chatKeyOf, type InboxEntry, type LarkInbox, type PendingEntry, type SentMark } from '../../store/lark-inbox';
import { hashUser } from '../logger';
import { usedRetries } from './lark-call';
import { oneMessagePerTurn } from './one-message';
import type { LarkSender } from './sender';

export const UNSUPPORTED_TEXT = '请发送文字：我目前只能读懂文字和富文本消息。输入“帮助”查看我能做什么。';

/** Where replies that finally could not be sent are recorded for staff (投递失败); built in bot/ wiring. */
export interface ReplyDeadLetters {
  add(d: {
    /** The person who wrote (in a group, the reply went to the chat). */
    openId: string;
    /** The failed reply's idempotency key, `<inbox key>:<reply index>`. */
    messageId: string;
    /** Short and safe for staff: see `replyFailureText`. Never message content. */
    error: string;
    at: string;
  }): Promise<void>;
}

/**
 * What staff see for a reply that could not be sent: the Lark code and HTTP status, or that Lark could not be
 * reached, or the error's class name; and whether the sender's retries were used up. Never an error message
 * (Lark's `msg` may quote content).
 */
export function replyFailureText(err: unknown): string {
  let what: string;
  if (err instanceof LarkApiError) {
    const parts = [err.larkCode >= 0 ? `code ${err.larkCode}` : undefined, err.httpStatus !== undefined ? `HTTP ${err.httpStatus}` : undefined].filter((x) => x !== undefined);
    what = parts.length === 0 ? '飞书调用失败' : (err.httpStatus ?? 0) >= 500 ? `飞书服务出错（${parts.join('，')}）` : `飞书拒绝（${parts.join('，')}）`;
  } else if (err instanceof LarkHttpError) {
    what = '无法连接飞书';
  } else {
    what = err instanceof Error ? err.name : '未知错误';
  }
  return usedRetries(err) ? `${what}，自动重试后仍失败` : what;
}

export interface InboxWorkerOptions {
  inbox: LarkInbox;
  /** The same inbox on a dedicated connection for blocking reads. */
  reader: LarkInbox;
  runTurn: (inbound: Inbound) => Promise<Reply[]>;
  sender: Pick<LarkSender, 'sendReply'>;
  /** Each person's last options: a typed number picks one; a turn without options drops them. */
  cards?: Pick<LarkCardStore, 'takeTextOption' | 'textOptionsKey'>;
  /** Replies that finally could not be sent go here (投递失败); without it they are only logged. */
  deadLetters?: ReplyDeadLetters;
  logger: Logger;
  /** Stable per instance (e.g. host:port), so a restart picks up its own pending entries at once. */
  consumer: string;
  /** Entries in flight at once (default 32). */
  concurrency?: number;
  /** Entries of other consumers idle this long are taken over (default 60 s). */
  claimIdleMs?: number;
  /** How often to look for abandoned entries (default 15 s). */
  claimIntervalMs?: number;
  /** Blocking read timeout (default 1 s); also bounds how long stop() waits. */
  blockMs?: number;
  /** How long an entry waits for an older entry of its chat held by another instance (default 10 s). */
  orderWaitMs?: number;
}

export class InboxWorker {
  private readonly queue = new KeyedQueue();
  private readonly inFlight = new Set<string>();
  private stopped = true;
  private loopDone: Promise<void> = Promise.resolve();
  private slotWaiters: (() => void)[] = [];
  private lastClaim = 0;
  /** Entries finished while a recovery read was under way: the read may still list them as pending. */
  private readonly finishedDuringRecovery = new Set<string>();
  private recovering = false;
  /** Entries fully handled by this worker (for tests and the benchmark). */
  handled = 0;

  constructor(private readonly opts: InboxWorkerOptions) {}

  private get concurrency(): number {
    return this.opts.concurrency ?? 32;
  }

  async start(): Promise<void> {
    await this.opts.inbox.ensureGroup();
    this.stopped = false;
    this.loopDone = this.loop();
  }

  /** Stop reading, and wait for entries in flight to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.slotWaiters.splice(0).forEach((w) => w());
    await this.loopDone;
    while (this.inFlight.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private async loop(): Promise<void> {
    const log = this.opts.logger;
    while (!this.stopped) {
      try {
        if (Date.now() - this.lastClaim >= (this.opts.claimIntervalMs ?? 15_000)) await this.recover();
        await this.waitForSlot();
        if (this.stopped) break;
        const free = this.concurrency - this.inFlight.size;
        const batch = await this.opts.reader.readNew(this.opts.consumer, free, this.opts.blockMs ?? 1000);
        for (const p of batch) this.dispatch(p);
      } catch (err) {
        log.warn({ errName: err instanceof Error ? err.name : undefined, code: isAppError(err) ? err.code : undefined }, 'inbox read failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** This consumer's own unacknowledged entries (a previous run crashed), then abandoned ones of others. */
  private async recover(): Promise<void> {
    this.lastClaim = Date.now();
    this.recovering = true;
    let own: PendingEntry[], stale: PendingEntry[];
    try {
      own = await this.opts.inbox.readOwnPending(this.opts.consumer, 1000);
      stale = await this.opts.inbox.claimStale(this.opts.consumer, this.opts.claimIdleMs ?? 60_000, 1000);
    } finally {
      this.recovering = false;
    }
    // An entry in flight is not a leftover; nor is one that finished while the reads were under way.
    const todo = [...own, ...stale].filter((p) => !this.inFlight.has(p.id) && !this.finishedDuringRecovery.has(p.id));
    this.finishedDuringRecovery.clear();
    if (todo.length > 0) this.opts.logger.info({ count: todo.length }, 'recovering unfinished Lark events');
    for (const p of todo) this.dispatch(p);
  }

  private waitForSlot(): Promise<void> {
    if (this.inFlight.size < this.concurrency) return Promise.resolve();
    return new Promise((r) => this.slotWaiters.push(r));
  }

  private dispatch(p: PendingEntry): void {
    if (this.inFlight.has(p.id)) return;
    this.inFlight.add(p.id);
    const chatKey = p.entry ? chatKeyOf(p.entry) : p.id;
    void this.queue
      .run(chatKey, () => this.process(p))
      .catch((err) => {
        // Left pending: recovered later by this or another instance.
        this.opts.logger.warn({ errName: err instanceof Error ? err.name : undefined, code: isAppError(err) ? err.code : undefined }, 'Lark event left for retry');
      })
      .finally(() => {
        if (this.recovering) this.finishedDuringRecovery.add(p.id);
        this.inFlight.delete(p.id);
        this.slotWaiters.shift()?.();
      });
  }

  private async process(p: PendingEntry): Promise<void> {
    const { inbox, logger } = this.opts;
    const e = p.entry;
    if (!e) {
      // Deleted: finished earlier, only the acknowledgement was missing. Otherwise the record is damaged.
      if (p.deleted) logger.debug({ streamId: p.id }, 'finished Lark inbox entry acknowledged');
      else logger.error({ streamId: p.id }, 'unreadable Lark inbox entry dropped');
      await inbox.ack(p.id);
      return;
    }
    if (!p.head) await this.waitForEarlier(p.id, chatKeyOf(e));
    let result = p.fresh ? undefined : await inbox.loadResult(e.key);
    if (!result) result = await inbox.saveResult(e.key, oneMessagePerTurn(await this.turn(e)));
    const toSend = result.replies.flatMap((reply, i) => (result.sent.has(i) ? [] : [{ reply, i }]));
    // The last reply's sent mark goes with the acknowledgement (one Redis call); earlier ones are marked as sent.
    let lastSent: SentMark | undefined;
    let sentAny = false;
    let options = false;
    for (const [n, { reply, i }] of toSend.entries()) {
      try {
        const sent = await this.opts.sender.sendReply(
          {
            to: e.chatType === 'group' && e.chatId ? { chatId: e.chatId } : { openId: e.openId },
            reply,
            dedupKey: `${e.key}:${i}`,
            replyTo: e.kind === 'message' && e.chatType === 'group' ? e.messageId : undefined,
          },
          { audience: e.openId },
        );
        sentAny = true;
        options ||= sent.options === true;
        if (n < toSend.length - 1) await inbox.markSent(e.key, i, sent.messageId);
        else lastSent = { key: e.key, index: i, messageId: sent.messageId };
      } catch (err) {
        if (isAppError(err) && err.code === 'STORE_UNAVAILABLE') throw err;
        // Retries are exhausted (or Lark said no): log with the Lark code, dead-letter it, give up on this entry.
        const log = logger.child({ eventId: e.eventId, user: hashUser(e.openId), kind: e.kind });
        log.error(
          { larkCode: err instanceof LarkApiError ? err.larkCode : undefined, httpStatus: err instanceof LarkApiError ? err.httpStatus : undefined, errName: err instanceof Error ? err.name : undefined, reply: i },
          'Lark reply could not be sent',
        );
        await this.deadLetter(e, i, err, log);
        break;
      }
    }
    // Options from an earlier reply no longer apply once this turn's replies went out without any: a later "2" is
    // an answer (共有多少个？), not option 2 of an older card.
    const dropOptions = sentAny && !options && this.opts.cards ? this.opts.cards.textOptionsKey(e.openId) : undefined;
    await inbox.ack(p.id, chatKeyOf(e), lastSent, dropOptions);
    this.handled++;
  }

  /** Record the failed reply for staff. A failure here is logged only: the entry is acknowledged anyway. */
  private async deadLetter(e: InboxEntry, index: number, err: unknown, log: Logger): Promise<void> {
    if (!this.opts.deadLetters) return;
    try {
      await this.opts.deadLetters.add({ openId: e.openId, messageId: `${e.key}:${index}`, error: replyFailureText(err), at: new Date().toISOString() });
    } catch (dlErr) {
      log.warn(
        { errName: dlErr instanceof Error ? dlErr.name : undefined, code: isAppError(dlErr) ? dlErr.code : undefined, reply: index },
        'failed Lark reply not recorded as a dead letter',
      );
    }
  }

  /**
   * Another instance may be handling an older message of the same chat: wait until it is done, so one
   * person's turns run in the order they wrote. If it takes too long (its instance died), or the older one is
   * queued behind this one here (recovered after a crash), leave this entry pending: recovery retries it.
   */
  private async waitForEarlier(id: string, chatKey: string): Promise<void> {
    const deadline = Date.now() + (this.opts.orderWaitMs ?? 10_000);
    for (let earlier = await this.opts.inbox.earlierOf(id, chatKey); earlier; earlier = await this.opts.inbox.earlierOf(id, chatKey)) {
      if (this.inFlight.has(earlier) || Date.now() > deadline) throw new StoreConflictError('an older message of this chat is still unfinished');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async turn(e: InboxEntry): Promise<Reply[]> {
    if (e.kind === 'action') return this.opts.runTurn({ from: { openId: e.openId }, action: e.action });
    if (e.text === undefined) return [{ text: UNSUPPORTED_TEXT }];
    // A bare number chooses from the options of the person's last reply (buttons or numbered text), as in the console.
    const num = /^\s*(\d{1,2})\s*$/.exec(e.text);
    if (num && this.opts.cards) {
      const option = await this.opts.cards.takeTextOption(e.openId, Number(num[1]));
      if (option) return this.opts.runTurn({ from: { openId: e.openId }, action: option.action });
    }
    return this.opts.runTurn({ from: { openId: e.openId }, text: e.text });
  }
}
