/**
 * Bench: one reminder sweep over 1,000 units × 10 deliverables (every unit pending, each deliverable at a
 * reminder slot, so every contact gets a merged 10-line message: 10,000 claims, 1,000 queued messages),
 * against real Redis and BullMQ, with the in-memory progress reader. Reports the whole sweep (plan +
 * claims + enqueue) and the pure planning part. `npx tsx bench/sweep.ts [units] [deliverables]`.
 */
import { OutboundProducer } from '../bot/jobs/outbound';
import { runSweep } from '../bot/jobs/sweep';
import { silentLogger } from '../domain/logger';
import { dayjs } from '../domain/time';
import { planReminders } from '../handlers/reminders/planner';
import { makeKeys } from '../store/keys';
import { ReminderStore } from '../store/reminder-store';
import { bigCampaign } from '../test/support/big-campaign';
import { FakeProgress } from '../test/support/fake-progress';
import { benchRedis } from './support';

export interface SweepBench {
  sweep_ms: number;
  /** Planning alone (pure), ms. */
  sweep_plan_ms: number;
  /** A second sweep at the same instant (everything already claimed), ms. */
  sweep_rerun_ms: number;
  messages: number;
  claims: number;
}

export async function benchSweep(units = 1000, deliverables = 10): Promise<SweepBench> {
  const campaign = bigCampaign(units, (raw) => {
    const base = (raw.deliverables as Record<string, unknown>[])[0]!;
    raw.deliverables = Array.from({ length: deliverables }, (_, i) => ({ ...base, id: `d${i}`, name: `材料${i}`, due: '2016-07-08', completion: 'manual' }));
  });
  const progress = new FakeProgress(campaign);
  const r = await benchRedis('sweep');
  const store = new ReminderStore(r.app, makeKeys(r.prefix, campaign.id));
  const producer = new OutboundProducer(r.queue, { prefix: `${r.prefix}-bull` });
  const now = dayjs('2016-07-05T09:00:00+08:00');
  try {
    const statuses = await progress.allUnitStatuses();
    const p0 = performance.now();
    planReminders({ campaign, statuses, now });
    const sweep_plan_ms = performance.now() - p0;
    const t0 = performance.now();
    const rep = await runSweep({ campaign, progress, store, producer, logger: silentLogger }, now);
    const sweep_ms = performance.now() - t0;
    const t1 = performance.now();
    const again = await runSweep({ campaign, progress, store, producer, logger: silentLogger }, now);
    const sweep_rerun_ms = performance.now() - t1;
    if (again.messages.length !== 0) throw new Error('re-run sent messages again');
    return {
      sweep_ms: Math.round(sweep_ms),
      sweep_plan_ms: Math.round(sweep_plan_ms),
      sweep_rerun_ms: Math.round(sweep_rerun_ms),
      messages: rep.messages.length,
      claims: rep.messages.reduce((a, m) => a + m.ids.length, 0),
    };
  } finally {
    await producer.close();
    await r.close();
  }
}

if (require.main === module) {
  const [u, d] = process.argv.slice(2).map(Number);
  void benchSweep(u || undefined, d || undefined).then((res) => console.log(JSON.stringify(res)));
}
