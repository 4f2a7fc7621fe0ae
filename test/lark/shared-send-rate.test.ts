/**
 * LARK_SEND_RATE holds for all instances together: two services built by createLarkService (two "instances"
 * on one Redis prefix and one Lark app) draw from one app bucket in Redis. Time is the injected clock of the
 * shared limiter; assertions are on the reservations (a spy on the limiter) and the bucket, never on elapsed time.
 */
import { createOutboundWorker, OutboundProducer, type OutboundJob } from '../../bot/jobs/outbound';
import { StoreUnavailableError } from '../../domain/errors';
import { makeKeys } from '../../store/keys';
import { ReminderStore } from '../../store/reminder-store';
import { RedisRateLimiter } from '../../store/send-rate-limiter';
import { startStack, testCampaign, type Stack } from '../support/lark-harness';
import { messageEvent } from '../support/lark-webhook';
import { connectTestRedis, deletePrefix } from '../support/redis';
import { waitFor } from '../support/wait';

const T0 = 1_700_000_000_000;

describe('shared Lark app send limit', () => {
  let reserve: jest.SpyInstance<Promise<number>, [string]>;
  beforeEach(() => {
    reserve = jest.spyOn(RedisRateLimiter.prototype, 'reserve');
  });
  afterEach(() => {
    reserve.mockRestore();
  });

  /** The waits the limiter handed out, in call order, and the limiter instance of each call. */
  async function reservations(): Promise<{ waits: number[]; limiters: unknown[] }> {
    return { waits: await Promise.all(reserve.mock.results.map((r) => r.value as Promise<number>)), limiters: reserve.mock.contexts };
  }

  it('two instances at LARK_SEND_RATE=3 share 3 tokens a second', async () => {
    let now = T0;
    const a = await startStack({ sendRate: 3, sendClock: () => now, startWorker: false });
    const b = await startStack({ fake: a.fake, prefix: a.prefix, appId: a.appId, sendRate: 3, sendClock: () => now, startWorker: false, consumer: 'other-instance' });
    try {
      const send = (s: Stack, n: number) => s.svc.sender.send({ to: { openId: `ou_staff_${n}` }, reply: { text: `通知 ${n}` }, dedupKey: `shared-rate-${n}` });
      await send(a, 1);
      await send(b, 2);
      await send(a, 3);
      // The fourth send of the second: the bucket is empty, one token's time (1/3 s) to wait.
      await send(b, 4);
      let r = await reservations();
      expect(r.waits).toEqual([0, 0, 0, 334]);
      // Two limiter objects (one per instance) on one Redis key.
      expect(r.limiters[0]).not.toBe(r.limiters[1]);
      const [la, lb] = r.limiters as RedisRateLimiter[];
      expect(la!.key('app')).toBe(lb!.key('app'));
      expect(Number(await a.redis.hget(la!.key('app'), 't'))).toBe(-1);
      expect(a.fake.messages).toHaveLength(4);

      // One second later 3 tokens came back, one of which paid the waiter: two go out at once, the third waits.
      now += 1000;
      await send(b, 5);
      await send(a, 6);
      await send(b, 7);
      r = await reservations();
      expect(r.waits.slice(4)).toEqual([0, 0, 334]);
      expect(a.fake.messages).toHaveLength(7);
    } finally {
      await b.stop({ cleanup: false });
      await a.stop();
    }
  });

  it('makes no limiter call at LARK_SEND_RATE=0', async () => {
    const s = await startStack({ sendRate: 0, startWorker: false });
    try {
      await s.svc.sender.send({ to: { openId: 'ou_staff_1' }, reply: { text: '通知' }, dedupKey: 'rate-off-1' });
      expect(s.fake.messages).toHaveLength(1);
      expect(reserve).not.toHaveBeenCalled();
      expect(await s.redis.keys(`${s.prefix}:*send-rate*`)).toEqual([]);
    } finally {
      await s.stop();
    }
  });

  it('leaves a reply pending (not dead-lettered, no text fallback) while the shared bucket is unreachable', async () => {
    const s = await startStack({ encryptKey: 'shared-rate-key', sendRate: 3, worker: { claimIntervalMs: 100 } });
    try {
      reserve.mockRejectedValueOnce(new StoreUnavailableError('Redis unavailable'));
      await s.post(messageEvent({ openId: 'ou_jinrongjie_1', text: '帮助' }));
      const [sent] = await s.fake.waitForMessages(1, 5000);
      // The card itself went out on the retry: the store error did not turn it into numbered text.
      expect(sent?.msgType).toBe('interactive');
      expect(s.logger.entries.some((e) => e.msg === 'Lark event left for retry' && (e.obj as { code?: string }).code === 'STORE_UNAVAILABLE')).toBe(true);
      expect(s.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
      expect(s.logger.entries.some((e) => e.msg === 'card not sent; falling back to text options')).toBe(false);
      expect(s.turns).toHaveLength(1);
      for (let i = 0; i < 40 && (await s.svc.inbox.pendingCount()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await s.svc.inbox.pendingCount()).toBe(0);
      expect(s.fake.messages).toHaveLength(1);
    } finally {
      await s.stop();
    }
  });

  it('draws proactive (BullMQ) messages from the same bucket as replies, and retries a job while the bucket is unreachable', async () => {
    const now = T0;
    const s = await startStack({ sendRate: 3, sendClock: () => now, startWorker: false });
    const qconn = await connectTestRedis('queue');
    const bull = `${s.prefix}-bull`;
    const store = new ReminderStore(s.redis, makeKeys(s.prefix, testCampaign().id));
    // As serve.ts wires it: the outbound worker sends through the service's sender, at LARK_SEND_RATE.
    const producer = new OutboundProducer(qconn, { prefix: bull, rate: 3, attempts: 3, backoffMs: 50 });
    const worker = createOutboundWorker({ connection: qconn, prefix: bull, sender: s.svc.sender, store, logger: s.logger, rate: 3, attempts: 3, backoffMs: 50 });
    try {
      // A chat reply takes the first token.
      await s.svc.sender.sendReply({ to: { openId: 'ou_jinrongjie_1' }, reply: { text: '已记录' }, dedupKey: 'reply-1' });
      // Redis is away for one reservation: that job is retried by BullMQ, not dead-lettered.
      reserve.mockRejectedValueOnce(new StoreUnavailableError('Redis unavailable'));
      const job = (contactId: string, openId: string): OutboundJob => ({ messageId: 'b-shared', contactId, kind: 'broadcast', to: { openId }, reply: { text: '广播：请报送纸质材料。' } });
      await producer.enqueue([job('jinrongjie-1', 'ou_jinrongjie_1'), job('staff-2', 'ou_staff_2')]);
      await waitFor(async () => (await store.settled('b-shared', 'jinrongjie-1')) !== undefined && (await store.settled('b-shared', 'staff-2')) !== undefined, 15_000);
      expect(await store.settled('b-shared', 'jinrongjie-1')).toBe('delivered');
      expect(await store.settled('b-shared', 'staff-2')).toBe('delivered');
      expect(s.fake.messages).toHaveLength(3);
      expect(s.logger.entries.some((e) => e.msg === 'outbound send failed, will retry' && (e.obj as { err?: string }).err === '数据存储（Redis）暂时不可用')).toBe(true);
      expect(s.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
      // One bucket: the reply and the two broadcast messages took its 3 tokens (the failed attempt took none).
      const waits = await Promise.all(reserve.mock.results.filter((r) => r.type === 'return').map((r) => (r.value as Promise<number>).catch(() => 'failed')));
      expect(waits.filter((w) => w === 'failed')).toHaveLength(1);
      expect(waits.filter((w) => w === 0)).toHaveLength(3);
      const limiter = reserve.mock.contexts[0] as RedisRateLimiter;
      expect(Number(await s.redis.hget(limiter.key('app'), 't'))).toBe(0);
      // So the next reply waits one token's time.
      await s.svc.sender.sendReply({ to: { openId: 'ou_staff_3' }, reply: { text: '已记录' }, dedupKey: 'reply-2' });
      expect(await reserve.mock.results.at(-1)?.value).toBe(334);
    } finally {
      await worker.close();
      await producer.close();
      await deletePrefix(s.redis, bull);
      qconn.disconnect();
      await s.stop();
    }
  });
});
