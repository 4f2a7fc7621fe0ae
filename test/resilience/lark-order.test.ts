/**
 * Lark answering 429, 5xx or not at all while one person sends several messages in a row: every reply is
 * retried and arrives exactly once, in the order the messages were sent; another person's replies are not
 * held up behind the failures. A webhook re-delivered by Lark during the trouble is answered once.
 * (Single-message retries of each failure kind: test/lark/sending.test.ts.)
 */
import { messageText } from '../support/fake-lark';
import { startStack, type Stack } from '../support/lark-harness';
import { messageEvent } from '../support/lark-webhook';
import { waitFor } from '../support/wait';

const KEY = 'order-key';
const A = 'ou_jinrongjie_1';
const B = 'ou_jinrongjie_2';

describe('replies to one person through Lark failures', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ encryptKey: KEY, httpTimeoutMs: 300 });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('arrive once each and in order while Lark answers 429, 5xx and nothing', async () => {
    const has = (marker: string) => (req: { body: Record<string, unknown> }) => String(req.body.content).includes(marker);
    // Each reply of A meets its own trouble (at most 3 failures: the 4th attempt goes through).
    s.fake.failNext({ status: 429, resetSec: 1 }, has('第1/7题'));
    s.fake.failNext({ hang: true }, has('第1/7题'));
    s.fake.failNext({ status: 503 }, has('已记录：3个'));
    s.fake.failNext({ status: 500 }, has('已记录：3个'));
    s.fake.failNext({ status: 502 }, has('已记录：3个'));
    s.fake.failNext({ hang: true }, has('已记录：2个'));
    s.fake.failNext({ status: 429, resetSec: 0 }, has('已记录：2个'));
    s.fake.failNext({ status: 400, code: 230020 }, has('已记录：已全部定级'));

    const texts = ['自查 等级保护', '3个', '两个', '已全部定级'];
    const events = texts.map((text, i) => messageEvent({ openId: A, text, messageId: `om_order_${i}` }));
    for (const ev of events) expect((await s.post(ev)).status).toBe(200);
    // Lark re-delivers the second message (it saw no 200 in time): a new event id, same message id.
    const redelivered = { ...events[1]!, header: { ...(events[1]!.header as object), event_id: 'ev_redelivered' } };
    expect((await s.post(redelivered)).status).toBe(200);
    // Someone else writes meanwhile.
    expect((await s.post(messageEvent({ openId: B, text: '帮助' }))).status).toBe(200);

    await waitFor(() => s.fake.messages.filter((m) => m.target === A).length >= 4, 15_000);
    await waitFor(async () => (await s.svc.inbox.pendingCount()) === 0, 5000);
    await new Promise((r) => setTimeout(r, 300));

    const toA = s.fake.messages.filter((m) => m.target === A).map(messageText);
    expect(toA).toHaveLength(4);
    const markers = ['第1/7题', '已记录：3个', '已记录：2个', '已记录：已全部定级'];
    markers.forEach((m, i) => expect(toA[i]).toContain(m));
    expect(toA[3]).toContain('第4/7题');
    // B was answered once, and not after all of A's troubles (the 1 s rate-limit wait alone delays A).
    const toB = s.fake.messages.filter((m) => m.target === B);
    expect(toB).toHaveLength(1);
    expect(s.fake.messages.indexOf(toB[0]!)).toBeLessThan(s.fake.messages.length - 1);
    // Every scripted failure was met (8 failed attempts + 5 deliveries).
    expect(s.fake.sendAttempts).toBe(13);
    expect(s.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
