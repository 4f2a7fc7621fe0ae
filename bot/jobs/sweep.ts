/**
 * The reminder sweep: read progress, plan (handlers/reminders/planner.ts), claim each (reminder, person)
 * in Redis, and enqueue one merged message per person on the outbound queue. Run as a BullMQ repeatable
 * job (job scheduler) processed with concurrency 1, plus a Redis lock so only one sweep runs across
 * instances. Re-runs are harmless: claimed reminders are never claimed again.
 */
import { Queue, Worker } from 'bullmq';
import type { Campaign } from '../../domain/campaign';
import type { Logger } from '../../domain/logger';
import { deliverableDoneAt, type ProgressReader } from '../../domain/progress';
import type { Clock, Dayjs } from '../../domain/time';
import { planReminders } from '../../handlers/reminders/planner';
import { renderReminder } from '../../handlers/reminders/render';
import type { RedisClient } from '../../store/redis';
import type { OutboxRecord, ReminderStore } from '../../store/reminder-store';
import type { OutboundJob, OutboundProducer } from './outbound';

export interface SweepDeps {
  campaign: Campaign;
  progress: ProgressReader;
  store: ReminderStore;
  producer: OutboundProducer;
  logger: Logger;
  /** A passed slot older than this is dropped (default 24 h). */
  staleAfterHours?: number;
}

export interface SweepMessage {
  contactId: string;
  messageId?: string;
  lines: string[];
  ids: string[];
}

export interface SweepReport {
  now: string;
  /** Sent (or, in a dry run, would be sent). */
  messages: SweepMessage[];
  /** People over their daily cap this sweep. */
  capped: string[];
  /** Outbox entries re-enqueued after an interrupted sweep. */
  recovered: number;
  note?: string;
  locked?: boolean;
}

function jobFor(campaign: Campaign, messageId: string, rec: OutboxRecord): OutboundJob | undefined {
  const openId = campaign.contact(rec.contactId)?.openId;
  if (!openId) return undefined;
  return {
    messageId,
    contactId: rec.contactId,
    kind: 'reminder',
    to: { openId },
    reply: renderReminder(campaign, rec.contactId, rec.items.map((i) => i.line)),
    itemIds: rec.items.map((i) => i.id),
  };
}

async function flush(deps: SweepDeps, entries: [string, OutboxRecord][]): Promise<void> {
  const jobs: OutboundJob[] = [];
  for (const [messageId, rec] of entries) {
    const job = jobFor(deps.campaign, messageId, rec);
    if (job) jobs.push(job);
    else await deps.store.markFailed(messageId, rec.contactId, { messageId, contactId: rec.contactId, kind: 'reminder', error: '未登记飞书账号（open_id）', attempts: 0, at: new Date().toISOString() });
  }
  await deps.producer.enqueue(jobs);
  await deps.store.outboxDone(entries.map(([messageId]) => messageId));
}

