/**
 * A real crash during a broadcast: `npm run serve` runs as a child process against a FakeLark and the test
 * Redis; a staff member broadcasts to every unit, the process is SIGKILLed half-way through the fan-out, and
 * a new process finishes it: every recipient has exactly one copy and the broadcaster is told once.
 * (In-process variant with a killed BullMQ worker: test/integration/reminders/broadcast.test.ts.)
 */
import { messageText, FakeLark } from '../support/fake-lark';
import { testCampaign } from '../support/lark-harness';
import { larkRequest, messageEvent } from '../support/lark-webhook';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../support/redis';
import { startServeChild, type ServeChild } from '../support/serve-child';
import { waitFor } from '../support/wait';
import { findFreePort } from '../../store/private-redis';
import type { RedisClient } from '../../store/redis';

jest.setTimeout(60_000);

const KEY = 'kill-bc-key';

async function post(url: string, payload: unknown): Promise<number> {
  const req = larkRequest(payload, { encryptKey: KEY });
  const res = await fetch(`${url}/webhooks/lark`, { method: 'POST', headers: req.headers, body: req.body });
  await res.text();
  return res.status;
}

describe('serve killed with SIGKILL during a broadcast', () => {
  let fake: FakeLark;
  let redis: RedisClient;
  const children: ServeChild[] = [];

  beforeAll(async () => {
    fake = await new FakeLark().start();
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    for (const c of children) await c.kill();
    await fake.close();
    redis.disconnect();
  });

  it('delivers a broadcast killed half-way exactly once to every recipient after a restart', async () => {
    const campaign = testCampaign();
    const bPrefix = uniquePrefix('killbc');
    const bPort = await findFreePort();
    const env = { LARK_SEND_RATE: '15' };
    const startB = async () => {
      const c = await startServeChild({ port: bPort, redisUrl: testRedisUrl(), prefix: bPrefix, larkDomain: fake.url, encryptKey: KEY, env });
      children.push(c);
      return c;
    };
    const before = fake.messages.length;
    const recipients = campaign.contacts.filter((c) => c.role === 'contact' && c.openId).map((c) => c.openId!);
    expect(recipients.length).toBeGreaterThan(30);
    const text = '请各单位于7月8日前报送自查报告纸质版和光盘。';
    const copies = () => {
      const n = new Map<string, number>();
      for (const m of fake.messages.slice(before)) if (messageText(m).includes(text) && !messageText(m).includes('即将广播')) n.set(m.target, (n.get(m.target) ?? 0) + 1);
      return n;
    };
    try {
      const first = await startB();
      expect(await post(first.url, messageEvent({ openId: 'ou_staff_1', text: `广播 全部单位 ${text}` }))).toBe(200);
      await waitFor(() => fake.messages.slice(before).some((m) => messageText(m).includes(`${recipients.length} 位联系人`)), 10_000);
      expect(await post(first.url, messageEvent({ openId: 'ou_staff_1', text: '确认发送' }))).toBe(200);
      // Kill once 10 copies are out, between two sends (the rate limiter paces them at 15/s): a send cut
      // off mid-flight would only be taken over after BullMQ's 30 s lock.
      await waitFor(() => copies().size >= 10, 15_000);
      const active = `${bPrefix}:${campaign.id}:bull:outbound:active`;
      await waitFor(async () => (await redis.llen(active)) === 0, 5000, 5);
      await first.kill();
      const atKill = copies().size;
      expect(atKill).toBeLessThan(recipients.length);

      await startB();
      await waitFor(() => copies().size === recipients.length, 30_000, 100);
      await waitFor(() => fake.messages.slice(before).some((m) => m.target === 'ou_staff_1' && messageText(m).includes('广播发送完成')), 10_000);
      await new Promise((r) => setTimeout(r, 500));
      const n = copies();
      expect([...n.keys()].sort()).toEqual([...recipients].sort());
      expect([...n.values()].every((v) => v === 1)).toBe(true);
      const done = fake.messages.slice(before).filter((m) => m.target === 'ou_staff_1' && messageText(m).includes('广播发送完成'));
      expect(done.map(messageText)).toEqual([`广播发送完成（全部单位）：已发送 ${recipients.length}/${recipients.length}。`]);
    } finally {
      await deletePrefix(redis, bPrefix);
    }
  });
});
