/**
 * The reminder sweep against real Redis and BullMQ with a fake clock: sends at the right local times,
 * stops after submission, is exactly-once across parallel sweeps, re-runs and restarts, respects quiet
 * hours, the daily cap (merging several reminders into one message) and 稍后提醒.
 */
import type { Worker } from 'bullmq';
import { createOutboundWorker, OutboundProducer } from '../../../bot/jobs/outbound';
import { createOutreach } from '../../../bot/jobs/outreach';
import { reminderRelevance, runLockedSweep, runSweep, type SweepDeps } from '../../../bot/jobs/sweep';
import type { Campaign } from '../../../domain/campaign';
import { silentLogger } from '../../../domain/logger';
import { dayjs, fixedClock } from '../../../domain/time';
import { handleTurn } from '../../../handlers/router';
import { makeKeys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { ReminderStore } from '../../../store/reminder-store';
import { campaignVariant, campaignWithDeadlines } from '../../support/campaign-variant';
import { CountingSender } from '../../support/counting-sender';
import { FakeProgress } from '../../support/fake-progress';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';
import { waitFor } from '../../support/wait';

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

interface Rig {
  deps: SweepDeps;
  store: ReminderStore;
  sender: CountingSender;
  progress: FakeProgress;
  campaign: Campaign;
  prefix: string;
  worker: Worker;
  producer: OutboundProducer;
}
const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.worker.close();
    await r.producer.close();
    await deletePrefix(app, r.prefix);
    await deletePrefix(app, `${r.prefix}-bull`);
  }
});

function rig(campaign: Campaign, opts: { relevance?: boolean } = {}): Rig {
  const prefix = uniquePrefix('sweep');
  const keys = makeKeys(prefix, campaign.id);
  const store = new ReminderStore(app, keys);
  const sender = new CountingSender();
  const producer = new OutboundProducer(qconn, { prefix: `${prefix}-bull`, attempts: 3, backoffMs: 20 });
  const progress = new FakeProgress(campaign);
  const worker = createOutboundWorker({
    connection: qconn,
    prefix: `${prefix}-bull`,
    sender,
    store,
    logger: silentLogger,
    rate: 0,
    concurrency: 10,
    attempts: 3,
    autorun: !opts.relevance,
    ...(opts.relevance ? { stillRelevant: reminderRelevance(campaign, progress) } : {}),
  });
  const r = { deps: { campaign, progress, store, producer, logger: silentLogger }, store, sender, progress, campaign, prefix, worker, producer };
  rigs.push(r);
  return r;
}

const to = (c: Campaign, id: string) => c.contact(id)!.openId!;
const at = (iso: string) => dayjs(iso).tz('Asia/Shanghai');

it('sends each reminder at 09:00 local on the right days of the week, then stops after submission', async () => {
  const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
  const r = rig(c);
  const sentAt: Record<string, string[]> = {};
  for (let t = at('2016-07-04T00:00:00+08:00'); t.isBefore(at('2016-07-09T00:00:00+08:00')); t = t.add(1, 'hour')) {
    if (t.format('YYYY-MM-DD HH') === '2016-07-07 12') r.progress.submitSelfCheck('jinrongjie', t.toISOString());
    const rep = await runSweep(r.deps, t);
    for (const m of rep.messages) (sentAt[m.contactId] ??= []).push(t.format('ddd HH:mm'));
  }
  expect(sentAt['jinrongjie-1']).toEqual(['Tue 09:00', 'Thu 09:00']);
  expect(sentAt['yuetan-1']).toEqual(['Tue 09:00', 'Thu 09:00', 'Fri 09:00']);
  await waitFor(() => r.sender.deliveries.length === Object.values(sentAt).flat().length);
  const jr = r.sender.deliveries.filter((d) => d.openId === to(c, 'jinrongjie-1'));
  expect(jr[0]!.text).toMatch(/自查报告：7月8日截止（还有 3 天）/);
  expect(jr[1]!.text).toMatch(/明天截止/);
});

it('two sweeps in parallel, and re-runs, send every reminder once', async () => {
  const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
  const r = rig(c);
  const now = at('2016-07-05T09:00:00+08:00');
  const reports = await Promise.all([runSweep(r.deps, now), runSweep(r.deps, now), runLockedSweep(r.deps, now), runLockedSweep(r.deps, now)]);
  const contacts = c.contacts.filter((x) => x.role === 'contact').length;
  expect(reports.flatMap((x) => x.messages)).toHaveLength(contacts);
  expect((await runSweep(r.deps, now.add(30, 'minute'))).messages).toHaveLength(0);
  await waitFor(() => r.sender.deliveries.length === contacts);
  await new Promise((res) => setTimeout(res, 200));
  expect(r.sender.deliveries).toHaveLength(contacts);
  expect(new Set(r.sender.deliveries.map((d) => d.openId)).size).toBe(contacts);
});

