/**
 * Proactive messages (reminders, broadcasts, notices) go through the BullMQ outbound queue and the real
 * LarkSender. While Lark answers 429, 5xx or nothing for a while, several messages queued for one person
 * are retried and arrive exactly once each, in the order they were queued; other people are not held up.
 * (Dead letters after final failures, and a killed worker: test/integration/reminders/broadcast.test.ts.)
 */
import type { Worker } from 'bullmq';
import { createOutboundWorker, OutboundProducer, type OutboundJob } from '../../bot/jobs/outbound';
import { messageText } from '../support/fake-lark';
import { startStack, testCampaign, type Stack } from '../support/lark-harness';
import { connectTestRedis, deletePrefix } from '../support/redis';
import { waitFor } from '../support/wait';
import { makeKeys } from '../../store/keys';
import type { RedisClient } from '../../store/redis';
import { ReminderStore } from '../../store/reminder-store';

const A = 'ou_jinrongjie_1';

describe('proactive messages through Lark failures', () => {
  let s: Stack;
  let qconn: RedisClient;
  let producer: OutboundProducer;
  let worker: Worker;
  let store: ReminderStore;

  beforeAll(async () => {
    s = await startStack({ encryptKey: 'outbound-key', httpTimeoutMs: 300, startWorker: false });
    qconn = await connectTestRedis('queue');
    const bull = `${s.prefix}-bull`;
    store = new ReminderStore(s.redis, makeKeys(s.prefix, testCampaign().id));
    producer = new OutboundProducer(qconn, { prefix: bull, attempts: 3, backoffMs: 50 });
    worker = createOutboundWorker({ connection: qconn, prefix: bull, sender: s.svc.sender, store, logger: s.logger, rate: 0, attempts: 3, backoffMs: 50 });
  });
  afterAll(async () => {
    await worker.close();
    await producer.close();
    await deletePrefix(s.redis, `${s.prefix}-bull`);
    qconn.disconnect();
    await s.stop();
  });

  it('arrive once each and in order per person while Lark answers 429, 5xx and nothing', async () => {
    const has = (marker: string) => (req: { body: Record<string, unknown> }) => String(req.body.content).includes(marker);
    s.fake.failNext({ status: 429, resetSec: 1 }, has('提醒一'));
    s.fake.failNext({ status: 503 }, has('提醒一'));
    s.fake.failNext({ hang: true }, has('通知二'));
    s.fake.failNext({ status: 502 }, has('通知二'));
    s.fake.failNext({ status: 400, code: 230020 }, has('广播三'));
    const job = (messageId: string, kind: OutboundJob['kind'], openId: string, contactId: string, text: string): OutboundJob => ({ messageId, contactId, kind, to: { openId }, reply: { text } });
    await producer.enqueue([
      job('r-1', 'reminder', A, 'jinrongjie-1', '提醒一：请于7月8日前完成自查。'),
      job('n-2', 'notice', A, 'jinrongjie-1', '通知二：检查组将于下周到访。'),
      job('b-3', 'broadcast', A, 'jinrongjie-1', '广播三：请报送纸质材料。'),
      job('b-3', 'broadcast', 'ou_staff_2', 'staff-2', '广播三：请报送纸质材料。'),
    ]);
    // A re-queued message (e.g. a sweep re-run) is not sent again.
    await producer.enqueue([job('r-1', 'reminder', A, 'jinrongjie-1', '提醒一：请于7月8日前完成自查。')]);

    await waitFor(() => s.fake.messages.length >= 4, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    const toA = s.fake.messages.filter((m) => m.target === A).map(messageText);
    expect(toA).toEqual([expect.stringContaining('提醒一'), expect.stringContaining('通知二'), expect.stringContaining('广播三')]);
    const staff = s.fake.messages.filter((m) => m.target === 'ou_staff_2');
    expect(staff).toHaveLength(1);
    // The other person was not held up behind A's 1 s rate-limit wait.
    expect(s.fake.messages.indexOf(staff[0]!)).toBeLessThan(s.fake.messages.length - 1);
    expect(s.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
