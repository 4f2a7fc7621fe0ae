/**
 * At-least-once in, exactly-once out: a crash after the 200, and re-delivery of half-finished entries.
 */
import { FakeLark, messageText } from '../support/fake-lark';
import { startStack } from '../support/lark-harness';
import { messageEvent } from '../support/lark-webhook';
import { waitFor } from '../support/wait';

const KEY = 'recovery-key';

describe('Lark inbox recovery', () => {
  let fake: FakeLark;
  beforeAll(async () => {
    fake = await new FakeLark().start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('processes an event accepted (200) by a process that died before handling it', async () => {
    const a = await startStack({ encryptKey: KEY, fake, startWorker: false });
    const before = fake.messages.length;
    const res = await a.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }));
    expect(res.status).toBe(200);
    await a.stop({ cleanup: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.messages.length).toBe(before);

    const b = await startStack({ encryptKey: KEY, fake, prefix: a.prefix });
    await fake.waitForMessages(before + 1);
    expect(messageText(fake.messages[before]!)).toContain('王晓明');
    await b.stop();
  });

  it('re-runs an entry a crashed worker had taken, without sending a reply twice', async () => {
    const a = await startStack({ encryptKey: KEY, fake, startWorker: false, consumer: 'host-a' });
    const before = fake.messages.length;
    await a.svc.inbox.ensureGroup();
    await a.post(messageEvent({ openId: 'ou_jinrongjie_2', text: '帮助', messageId: 'om_crash_1' }));
    await a.post(messageEvent({ openId: 'ou_staff_1', text: '帮助', messageId: 'om_crash_2' }));
    // The dead worker had read both; for the second it had computed and sent the reply, but not recorded it.
    const taken = await a.svc.inbox.readNew('host-a', 10, 100);
    expect(taken).toHaveLength(2);
    const second = taken[1]!.entry!;
    const replies = await a.core.runTurn({ from: { openId: second.openId }, text: '帮助' });
    await a.svc.inbox.saveResult(second.key, replies);
    await a.svc.sender.sendReply({ to: { openId: second.openId }, reply: replies[0]!, dedupKey: `${second.key}:0` });
    expect(fake.messages.length).toBe(before + 1);
    await a.stop({ cleanup: false });

    // Restart with the same consumer name: both are finished, the second reply is not duplicated.
    const b = await startStack({ encryptKey: KEY, fake, prefix: a.prefix, consumer: 'host-a' });
    await fake.waitForMessages(before + 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.messages.length).toBe(before + 2);
    expect(fake.messages.slice(before).map((m) => m.target).sort()).toEqual(['ou_jinrongjie_2', 'ou_staff_1']);
    expect(await b.svc.inbox.pendingCount()).toBe(0);
    // The turn already computed was not run again.
    expect(b.turns.filter((t) => t.from.openId === 'ou_staff_1')).toHaveLength(0);
    await b.stop();
  });

  it('takes over entries another instance left pending', async () => {
    const a = await startStack({ encryptKey: KEY, fake, startWorker: false, consumer: 'host-dead' });
    const before = fake.messages.length;
    await a.svc.inbox.ensureGroup();
    await a.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }));
    expect(await a.svc.inbox.readNew('host-dead', 10, 100)).toHaveLength(1);
    await a.stop({ cleanup: false });
    const b = await startStack({ encryptKey: KEY, fake, prefix: a.prefix, consumer: 'host-b', worker: { claimIdleMs: 50, claimIntervalMs: 100 } });
    await fake.waitForMessages(before + 1);
    await b.stop();
  });

  it('does not treat an entry that finished during a recovery read as left over', async () => {
    const s = await startStack({ encryptKey: KEY, fake, startWorker: false, worker: { claimIntervalMs: 0, claimIdleMs: 60_000 } });
    const before = fake.messages.length;
    // The recovery read lists the entry as pending while it is in flight, and answers only after it finished.
    const inbox = s.svc.inbox;
    const read = inbox.readOwnPending.bind(inbox);
    let raced = false;
    inbox.readOwnPending = async (consumer, count) => {
      const pending = await read(consumer, count);
      if (pending.length > 0 && !raced) {
        raced = true;
        await waitFor(() => s.svc.worker.handled >= 1);
      }
      return pending;
    };
    try {
      await s.svc.worker.start();
      await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }));
      await fake.waitForMessages(before + 1);
      await waitFor(() => raced);
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.messages.length).toBe(before + 1);
      expect(s.svc.worker.handled).toBe(1);
      expect(s.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    } finally {
      await s.stop();
    }
  });
});
