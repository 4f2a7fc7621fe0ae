/**
 * The one outbound queue every proactive message goes through (reminders, broadcasts, notices).
 *
 * - Rate: the worker's limiter is Lark's per-app limit (`limiter: { max: rate, duration: 1000 }`, 0 = off).
 *   BullMQ keeps it in Redis per queue, so it holds for all workers together; it counts jobs started per
 *   1 s window. The sender `serve` passes in (LarkSender) also takes a token per send attempt from the app
 *   bucket in Redis that chat replies use too (store/send-rate-limiter.ts): that bucket is what keeps replies
 *   and proactive messages together within the limit; the queue limiter only keeps jobs from starting (and
 *   then waiting in the bucket, holding a concurrency slot) faster than they could go out.
 * - Retries: `attempts` with exponential backoff; LarkHttpError, 429 and 5xx retry, other Lark refusals
 *   are final. A final failure goes to the dead-letter list (staff: 投递失败).
 * - Exactly once: job ids are deterministic per (message, recipient), so re-adding a job after a crash is
 *   a no-op while it exists; the worker checks the per-recipient delivered/failed mark before sending and
 *   sets it after. The only remaining window is a crash between the sender's success and the mark: the
 *   retry then sends again with the same `dedupKey`, which Lark de-duplicates (uuid, 1 h).
 */
import { createHash } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { isAppError, LarkApiError } from '../../domain/errors';
import { KeyedQueue } from '../../domain/keyed-queue';
import type { Logger } from '../../domain/logger';
import type { MessageSender } from '../../domain/outbound';
import type { RedisClient } from '../../store/redis';
import type { ReminderStore, SettledCounts } from '../../store/reminder-store';

export const OUTBOUND_QUEUE = 'outbound';

const replySchema = z.object({
  text: z.string(),
  options: z.array(z.object({ label: z.string(), action: z.string() })).optional(),
});

export const outboundJobSchema = z.object({
  messageId: z.string().min(1),
  contactId: z.string().min(1),
  kind: z.enum(['reminder', 'broadcast', 'notice']),
  to: z.union([z.object({ openId: z.string().min(1) }), z.object({ chatId: z.string().min(1) })]),
  reply: replySchema,
  /** Reminder ids in the message (for the relevance check just before sending). */
  itemIds: z.array(z.string()).optional(),
});
export type OutboundJob = z.output<typeof outboundJobSchema>;

/** BullMQ job ids may not contain ':'; ours are `<messageId>__<contactId>`. */
export function outboundJobId(messageId: string, contactId: string): string {
  return `${messageId}__${contactId}`.replace(/:/g, '_');
}

/** Lark's uuid is at most 50 characters: a stable hash of the job id. */
export function dedupKeyOf(messageId: string, contactId: string): string {
  return createHash('sha1').update(`${messageId}\u0000${contactId}`).digest('hex').slice(0, 32);
}

export interface OutboundSettings {
  /** BullMQ key prefix (per deployment; tests use a unique one). */
  prefix: string;
  queueName?: string;
  /** Messages per second; 0 = no limiter. Default: Lark's 50/s per app. */
  rate?: number;
  /** Send attempts per message (default 5) and the first backoff delay in ms (default 1000, doubling). */
  attempts?: number;
  backoffMs?: number;
}

export class OutboundProducer {
  readonly queue: Queue;

  constructor(
    connection: RedisClient,
    private readonly settings: OutboundSettings,
  ) {
    this.queue = new Queue(settings.queueName ?? OUTBOUND_QUEUE, { connection, prefix: settings.prefix });
  }

