/**
 * A real crash: `npm run serve` runs as a child process against a FakeLark and the test Redis. Events are
 * accepted (200), then the process is SIGKILLed while the replies are still on their way (Lark is not
 * answering the sends). A new process on the same port finishes everything it had accepted: each event is
 * answered exactly once, in order per person, and no turn ran twice (the dialogue is at the right question).
 * (In-process variants of the same recovery: test/lark/recovery.test.ts; a broadcast: process-kill-broadcast.test.ts.)
 */
import { messageText, FakeLark } from '../support/fake-lark';
import { larkRequest, messageEvent } from '../support/lark-webhook';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../support/redis';
import { startServeChild, type ServeChild } from '../support/serve-child';
import { waitFor } from '../support/wait';
import { findFreePort } from '../../store/private-redis';
import type { RedisClient } from '../../store/redis';

jest.setTimeout(60_000);

const KEY = 'kill-key';

async function post(url: string, payload: unknown): Promise<number> {
  const req = larkRequest(payload, { encryptKey: KEY });
  const res = await fetch(`${url}/webhooks/lark`, { method: 'POST', headers: req.headers, body: req.body });
  await res.text();
  return res.status;
}

describe('serve killed with SIGKILL', () => {
  let fake: FakeLark;
  let redis: RedisClient;
  let prefix: string;
  let port: number;
  const children: ServeChild[] = [];

  beforeAll(async () => {
    fake = await new FakeLark().start();
    redis = await connectTestRedis();
    prefix = uniquePrefix('kill');
    port = await findFreePort();
  });
  afterAll(async () => {
    for (const c of children) await c.kill();
    await fake.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const start = async () => {
    const c = await startServeChild({ port, redisUrl: testRedisUrl(), prefix, larkDomain: fake.url, encryptKey: KEY });
    children.push(c);
    return c;
  };

  it('answers every event accepted before the kill exactly once after a restart', async () => {
    const first = await start();
    // Lark stops answering message sends: the first reply of each person hangs until the kill.
    let larkDown = true;
    for (let i = 0; i < 20; i++) fake.failNext({ hang: true }, () => larkDown);

    const script: [string, string][] = [
      ['ou_jinrongjie_1', '自查 等级保护'],
      ['ou_jinrongjie_2', '帮助'],
      ['ou_staff_1', '帮助'],
      ['ou_jinrongjie_1', '3个'],
      ['ou_jinrongjie_2', '自查 应急管理'],
      ['ou_staff_1', '进度'],
    ];
    for (const [i, [openId, text]] of script.entries()) {
      expect(await post(first.url, messageEvent({ openId, text, messageId: `om_kill_${i}` }))).toBe(200);
    }
    await waitFor(() => fake.sendAttempts >= 3, 10_000);
    await first.kill();
    larkDown = false;
    expect(fake.messages).toHaveLength(0);

    const second = await start();
    await waitFor(() => fake.messages.length >= script.length, 20_000);
    // Lark re-delivers one of the accepted events to the new process: still answered once.
    expect(await post(second.url, messageEvent({ openId: 'ou_jinrongjie_1', text: '3个', messageId: 'om_kill_3' }))).toBe(200);
    await new Promise((r) => setTimeout(r, 800));

    const to = (openId: string) => fake.messages.filter((m) => m.target === openId).map(messageText);
    expect(fake.messages).toHaveLength(script.length);
    expect(to('ou_jinrongjie_1')).toEqual([expect.stringContaining('【等级保护】第1/7题'), expect.stringContaining('已记录：3个')]);
    expect(to('ou_jinrongjie_1')[1]).toContain('第2/7题');
    expect(to('ou_jinrongjie_2')).toHaveLength(2);
    expect(to('ou_jinrongjie_2')[1]).toContain('【应急管理】第1/8题');
    expect(to('ou_staff_1')).toHaveLength(2);

    // The dialogue goes on at question 2: "3个" was recorded once, not run again after the restart.
    expect(await post(second.url, messageEvent({ openId: 'ou_jinrongjie_1', text: '两个' }))).toBe(200);
    await fake.waitForMessages(script.length + 1, 10_000);
    const last = messageText(fake.messages[script.length]!);
    expect(last).toContain('已记录：2个');
    expect(last).toContain('第3/7题');
    await second.stop();
  });
});