export async function runSweep(deps: SweepDeps, now: Dayjs, opts: { dryRun?: boolean } = {}): Promise<SweepReport> {
  const { campaign, store } = deps;
  let recovered = 0;
  if (!opts.dryRun) {
    const pending = [...(await store.outbox())];
    if (pending.length > 0) {
      await flush(deps, pending);
      recovered = pending.length;
      deps.logger.warn({ recovered }, 'reminder outbox re-enqueued after an interrupted sweep');
    }
  }
  const [statuses, snoozes] = await Promise.all([deps.progress.allUnitStatuses(), store.snoozes()]);
  const plan = planReminders({ campaign, statuses, now, snoozes, staleAfterHours: deps.staleAfterHours });
  const date = now.tz(campaign.timezone).format('YYYY-MM-DD');
  const report: SweepReport = { now: now.toISOString(), messages: [], capped: [], recovered, note: plan.note };
  const claimed: [string, OutboxRecord][] = [];
  if (opts.dryRun) {
    for (const m of plan.messages) {
      const open = [];
      for (const it of m.items) if (!(await store.isClaimed(it.id, m.contactId))) open.push(it);
      if (open.length > 0) report.messages.push({ contactId: m.contactId, lines: open.map((x) => x.line), ids: open.map((x) => x.id) });
    }
    return report;
  }
  const CHUNK = 250;
  for (let i = 0; i < plan.messages.length; i += CHUNK) {
    const chunk = plan.messages.slice(i, i + CHUNK);
    const results = await store.claimMany(date, campaign.reminders.maxPerPersonPerDay, chunk.map((m) => ({ contactId: m.contactId, items: m.items.map(({ id, kind, line }) => ({ id, kind, line })) })));
    chunk.forEach((m, j) => {
      const res = results[j]!;
      if (res.status === 'capped') report.capped.push(m.contactId);
      if (res.status !== 'claimed') return;
      const ids = new Set(res.itemIds);
      const items = m.items.filter((x) => ids.has(x.id)).map(({ id, kind, line }) => ({ id, kind, line }));
      claimed.push([res.messageId, { contactId: m.contactId, items }]);
      report.messages.push({ contactId: m.contactId, messageId: res.messageId, lines: items.map((x) => x.line), ids: res.itemIds });
    });
  }
  if (claimed.length > 0) await flush(deps, claimed);
  deps.logger.info({ sent: report.messages.length, capped: report.capped.length, dryRun: Boolean(opts.dryRun) }, 'reminder sweep');
  return report;
}

/** One sweep across all instances at a time (Redis lock); `locked: true` when another one is running. */
export async function runLockedSweep(deps: SweepDeps, now: Dayjs, lockMs = 5 * 60_000): Promise<SweepReport> {
  const release = await deps.store.lock('sweep', lockMs);
  if (!release) return { now: now.toISOString(), messages: [], capped: [], recovered: 0, locked: true };
  try {
    return await runSweep(deps, now);
  } finally {
    await release();
  }
}

/**
 * A queued reminder is still worth sending unless every item in it is a deadline reminder for a deliverable
 * the unit has completed since (a unit that finishes stops receiving reminders at once).
 */
export function reminderRelevance(campaign: Campaign, progress: ProgressReader): (job: OutboundJob) => Promise<boolean> {
  return async (job) => {
    if (job.kind !== 'reminder' || !job.itemIds?.length) return true;
    for (const id of job.itemIds) {
      const [kind, deliverableId, unitId] = id.split(':');
      const d = kind === 'dl' && deliverableId ? campaign.deliverable(deliverableId) : undefined;
      if (!d || !unitId) return true;
      if (!deliverableDoneAt(d, await progress.unitStatus(unitId))) return true;
    }
    return false;
  };
}

export const SWEEP_QUEUE = 'reminder-sweep';

export interface SweepScheduler {
  queue: Queue;
  worker: Worker;
  close(): Promise<void>;
}

/** The repeatable sweep job (every `everyMs`, default 60 s) and its single-concurrency worker. */
export async function startSweepScheduler(opts: { connection: RedisClient; prefix: string; everyMs?: number; clock: Clock; deps: SweepDeps; queueName?: string }): Promise<SweepScheduler> {
  const name = opts.queueName ?? SWEEP_QUEUE;
  const queue = new Queue(name, { connection: opts.connection, prefix: opts.prefix });
  await queue.upsertJobScheduler('reminder-sweep', { every: opts.everyMs ?? 60_000 }, { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } });
  const worker = new Worker(name, async () => {
    const r = await runLockedSweep(opts.deps, opts.clock());
    return { sent: r.messages.length, locked: Boolean(r.locked) };
  }, { connection: opts.connection, prefix: opts.prefix, concurrency: 1 });
  worker.on('error', (err) => opts.deps.logger.warn({ err: err.name }, 'sweep worker error'));
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
