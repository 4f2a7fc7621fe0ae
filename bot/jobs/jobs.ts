/**
 * Background jobs of a running bot: the outbound worker (rate-limited sends, retries, dead letters) and
 * the repeatable reminder sweep. `bot/cli/serve.ts` calls `startJobs(...)` once and `stopJobs()` on exit.
 */
import type { Campaign } from '../../domain/campaign';
import type { Logger } from '../../domain/logger';
import type { MessageSender } from '../../domain/outbound';
import type { ProgressReader } from '../../domain/progress';
import type { Clock } from '../../domain/time';
import type { Keys } from '../../store/keys';
import { createRedis, waitReady, type RedisClient } from '../../store/redis';
import { ReminderStore, type SettledCounts } from '../../store/reminder-store';
import { createOutboundWorker, OutboundProducer, type OutboundJob } from './outbound';
import { resumeBroadcasts, type OutreachDeps } from './outreach';
import { reminderRelevance, startSweepScheduler, type SweepScheduler } from './sweep';
import type { Worker } from 'bullmq';

export interface JobsOptions {
  redisUrl: string;
  keys: Keys;
  campaign: Campaign;
  progress: ProgressReader;
  sender: MessageSender;
  logger: Logger;
  clock: Clock;
  /** Outbound rate (messages/s, 0 = no limiter); config LARK_SEND_RATE. */
  rate: number;
  /** Sweep interval in ms (default 60 s); 0 = no sweep scheduler. */
  sweepEveryMs?: number;
  concurrency?: number;
}

export interface RunningJobs {
  producer: OutboundProducer;
  store: ReminderStore;
  worker: Worker;
  sweep?: SweepScheduler;
  stop(): Promise<void>;
}

let active: RunningJobs | undefined;

/** The BullMQ key prefix of a deployment's queues. */
export function bullPrefix(keys: Keys): string {
  return keys.ns('bull');
}

/**
 * Tell the broadcaster once when every recipient is settled. Totals are cached per broadcast so a
 * 10,000-recipient broadcast does not re-read its record on every send.
 */
export function broadcastCompletion(store: ReminderStore, producer: OutboundProducer, campaign: Campaign): (job: OutboundJob, counts?: SettledCounts) => Promise<void> {
  const totals = new Map<string, number>();
  return async (job, counts) => {
    if (job.kind !== 'broadcast') return;
    let total = totals.get(job.messageId);
    if (total === undefined) {
      total = (await store.broadcast(job.messageId))?.total ?? Number.POSITIVE_INFINITY;
      totals.set(job.messageId, total);
    }
    const { sent, failed } = counts ?? (await store.settledCounts(job.messageId));
    if (sent + failed < total || !(await store.markBroadcastDone(job.messageId))) return;
    totals.delete(job.messageId);
    const st = await store.broadcastStatus(job.messageId);
    const openId = st ? campaign.contact(st.createdBy)?.openId : undefined;
    if (!st || !openId) return;
    const text = `广播发送完成（${st.audienceLabel}）：已发送 ${st.sent}/${st.total}${st.failed ? `，失败 ${st.failed} 人，输入“投递失败”查看` : ''}。`;
    await producer.enqueue([{ messageId: `${st.id}-done`, contactId: st.createdBy, kind: 'notice', to: { openId }, reply: { text } }]);
  };
}

export async function startJobs(opts: JobsOptions): Promise<RunningJobs> {
  if (active) return active;
  const connection: RedisClient = createRedis(opts.redisUrl, { purpose: 'queue', name: 'inspection-bot-jobs' });
  const app: RedisClient = createRedis(opts.redisUrl, { name: 'inspection-bot-outreach' });
  await Promise.all([waitReady(connection), waitReady(app)]);
  const prefix = bullPrefix(opts.keys);
  const store = new ReminderStore(app, opts.keys);
  const producer = new OutboundProducer(connection, { prefix, rate: opts.rate });
  const worker = createOutboundWorker({
    connection,
    prefix,
    rate: opts.rate,
    sender: opts.sender,
    store,
    logger: opts.logger,
    concurrency: opts.concurrency,
    onSettled: broadcastCompletion(store, producer, opts.campaign),
    stillRelevant: reminderRelevance(opts.campaign, opts.progress),
  });
  const outreach: OutreachDeps = { campaign: opts.campaign, store, producer: () => producer };
  const resumed = await resumeBroadcasts(outreach);
  if (resumed > 0) opts.logger.warn({ resumed }, 'resumed interrupted broadcast fan-outs');
  const sweep =
    opts.sweepEveryMs === 0
      ? undefined
      : await startSweepScheduler({ connection, prefix, everyMs: opts.sweepEveryMs, clock: opts.clock, deps: { campaign: opts.campaign, progress: opts.progress, store, producer, logger: opts.logger } });
  const running: RunningJobs = {
    producer,
    store,
    worker,
    sweep,
    async stop() {
      await sweep?.close();
      await worker.close();
      await producer.close();
      connection.disconnect();
      app.disconnect();
      if (active === running) active = undefined;
    },
  };
  active = running;
  opts.logger.info({ rate: opts.rate, sweepEveryMs: opts.sweepEveryMs ?? 60_000 }, 'background jobs started');
  return running;
}

export async function stopJobs(): Promise<void> {
  await active?.stop();
}

/** The running jobs' producer, if `startJobs` ran in this process. */
export function activeProducer(): OutboundProducer | undefined {
  return active?.producer;
}

/** A producer made on first use; `close` ends its connection (if it was ever made). */
export interface LazyProducer {
  (): OutboundProducer;
  close(): Promise<void>;
}

/**
 * A producer for processes that did not start the jobs (the console): enqueued messages wait in Redis
 * until a `serve` process's worker sends them. Created on first use only; its own connection must be closed
 * with `close()`, or it keeps reconnecting after the Redis it came from is gone.
 */
export function lazyProducer(redis: RedisClient, keys: Keys): LazyProducer {
  let own: OutboundProducer | undefined;
  let connection: RedisClient | undefined;
  const get = (() => {
    const running = activeProducer();
    if (running) return running;
    if (!own) {
      connection = redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
      own = new OutboundProducer(connection, { prefix: bullPrefix(keys) });
    }
    return own;
  }) as LazyProducer;
  get.close = async () => {
    const [p, c] = [own, connection];
    own = connection = undefined;
    try {
      await p?.close();
    } finally {
      c?.disconnect();
    }
  };
  return get;
}
