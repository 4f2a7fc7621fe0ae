/**
 * Broadcasts end to end on real Redis and BullMQ: staff draft and confirm in chat, the fan-out goes
 * through the outbound queue to 300 recipients via a fake sender that fails some sends; the worker is
 * killed half-way and a new one takes over. Every recipient gets the message exactly once (or is in the
 * dead-letter list), and staff see progress and failures.
 */
import type { Worker } from 'bullmq';
import { broadcastCompletion } from '../../../bot/jobs/jobs';
import { createOutboundWorker, OutboundProducer } from '../../../bot/jobs/outbound';
import { createOutreach, resumeBroadcasts } from '../../../bot/jobs/outreach';
import { silentLogger } from '../../../domain/logger';
import { fixedClock } from '../../../domain/time';
import { handleTurn } from '../../../handlers/router';
import type { HandlerDeps } from '../../../handlers/types';
import { makeKeys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { ReminderStore } from '../../../store/reminder-store';
import { bigCampaign } from '../../support/big-campaign';
import { CountingSender } from '../../support/counting-sender';
import { FakeProgress } from '../../support/fake-progress';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';
import { waitFor } from '../../support/wait';

const campaign = bigCampaign(300);
let app: RedisClient;
let qconn: RedisClient;
let prefix: string;
let store: ReminderStore;
let producer: OutboundProducer;
const workers: Worker[] = [];

beforeAll(async () => {
  app = await connectTestRedis();
  qconn = await connectTestRedis('queue');
});
beforeEach(() => {
  prefix = uniquePrefix('bcast');
  store = new ReminderStore(app, makeKeys(prefix, campaign.id));
  producer = new OutboundProducer(qconn, { prefix: `${prefix}-bull`, attempts: 3, backoffMs: 20 });
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close(true);
  await producer.close();
  await deletePrefix(app, prefix);
  await deletePrefix(app, `${prefix}-bull`);
});
afterAll(() => {
  app.disconnect();
  qconn.disconnect();
});

const PERMANENT = new Set(['ou_c00007', 'ou_c00113']);
function worker(sender: CountingSender): Worker {
  const w = createOutboundWorker({
    connection: qconn,
    prefix: `${prefix}-bull`,
    sender,
    store,
    logger: silentLogger,
    rate: 0,
    concurrency: 20,
    attempts: 3,
    lockDurationMs: 1000,
    stalledIntervalMs: 300,
    onSettled: broadcastCompletion(store, producer, campaign),
  });
  workers.push(w);
  return w;
}

function deps(now: string): HandlerDeps {
  const outreach = createOutreach({ campaign, store, producer: () => producer });
  return { campaign, clock: fixedClock(now, campaign.timezone), logger: silentLogger, progress: new FakeProgress(campaign), outreach };
}
const say = async (d: HandlerDeps, inbound: { text?: string; action?: string }) => (await handleTurn({ from: { contactId: 'staff-1' }, ...inbound }, d))[0]!;

it('confirms, fans out to 300 through failures and a killed worker: each recipient exactly once', async () => {
  const d = deps('2016-07-05T10:00:00+08:00');
  const preview = await say(d, { text: '广播 全部单位 请各单位于7月8日前报送自查报告纸质版和光盘。' });
  expect(preview.text).toContain('300 个单位，300 位联系人');
  expect(preview.text).toContain('请各单位于7月8日前报送');
  const confirm = preview.options!.find((o) => o.label === '确认发送')!;

  // One fake Lark for both workers. Every 10th recipient fails twice (retried); two are refused (dead letters).
  const flaky = (openId: string) => (Number(openId.slice(-3)) % 10 === 0 ? 2 : 0);
  const lark = new CountingSender({ transientFailures: flaky, permanentFailure: (o) => PERMANENT.has(o), latencyMs: 2 });
  const w1 = worker(lark);
  const started = await say(d, { action: confirm.action });
  expect(started.text).toContain('共 300 人');
  // Replaying the confirmation button does not send again.
  expect((await say(d, { action: confirm.action })).text).toContain('没有待确认的广播');

  await waitFor(() => lark.deliveries.length >= 120);
  await w1.close(true); // killed half-way: in-flight jobs become stalled
  const progress = await say(d, { text: '广播状态' });
  expect(progress.text).toMatch(/已发送 \d+\/300/);
  expect(lark.deliveries.length).toBeLessThan(298);

  worker(lark);
  await waitFor(async () => {
    const st = (await store.broadcastStatus((await store.recentBroadcastIds(1))[0]!))!;
    return st.sent + st.failed === 300;
  }, 20_000);
  await new Promise((r) => setTimeout(r, 300));

  const perRecipient = new Map<string, number>();
  for (const x of lark.deliveries) perRecipient.set(x.openId, (perRecipient.get(x.openId) ?? 0) + 1);
  for (const c of campaign.contacts.filter((x) => x.role === 'contact')) {
    expect([c.openId, perRecipient.get(c.openId!) ?? 0]).toEqual([c.openId, PERMANENT.has(c.openId!) ? 0 : 1]);
  }
  // Sends repeated with the same uuid can only come from jobs in flight when the worker was killed.
  expect(lark.duplicatesDropped).toBeLessThanOrEqual(20);
  // The broadcaster is told once that it finished.
  await waitFor(() => lark.deliveries.some((x) => x.openId === 'ou_staff_1'));
  expect(lark.deliveries.filter((x) => x.openId === 'ou_staff_1').map((x) => x.text)).toEqual(['广播发送完成（全部单位）：已发送 298/300，失败 2 人，输入“投递失败”查看。']);
  const status = await say(d, { text: '广播状态' });
  expect(status.text).toContain('已发送 298/300，失败 2');
  const dead = await say(d, { text: '投递失败' });
  expect(dead.text).toContain('联系人00007');
  expect(dead.text).toContain('飞书拒绝（code 230013）');
});

it('a fan-out interrupted by a crash resumes without duplicates or gaps', async () => {
  const sender = new CountingSender();
  worker(sender);
  const d = deps('2016-07-05T10:00:00+08:00');
  const draftReply = await say(d, { text: '广播 街道：请于本周五前报送纸质材料。' });
  const draft = (await store.loadDraft('staff-1'))!;
  expect(draftReply.text).toContain(`${draft.contactIds.length} 位联系人`);
  // The process died after recording the broadcast and queueing the first 40 recipients.
  const rec = await store.createBroadcast(draft, draft.contactIds.length);
  const outreach = { campaign, store, producer: () => producer };
  await producer.enqueue(
    draft.contactIds.slice(0, 40).map((contactId) => ({ messageId: rec.id, contactId, kind: 'broadcast' as const, to: { openId: campaign.contact(contactId)!.openId! }, reply: { text: draft.text } })),
  );
  await waitFor(() => sender.deliveries.length === 40);
  expect(await resumeBroadcasts(outreach)).toBe(1);
  const toUnits = () => sender.deliveries.filter((x) => x.openId !== 'ou_staff_1');
  await waitFor(() => toUnits().length === draft.contactIds.length);
  await new Promise((r) => setTimeout(r, 200));
  expect(toUnits()).toHaveLength(draft.contactIds.length);
  expect(new Set(toUnits().map((x) => x.openId)).size).toBe(draft.contactIds.length);
  expect(sender.countFor('ou_staff_1')).toBe(1);
  expect(await resumeBroadcasts(outreach)).toBe(0);
});

it('refuses broadcasts from unit contacts and explains a bad audience', async () => {
  const d = deps('2016-07-05T10:00:00+08:00');
  const asContact = (await handleTurn({ from: { contactId: 'c00001' }, text: '广播 全部单位 测试' }, d))[0]!;
  expect(asContact.text).toContain('仅供检查工作组使用');
  expect((await say(d, { text: '广播 火星 测试' })).text).toContain('无法识别发送对象“火星”');
});
