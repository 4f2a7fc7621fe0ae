/**
 * The running jobs: the repeatable sweep (a BullMQ job scheduler) on two "instances" at once sends every
 * reminder exactly once; startJobs/stopJobs run the sweep and the outbound worker and shut down cleanly.
 */
import { startJobs, stopJobs } from '../../../bot/jobs/jobs';
import { createOutboundWorker, OutboundProducer } from '../../../bot/jobs/outbound';
import { startSweepScheduler, type SweepScheduler } from '../../../bot/jobs/sweep';
import { silentLogger } from '../../../domain/logger';
import { fixedClock } from '../../../domain/time';
import { makeKeys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { ReminderStore } from '../../../store/reminder-store';
import { campaignWithDeadlines } from '../../support/campaign-variant';
import { CountingSender } from '../../support/counting-sender';
import { FakeProgress } from '../../support/fake-progress';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../../support/redis';
import { waitFor } from '../../support/wait';

const campaign = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
const contacts = campaign.contacts.filter((c) => c.role === 'contact').length;
const clock = fixedClock('2016-07-05T09:00:00+08:00', campaign.timezone);
let app: RedisClient;
let qconn: RedisClient;
beforeAll(async () => {
  app = await connectTestRedis();
  qconn = await connectTestRedis('queue');
});
afterAll(() => {
  app.disconnect();
  qconn.disconnect();
});

it('two instances running the repeatable sweep send each reminder once', async () => {
  const prefix = uniquePrefix('jobs');
  const bull = `${prefix}-bull`;
  const store = new ReminderStore(app, makeKeys(prefix, campaign.id));
  const producer = new OutboundProducer(qconn, { prefix: bull });
  const sender = new CountingSender();
  const worker = createOutboundWorker({ connection: qconn, prefix: bull, sender, store, logger: silentLogger, rate: 0 });
  const progress = new FakeProgress(campaign);
  const deps = { campaign, progress, store, producer, logger: silentLogger };
  const schedulers: SweepScheduler[] = [];
  try {
    for (let i = 0; i < 2; i++) schedulers.push(await startSweepScheduler({ connection: qconn, prefix: bull, everyMs: 150, clock, deps }));
    await waitFor(() => sender.deliveries.length >= contacts);
    // Let several more sweeps run on both instances.
    await new Promise((r) => setTimeout(r, 800));
    expect(sender.deliveries).toHaveLength(contacts);
    expect(new Set(sender.deliveries.map((d) => d.openId)).size).toBe(contacts);
  } finally {
    for (const s of schedulers) await s.close();
    await worker.close();
    await producer.close();
    await deletePrefix(app, prefix);
    await deletePrefix(app, bull);
  }
});

it('startJobs sweeps and sends; stopJobs shuts everything down', async () => {
  const prefix = uniquePrefix('jobs');
  const keys = makeKeys(prefix, campaign.id);
  const sender = new CountingSender();
  try {
    const running = await startJobs({ redisUrl: testRedisUrl(), keys, campaign, progress: new FakeProgress(campaign), sender, logger: silentLogger, clock, rate: 50, sweepEveryMs: 200 });
    await waitFor(() => sender.deliveries.length === contacts, 10_000);
    expect(sender.deliveries[0]!.text).toContain('【报送提醒】');
    await running.stop();
    await stopJobs();
  } finally {
    await deletePrefix(app, prefix);
  }
});
