/**
 * Lark inbound throughput with the real pipeline: N encrypted, signed webhook events (distinct senders, 32
 * in flight) → express → connector (decrypt, verify) → Bottender Bot → Redis inbox → worker → core turn →
 * SDK Client → fake Lark on loopback, until the fake has recorded every reply. Send limiters are off.
 *
 *   npx tsx bench/lark-inbound.ts [N]        (REDIS_URL, or a private redis-server is started)
 *
 * `runLarkInboundBench` is exported for a combined benchmark.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis } from '../store/private-redis';
import { startStack, testCampaign } from '../test/support/lark-harness';
import { messageEvent } from '../test/support/lark-webhook';

export interface LarkBenchResult {
  events: number;
  concurrency: number;
  seconds: number;
  messagesPerSecond: number;
  /** Median and 95th percentile of HTTP acknowledgement time, ms. */
  ackP50Ms: number;
  ackP95Ms: number;
  /** CPU time of this process per message (bot + fake Lark + load generator; Redis excluded), ms. */
  cpuMsPerMessage: number;
}

export async function runLarkInboundBench(opts: { events?: number; concurrency?: number; redisUrl?: string } = {}): Promise<LarkBenchResult> {
  const n = opts.events ?? 2000;
  const concurrency = opts.concurrency ?? 32;
  let stopRedis: (() => Promise<void>) | undefined;
  if (opts.redisUrl) process.env.INSPECTION_TEST_REDIS_URL = opts.redisUrl;
  if (!process.env.INSPECTION_TEST_REDIS_URL) {
    const server = await startPrivateRedis({ dir: mkdtempSync(join(tmpdir(), 'lark-bench-redis-')), persist: false });
    process.env.INSPECTION_TEST_REDIS_URL = server.url;
    stopRedis = () => server.stop();
  }
  const key = 'bench-encrypt-key';
  const stack = await startStack({ encryptKey: key, sendRate: 0, sendRatePerUser: 0, worker: { concurrency: 32 } });
  const known = testCampaign().contacts.filter((c) => c.openId).map((c) => c.openId as string);
  const senders = Array.from({ length: n }, (_, i) => known[i] ?? `ou_bench_${i}`);

  // Warm up (token fetch, JIT) outside the measurement.
  await stack.post(messageEvent({ openId: 'ou_bench_warmup', text: '帮助' }));
  await stack.fake.waitForMessages(1, 10_000);
  const base = stack.fake.messages.length;

  const acks: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const s = performance.now();
      const res = await stack.post(messageEvent({ openId: senders[i] as string, text: '帮助' }));
      acks.push(performance.now() - s);
      if (res.status !== 200) throw new Error(`event ${i}: HTTP ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await stack.fake.waitForMessages(base + n, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await stack.stop();
  await stopRedis?.();
  acks.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((acks[Math.min(acks.length - 1, Math.floor(acks.length * p))] ?? 0) * 10) / 10;
  return { events: n, concurrency, seconds: Math.round(seconds * 100) / 100, messagesPerSecond: Math.round(n / seconds), ackP50Ms: pct(0.5), ackP95Ms: pct(0.95), cpuMsPerMessage: Math.round(((cpu.user + cpu.system) / 1000 / n) * 100) / 100 };
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 2000);
  runLarkInboundBench({ events: n, redisUrl: process.env.REDIS_URL })
    .then((r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
