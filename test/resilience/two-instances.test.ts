/**
 * Two bot instances (two express servers + two inbox workers) on one Redis prefix, behind one Lark app:
 * Lark may deliver the same event to both (a retry landing on the other instance); each event is answered
 * exactly once. A person's quick messages spread over both instances are answered once each, in order, also
 * when the instance holding the older message died (the newer one waits until the older is taken over).
 * (Reminders with two instances: test/integration/reminders/jobs.test.ts "two instances running the
 * repeatable sweep send each reminder once", and sweep.test.ts "two sweeps in parallel, and re-runs".)
 */
import { FakeLark, messageText } from '../support/fake-lark';
import { startStack, type Stack } from '../support/lark-harness';
import { messageEvent } from '../support/lark-webhook';
import { waitFor } from '../support/wait';

const KEY = 'two-key';

describe('two instances on one Redis', () => {
  let fake: FakeLark;
  let a: Stack;
  let b: Stack;
  beforeAll(async () => {
    fake = await new FakeLark().start();
    a = await startStack({ encryptKey: KEY, fake, consumer: 'host-a', worker: { concurrency: 1 } });
    b = await startStack({ encryptKey: KEY, fake, consumer: 'host-b', prefix: a.prefix, appId: a.appId });
  });
  afterAll(async () => {
    await b.stop({ cleanup: false });
    await a.stop();
    await fake.close();
  });
  const drained = () => waitFor(async () => (await a.svc.inbox.pendingCount()) === 0 && (await a.svc.inbox.length()) === 0, 10_000);

  it('answers an event delivered to both instances once', async () => {
    const before = fake.messages.length;
    const people = ['ou_jinrongjie_2', 'ou_staff_1', 'ou_staff_2', 'ou_unknown_person'];
    const events = people.flatMap((openId) => [1, 2, 3].map((i) => messageEvent({ openId, text: i === 2 ? '进度' : '帮助', messageId: `om_two_${openId}_${i}` })));
    // Each event reaches both instances at the same time; a Lark retry has a new event id.
    await Promise.all(
      events.flatMap((ev) => [a.post(ev), b.post({ ...ev, header: { ...(ev.header as object), event_id: `${String((ev.header as { event_id: string }).event_id)}_retry` } })]),
    ).then((res) => res.forEach((r) => expect(r.status).toBe(200)));
    await fake.waitForMessages(before + events.length, 10_000);
    await drained();
    await new Promise((r) => setTimeout(r, 300));
    const sent = fake.messages.slice(before);
    expect(sent).toHaveLength(events.length);
    for (const openId of people) expect(sent.filter((m) => m.target === openId)).toHaveLength(3);
    // Both instances did work, and no turn ran twice.
    expect(a.turns.length + b.turns.length).toBe(events.length);
  });

  it("answers one person's quick messages spread over both instances once each, in order", async () => {
    const before = fake.messages.length;
    // Instance A is slow (a loaded host): B gets the next message while A is still on the previous one.
    const orig = a.core.runTurn;
    Object.assign(a.core, { runTurn: async (...args: Parameters<typeof orig>) => (await new Promise((r) => setTimeout(r, 200)), orig(...args)) });
    try {
      const texts = ['自查 等级保护', '3个', '两个', '已全部定级', '有'];
      const events = texts.map((text, i) => messageEvent({ openId: 'ou_jinrongjie_1', text, messageId: `om_seq_${i}` }));
      // The first message is taken by A; the second reaches B while A is still working on the first.
      await b.svc.worker.stop();
      expect((await a.post(events[0])).status).toBe(200);
      await waitFor(() => a.turns.some((t) => t.text === texts[0]));
      await b.svc.worker.start();
      for (const [i, ev] of events.slice(1).entries()) expect((await (i % 2 === 0 ? b : a).post(ev)).status).toBe(200);
      await waitFor(() => fake.messages.slice(before).length >= texts.length, 10_000);
      await drained();
      const got = fake.messages.slice(before).map(messageText);
      expect(got).toHaveLength(texts.length);
      ['第1/7题', '已记录：3个', '已记录：2个', '已记录：已全部定级', '已记录：是'].forEach((m, i) => expect(got[i]).toContain(m));
      expect(got[4]).toContain('第5/7题');
      // Both instances took part.
      expect(b.turns.some((t) => t.text === texts[1])).toBe(true);
    } finally {
      Object.assign(a.core, { runTurn: orig });
    }
  });

  it("keeps a person's order when the instance holding the older message died", async () => {
    const dead = await startStack({ encryptKey: KEY, fake, consumer: 'host-dead', startWorker: false });
    await dead.svc.inbox.ensureGroup();
    const before = fake.messages.length;
    expect((await dead.post(messageEvent({ openId: 'ou_jinrongjie_2', text: '自查 应急管理', messageId: 'om_dead_1' }))).status).toBe(200);
    expect(await dead.svc.inbox.readNew('host-dead', 10, 100)).toHaveLength(1);
    await dead.stop({ cleanup: false });

    const live = await startStack({ encryptKey: KEY, fake, consumer: 'host-live', prefix: dead.prefix, worker: { claimIdleMs: 300, claimIntervalMs: 200, orderWaitMs: 500 } });
    try {
      expect((await live.post(messageEvent({ openId: 'ou_jinrongjie_2', text: '是', messageId: 'om_dead_2' }))).status).toBe(200);
      await fake.waitForMessages(before + 2, 10_000);
      const got = fake.messages.slice(before).map(messageText);
      expect(got).toHaveLength(2);
      expect(got[0]).toContain('【应急管理】第1/8题');
      expect(got[1]).toContain('已记录：是');
      expect(got[1]).toContain('第2/8题');
    } finally {
      await live.stop();
    }
  });
});
