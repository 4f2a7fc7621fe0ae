/**
 * The dead-letter list on real Redis: failed chat replies (`addDeadLetter`, kind `reply`) and failed proactive
 * messages (`markFailed`) share one list, bounded and expiring; records stored before `reply` existed still
 * parse; and 投递失败 shows each kind the way staff need it.
 */
import { createOutreach } from '../../../bot/jobs/outreach';
import { loadCampaign } from '../../../domain/campaign';
import { silentLogger } from '../../../domain/logger';
import { fixedClock } from '../../../domain/time';
import { handleTurn } from '../../../handlers/router';
import { makeKeys, type Keys } from '../../../store/keys';
import type { RedisClient } from '../../../store/redis';
import { ReminderStore } from '../../../store/reminder-store';
import { FakeProgress } from '../../support/fake-progress';
import { connectTestRedis, deletePrefix, uniquePrefix } from '../../support/redis';

const campaign = loadCampaign('campaigns/xicheng-2016');
let app: RedisClient;
let prefix: string;
let keys: Keys;
let store: ReminderStore;

beforeAll(async () => {
  app = await connectTestRedis();
});
beforeEach(() => {
  prefix = uniquePrefix('dead');
  keys = makeKeys(prefix, campaign.id);
  store = new ReminderStore(app, keys);
});
afterEach(async () => {
  await deletePrefix(app, prefix);
});
afterAll(() => {
  app.disconnect();
});

const at = '2016-07-05T02:00:00.000Z'; // 10:00 in Beijing

async function deadList(): Promise<string> {
  const outreach = createOutreach({
    campaign,
    store,
    producer: () => {
      throw new Error('no queue in this test');
    },
  });
  const deps = { campaign, clock: fixedClock('2016-07-05T10:30:00+08:00', campaign.timezone), logger: silentLogger, progress: new FakeProgress(campaign), outreach };
  const [reply] = await handleTurn({ from: { contactId: 'staff-1' }, text: '投递失败' }, deps);
  return reply!.text;
}

it('keeps replies and proactive messages in one list, newest first; records of the old kinds still parse', async () => {
  // Stored before replies were dead-lettered (always with `attempts`).
  await app.lpush(keys.ns('outreach', 'dead'), JSON.stringify({ messageId: 'rm-old', contactId: 'yuetan-1', kind: 'notice', error: '无法连接飞书', attempts: 5, at }));
  await store.markFailed('bc-1', 'xichangan-1', { messageId: 'bc-1', contactId: 'xichangan-1', kind: 'broadcast', error: '飞书拒绝（code 230013）', attempts: 1, at });
  await store.addDeadLetter({ messageId: 'm:om_1:0', contactId: 'jinrongjie-1', kind: 'reply', error: '飞书拒绝（code 230013，HTTP 400）', at });
  await store.addDeadLetter({ messageId: 'm:om_2:0', contactId: 'ou_unknown_7', kind: 'reply', error: '无法连接飞书，自动重试后仍失败', at });

  const list = await store.deadLetters(10);
  expect(list.map((d) => [d.kind, d.contactId, d.attempts])).toEqual([
    ['reply', 'ou_unknown_7', undefined],
    ['reply', 'jinrongjie-1', undefined],
    ['broadcast', 'xichangan-1', 1],
    ['notice', 'yuetan-1', 5],
  ]);
  // A reply dead letter settles nothing: no delivered/failed marks of any message.
  expect(await store.settledCounts('m:om_1:0')).toEqual({ sent: 0, failed: 0 });

  expect((await deadList()).split('\n')).toEqual([
    '投递失败（最近 4 条）：',
    '- 7月5日 10:00 回复 → 未登记的飞书用户（open_id ou_unknown_7）：无法连接飞书，自动重试后仍失败',
    '- 7月5日 10:00 回复 → 王晓明（金融街街道）：飞书拒绝（code 230013，HTTP 400）',
    '- 7月5日 10:00 广播 → 张伟（西长安街街道）：飞书拒绝（code 230013）（尝试 1 次）',
    '- 7月5日 10:00 通知 → 赵磊（月坛街道）：无法连接飞书（尝试 5 次）',
    '请电话联系这些人员，或检查其飞书账号。',
  ]);
});

it('lists a reply that failed once even when its entry is handled again (its acknowledgement had failed)', async () => {
  const dead = { messageId: 'm:om_9:0', contactId: 'jinrongjie-1', kind: 'reply' as const, error: '飞书拒绝（code 230013，HTTP 400）', at };
  expect(await store.addDeadLetter(dead)).toBe(true);
  expect(await store.addDeadLetter({ ...dead, at: '2016-07-05T02:05:00.000Z' })).toBe(false);
  // Another reply of the same entry is its own failure.
  expect(await store.addDeadLetter({ ...dead, messageId: 'm:om_9:1' })).toBe(true);
  expect((await store.deadLetters(10)).map((d) => [d.messageId, d.at])).toEqual([
    ['m:om_9:1', at],
    ['m:om_9:0', at],
  ]);
  expect((await deadList()).split('\n')[0]).toBe('投递失败（最近 2 条）：');
});

it('bounds the list like markFailed does (1000 newest) and lets it expire', async () => {
  const pipe = app.pipeline();
  const key = keys.ns('outreach', 'dead');
  for (let i = 0; i < 1000; i++) pipe.lpush(key, JSON.stringify({ messageId: `old-${i}`, contactId: 'yuetan-1', kind: 'reminder', error: 'x', attempts: 5, at }));
  await pipe.exec();
  await store.addDeadLetter({ messageId: 'm:om_new:0', contactId: 'jinrongjie-1', kind: 'reply', error: '飞书拒绝（code 230013，HTTP 400）', at });
  expect(await app.llen(key)).toBe(1000);
  expect((await store.deadLetters(1))[0]?.messageId).toBe('m:om_new:0');
  expect(await app.lindex(key, -1)).toContain('"old-1"');
  expect(await app.ttl(key)).toBeGreaterThan(199 * 86_400);
});
