/**
 * Sending through Lark's failures: 429 with reset, 5xx, 230020, a hanging request, a final failure; and the
 * tenant token shared through Redis by several instances.
 */
import { startStack, type Stack } from '../support/lark-harness';
import { messageEvent } from '../support/lark-webhook';

const KEY = 'sending-key';

describe('Lark sending through failures', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ encryptKey: KEY, httpTimeoutMs: 300 });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('waits out a 429 (x-ogw-ratelimit-reset), then 5xx, 230020 and a hang, and still answers', async () => {
    s.fake.failNext({ status: 429, resetSec: 1 });
    const t0 = Date.now();
    await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }));
    await s.fake.waitForMessages(1, 5000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(s.fake.sendAttempts).toBe(2);
    expect(s.logger.entries.some((e) => e.msg === 'lark send retry' && (e.obj as { larkCode?: number }).larkCode === 99991400)).toBe(true);

    s.fake.failNext({ status: 503 });
    s.fake.failNext({ status: 400, code: 230020 });
    s.fake.failNext({ hang: true });
    await s.post(messageEvent({ openId: 'ou_jinrongjie_2', text: '帮助' }));
    await s.fake.waitForMessages(2, 5000);
    expect(s.fake.sendAttempts).toBe(6);
    expect(s.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('logs a final failure with the Lark code and carries on with the next message', async () => {
    const before = s.fake.messages.length;
    // A refused card falls back to text; the text is refused too (the bot is not in the chat).
    s.fake.failNext({ status: 400, code: 230002 });
    s.fake.failNext({ status: 400, code: 230002 });
    await s.post(messageEvent({ openId: 'ou_staff_1', text: '帮助' }));
    for (let i = 0; i < 100 && !s.logger.entries.some((e) => e.level === 'error'); i++) await new Promise((r) => setTimeout(r, 50));
    const err = s.logger.entries.find((e) => e.level === 'error');
    expect(err?.msg).toBe('Lark reply could not be sent');
    expect((err?.obj as { larkCode?: number }).larkCode).toBe(230002);
    await s.post(messageEvent({ openId: 'ou_staff_1', text: '帮助' }));
    await s.fake.waitForMessages(before + 1);
    for (let i = 0; i < 40 && (await s.svc.inbox.pendingCount()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await s.svc.inbox.pendingCount()).toBe(0);
  });

  it('shares one tenant token through Redis with another instance of the same app', async () => {
    expect(s.fake.tokenRequests).toBe(1);
    const keys = await s.redis.keys(`${s.prefix}:*lark-token*`);
    expect(keys).toHaveLength(1);
    // Cached until expire − 3 min (7200 s − 180 s).
    expect(await s.redis.pttl(keys[0]!)).toBeGreaterThan((7200 - 200) * 1000);
    const b = await startStack({ fake: s.fake, prefix: s.prefix, appId: s.appId, consumer: 'other-instance' });
    const before = s.fake.messages.length;
    await b.svc.sender.sendReply({ to: { openId: 'ou_staff_2' }, reply: { text: '通知' } });
    await s.fake.waitForMessages(before + 1);
    expect(s.fake.tokenRequests).toBe(1);
    await b.stop({ cleanup: false });
  });
});