it('after downtime sends only the newest relevant reminder, and a restart mid-sweep loses nothing', async () => {
  const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
  const r = rig(c);
  // A sweep claimed a reminder for 金融街 and died before enqueueing it (the outbox keeps it).
  const claim = await r.store.claim('jinrongjie-1', '2016-07-01', 3, [{ id: 'dl:self-check-report:jinrongjie:7', kind: 'deadline', line: '自查报告：7月8日截止（还有 7 天）' }]);
  expect(claim.status).toBe('claimed');
  // Down until Thursday 10:00: the 7-day and 3-day reminders are stale; only the 1-day one goes.
  const rep = await runSweep(r.deps, at('2016-07-07T10:00:00+08:00'));
  expect(rep.recovered).toBe(1);
  expect(rep.messages.find((m) => m.contactId === 'jinrongjie-1')?.ids).toEqual(['dl:self-check-report:jinrongjie:1']);
  expect(rep.messages.flatMap((m) => m.ids).some((id) => /:(7|3)$/.test(id))).toBe(false);
  await waitFor(() => r.sender.countFor(to(c, 'jinrongjie-1')) === 2);
  expect(await r.store.outbox()).toEqual(new Map());
});

it('sends nothing in quiet hours or on a holiday, merges reminders into one message and caps per day', async () => {
  const c = campaignVariant((raw) => {
    const dls = raw.deliverables as { id: string; due: string }[];
    raw.deliverables = dls.filter((d) => d.id === 'self-check-report' || d.id === 'paper-materials').map((d) => ({ ...d, due: '2016-09-23' }));
    (raw.reminders as { maxPerPersonPerDay: number }).maxPerPersonPerDay = 1;
  });
  const r = rig(c);
  expect((await runSweep(r.deps, at('2016-09-20T21:00:00+08:00'))).note).toBe('quiet-hours');
  // 9-16 is a Mid-Autumn holiday: the 7-day reminder moved to Wednesday 9-14.
  expect((await runSweep(r.deps, at('2016-09-16T09:00:00+08:00'))).messages).toHaveLength(0);
  const wed = await runSweep(r.deps, at('2016-09-14T09:00:00+08:00'));
  const mine = wed.messages.find((m) => m.contactId === 'jinrongjie-1')!;
  expect(mine.ids).toEqual(['dl:self-check-report:jinrongjie:7', 'dl:paper-materials:jinrongjie:7']);
  // A new remediation item due in 3 days appears later that morning: over the cap of 1 message a day.
  r.progress.addRemediation('jinrongjie', { id: 'r9', problem: '弱口令', plannedDate: '2016-09-17' });
  const later = await runSweep(r.deps, at('2016-09-14T10:00:00+08:00'));
  expect(later.capped).toContain('jinrongjie-1');
  await waitFor(() => r.sender.countFor(to(c, 'jinrongjie-1')) === 1);
  expect(r.sender.deliveries.find((d) => d.openId === to(c, 'jinrongjie-1'))!.text).toMatch(/1\. 自查报告[\s\S]*2\. 纸质材料与光盘/);
});

it('稍后提醒 through chat holds reminders until the next working morning; 收到 acknowledges', async () => {
  const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
  const r = rig(c);
  const outreach = createOutreach({ campaign: c, store: r.store, producer: () => r.producer });
  const fri = at('2016-07-01T09:00:00+08:00');
  await runSweep(r.deps, fri);
  await waitFor(() => r.sender.countFor(to(c, 'jinrongjie-1')) === 1);
  const turn = async (text: string, now: string) =>
    (await handleTurn({ from: { contactId: 'jinrongjie-1' }, text }, { campaign: c, clock: fixedClock(now, c.timezone), logger: silentLogger, progress: r.progress, outreach }))[0]!.text;
  expect(await turn('收到', '2016-07-01T09:03:00+08:00')).toContain('已记录您已收到');
  expect(await turn('稍后提醒', '2016-07-01T09:05:00+08:00')).toContain('7月4日（周一）09:00');
  // Monday 9:00: one follow-up with what is still pending.
  const mon = await runSweep(r.deps, at('2016-07-04T09:00:00+08:00'));
  expect(mon.messages.find((m) => m.contactId === 'jinrongjie-1')?.lines[0]).toMatch(/稍后提醒.*自查报告：7月8日截止（还有 4 天）/);
  expect(mon.messages.find((m) => m.contactId === 'jinrongjie-2')).toBeUndefined();
  await waitFor(() => r.sender.countFor(to(c, 'jinrongjie-1')) === 2);
});

it('drops a queued reminder when the unit completes the item before it goes out', async () => {
  const c = campaignWithDeadlines({ 'self-check-report': '2016-07-08' });
  const r = rig(c, { relevance: true });
  await runSweep(r.deps, at('2016-07-05T09:00:00+08:00'));
  // The queue is backed up; meanwhile 金融街 submits.
  r.progress.submitSelfCheck('jinrongjie', at('2016-07-05T09:00:30+08:00').toISOString());
  void r.worker.run();
  const others = c.contacts.filter((x) => x.role === 'contact' && x.unit !== 'jinrongjie').length;
  await waitFor(() => r.sender.deliveries.length === others);
  await new Promise((res) => setTimeout(res, 200));
  expect(r.sender.countFor(to(c, 'jinrongjie-1'))).toBe(0);
  expect(r.sender.deliveries).toHaveLength(others);
});