  /** Add messages; a (message, recipient) already queued is not added twice. */
  async enqueue(jobs: OutboundJob[]): Promise<void> {
    const attempts = this.settings.attempts ?? 5;
    const backoff = { type: 'exponential', delay: this.settings.backoffMs ?? 1000 };
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.queue.addBulk(
        jobs.slice(i, i + 1000).map((data) => ({
          name: data.kind,
          data,
          opts: {
            jobId: outboundJobId(data.messageId, data.contactId),
            attempts,
            backoff,
            removeOnComplete: true,
            removeOnFail: { age: 30 * 86_400 },
          },
        })),
      );
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export interface OutboundWorkerOptions extends OutboundSettings {
  connection: RedisClient;
  sender: MessageSender;
  store: ReminderStore;
  logger: Logger;
  /** Parallel sends (default 50). */
  concurrency?: number;
  /** Called after each delivery or final failure of a message (progress / completion), with the message's settled counts. */
  onSettled?: (job: OutboundJob, counts: SettledCounts) => Promise<void>;
  /**
   * Checked just before a send: false drops the message (e.g. every reminder in it is about items the unit
   * has completed since the sweep queued it).
   */
  stillRelevant?: (job: OutboundJob) => Promise<boolean>;
  /** Start processing at once (default true). */
  autorun?: boolean;
  /** Stalled-job detection (ms); lower in tests that kill a worker. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

function retryable(err: unknown): boolean {
  if (err instanceof LarkApiError) return err.httpStatus === 429 || (err.httpStatus !== undefined && err.httpStatus >= 500);
  return true;
}

function describe(err: unknown): string {
  if (err instanceof LarkApiError) return `飞书拒绝（code ${err.larkCode}）`;
  if (err instanceof Error && err.name === 'LarkHttpError') return '无法连接飞书';
  if (isAppError(err) && err.code === 'STORE_UNAVAILABLE') return '数据存储（Redis）暂时不可用';
  return err instanceof Error ? err.name : '未知错误';
}

export function createOutboundWorker(opts: OutboundWorkerOptions): Worker {
  const { store, sender, logger } = opts;
  const attempts = opts.attempts ?? 5;
  const deliver = async (job: Job): Promise<string> => {
    const parsed = outboundJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`bad outbound job ${job.id ?? ''}`);
    const data = parsed.data;
    if (await store.settled(data.messageId, data.contactId)) return 'already-settled';
    if (opts.stillRelevant && !(await opts.stillRelevant(data))) {
      await store.markSkipped(data.messageId, data.contactId);
      return 'no-longer-relevant';
    }
    try {
      await sender.send({ to: data.to, reply: data.reply, dedupKey: dedupKeyOf(data.messageId, data.contactId) });
    } catch (err) {
      const final = !retryable(err) || job.attemptsMade + 1 >= attempts;
      if (!final) {
        logger.warn({ jobId: job.id, attempt: job.attemptsMade + 1, err: describe(err) }, 'outbound send failed, will retry');
        throw err;
      }
      const counts = await store.markFailed(data.messageId, data.contactId, {
        messageId: data.messageId,
        contactId: data.contactId,
        kind: data.kind,
        error: describe(err),
        attempts: job.attemptsMade + 1,
        at: new Date().toISOString(),
      });
      logger.error({ jobId: job.id, err: describe(err) }, 'outbound message dead-lettered');
      await opts.onSettled?.(data, counts);
      throw new UnrecoverableError(describe(err));
    }
    const counts = await store.markDelivered(data.messageId, data.contactId);
    await opts.onSettled?.(data, counts);
    return 'sent';
  };
  // One recipient's messages go out in the order BullMQ hands them out, also while one of them waits out
  // Lark's retries (429 / 5xx / no answer). Per process: separate workers do not order across each other.
  const perRecipient = new KeyedQueue();
  const processor = (job: Job): Promise<string> => {
    const to = outboundJobSchema.shape.to.safeParse((job.data as { to?: unknown } | undefined)?.to);
    const key = !to.success ? `job:${job.id ?? ''}` : 'openId' in to.data ? `u:${to.data.openId}` : `c:${to.data.chatId}`;
    return perRecipient.run(key, () => deliver(job));
  };
  const worker = new Worker(opts.queueName ?? OUTBOUND_QUEUE, processor, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 50,
    autorun: opts.autorun ?? true,
    ...(opts.rate ? { limiter: { max: opts.rate, duration: 1000 } } : {}),
    ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
    ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
  });
  // Failures are handled (retried or dead-lettered) in the processor; this only keeps errors from being unhandled.
  worker.on('error', (err) => logger.warn({ err: err.name }, 'outbound worker error'));
  return worker;
}
