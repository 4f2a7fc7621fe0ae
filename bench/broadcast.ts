/**
 * Bench: a broadcast to 10,000 recipients through the outbound queue (BullMQ limiter at a bench rate,
 * default 2,000/s) and the real LarkSender against the fake Lark Open API on loopback
 * (test/support/fake-lark.ts in a child process, which de-duplicates `uuid` like Lark). Reports achieved ÷ configured rate
 * (from "confirm" to the last message, fan-out included), duplicates (requests Lark had to drop by uuid)
 * and lost recipients. `npx tsx bench/broadcast.ts [recipients] [rate] [lark|memory]`.
 */
import { createLarkClient } from '../bot/lark/lark-client';
import { LarkSender } from '../bot/lark/sender';
import { broadcastCompletion } from '../bot/jobs/jobs';
import { createOutboundWorker, OutboundProducer } from '../bot/jobs/outbound';
import { createOutreach } from '../bot/jobs/outreach';
import { silentLogger } from '../domain/logger';
import { makeKeys } from '../store/keys';
import { LarkCardStore } from '../store/lark-card-store';
import { ReminderStore } from '../store/reminder-store';
import { bigCampaign } from '../test/support/big-campaign';
import { CountingSender } from '../test/support/counting-sender';
import { startFakeLarkProcess } from './fake-lark-process';
import { benchRedis } from './support';

export interface BroadcastBench {
  broadcast_rate_ratio: number;
  broadcast_duplicates: number;
  broadcast_lost: number;
  /** Extra detail for the printout. */
  recipients: number;
  rate: number;
  seconds: number;
  /** Sends repeated after a timeout or crash that Lark de-duplicated by uuid (not seen twice). */
  uuid_resends: number;
}

/**
 * `sender: 'lark'` (default) = the real LarkSender over HTTP to the fake Lark process; `'memory'` = a
 * counting in-process sender (isolates the queue and limiter from the HTTP path).
 */
export async function benchBroadcast(recipients = 10_000, rate = 2_000, sender: 'lark' | 'memory' = 'lark'): Promise<BroadcastBench> {
  const campaign = bigCampaign(recipients);
  const r = await benchRedis('broadcast');
  const fake = await startFakeLarkProcess();
  const keys = makeKeys(r.prefix, campaign.id);
  const store = new ReminderStore(r.app, keys);
  const bull = `${r.prefix}-bull`;
  const producer = new OutboundProducer(r.queue, { prefix: bull, rate, attempts: 3, backoffMs: 100 });
  const client = createLarkClient({ appId: 'cli_bench', appSecret: 'secret', domain: fake.url, logger: silentLogger, timeoutMs: 5000 });
  // Rate limiting is the queue's job here; the sender's own limiters are off, its retries left to BullMQ.
  const memory = new CountingSender();
  const larkSender = new LarkSender({ client, cards: new LarkCardStore(r.app, keys), logger: silentLogger, rate: 0, ratePerUser: 0, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } });
  const worker = createOutboundWorker({ connection: r.queue, prefix: bull, sender: sender === 'lark' ? larkSender : memory, store, logger: silentLogger, rate, concurrency: 100, attempts: 3, onSettled: broadcastCompletion(store, producer, campaign) });
  const outreach = createOutreach({ campaign, store, producer: () => producer });
  const contactIds = campaign.contacts.filter((c) => c.role === 'contact').map((c) => c.id);
  try {
    const t0 = Date.now();
    await outreach.startBroadcast({ id: 'bc-bench-1', createdBy: 'staff-1', audienceLabel: '全部单位', unitIds: [], contactIds, text: '压力测试：请各单位按时报送自查报告。', createdAt: new Date().toISOString() });
    const deadline = t0 + Math.max(60_000, (recipients / Math.max(rate, 1)) * 4000);
    const settled = async () => {
      const st = await store.broadcastStatus('bc-bench-1');
      return st !== undefined && st.sent + st.failed >= recipients;
    };
    while (!(await settled()) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
    const seconds = (Date.now() - t0) / 1000;
    const stats = sender === 'lark' ? await fake.stats() : { sendAttempts: memory.calls, targets: memory.deliveries.map((d) => d.openId) };
    const got = new Set(stats.targets);
    const lost = contactIds.filter((id) => !got.has(campaign.contact(id)!.openId!)).length;
    // A duplicate is a person who sees the message twice; resends Lark dropped by uuid are counted apart.
    const duplicates = stats.targets.length - got.size;
    const achieved = stats.targets.length / seconds;
    return {
      broadcast_rate_ratio: rate > 0 ? Number((achieved / rate).toFixed(3)) : 1,
      broadcast_duplicates: duplicates,
      broadcast_lost: lost,
      recipients,
      rate,
      seconds: Number(seconds.toFixed(2)),
      uuid_resends: stats.sendAttempts - stats.targets.length,
    };
  } finally {
    await worker.close();
    await producer.close();
    await fake.close();
    await r.close();
  }
}

if (require.main === module) {
  const [n, rate] = process.argv.slice(2, 4).map(Number);
  void benchBroadcast(n || undefined, rate || undefined, process.argv[4] === 'memory' ? 'memory' : 'lark').then((res) => console.log(JSON.stringify(res)));
}
