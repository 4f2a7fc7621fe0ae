/**
 * One bot under benchmark, in its own process (so the load generator and the fake Lark do not share its
 * event loop, and its peak RSS is its own): `full` = the real Lark service (bot/lark/lark-service.ts: express,
 * connector, durable inbox, worker, the shared core with the 1,000-contact mix campaign); `baseline` = the
 * bare Bottender echo bot (bench/baseline.ts). Send limiters off; logging silent.
 *
 * Parent ↔ child over IPC, request/response by `id`: `{ cmd: 'wait', n }` answers once `n` events are fully
 * handled (all replies acknowledged by the fake); `{ cmd: 'stats' }` answers handled count, RSS now and peak
 * (sampled every 50 ms); `{ cmd: 'resetPeak' }`. The child sends `{ url }` once listening.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { loadConfig } from '../bot/config';
import { createCore } from '../bot/core';
import { createLarkClient } from '../bot/lark/lark-client';
import { createLarkService } from '../bot/lark/lark-service';
import { LarkSender } from '../bot/lark/sender';
import { listen } from '../bot/lark/server';
import { silentLogger } from '../domain/logger';
import { LarkCardStore } from '../store/lark-card-store';
import { makeKeys } from '../store/keys';
import { createRedis, waitReady } from '../store/redis';
import { createBaselineBot } from './baseline';
import { mixCampaign } from './inbound-mix';

export type BotMode = 'full' | 'baseline';

export interface BotSpec {
  mode: BotMode;
  redisUrl: string;
  larkUrl: string;
  encryptKey: string;
  prefix: string;
  /**
   * Experiment (`npm run bench -- --autopipeline`): turn on ioredis auto-pipelining for the app connection,
   * so commands issued in the same tick share one socket write. Production (store/redis.ts) does not.
   */
  autoPipeline?: boolean;
  /** Experiment: replace the core's turn with an echo of the text, to measure the Lark plumbing alone. */
  echoTurn?: boolean;
  /** Extra node flags for the child, e.g. `--cpu-prof`. */
  execArgv?: string[];
}

export interface BotStats {
  handled: number;
  rssMb: number;
  peakRssMb: number;
  /** GC pauses since start: the longest, and how many took over 20 ms. */
  gcMaxMs: number;
  gcOver20: number;
  /** CPU time (user + system) the process used since it started, ms. */
  cpuMs: number;
  /** Event-loop delay since the last `resetPeak` (10 ms resolution): the longest and the 99th percentile, ms. */
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
}

export interface BotProcess {
  mode: BotMode;
  url: string;
  pid: number;
  /** Resolves with the handled count once `n` events are handled, or after `timeoutMs` (default 60 s) regardless. */
  wait(n: number, timeoutMs?: number): Promise<number>;
  stats(): Promise<BotStats>;
  resetPeak(): Promise<void>;
  close(): Promise<void>;
}

export async function startBotProcess(spec: BotSpec): Promise<BotProcess> {
  const child: ChildProcess = fork(__filename, ['--child', JSON.stringify(spec)], {
    execArgv: ['--import', 'tsx', ...(spec.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${spec.mode} bot process exited (${code})`)));
  });
  let seq = 0;
  const pending = new Map<number, (v: unknown) => void>();
  child.on('message', (m) => {
    const { id, value } = m as { id: number; value: unknown };
    pending.get(id)?.(value);
    pending.delete(id);
  });
  const call = <T>(msg: Record<string, unknown>) =>
    new Promise<T>((resolve) => {
      const id = ++seq;
      pending.set(id, resolve as (v: unknown) => void);
      child.send({ ...msg, id });
    });
  return {
    mode: spec.mode,
    url,
    pid: child.pid ?? 0,
    wait: (n, timeoutMs = 60_000) => call<number>({ cmd: 'wait', n, timeoutMs }),
    stats: () => call<BotStats>({ cmd: 'stats' }),
    resetPeak: () => call<void>({ cmd: 'resetPeak' }),
    // SIGINT lets the child stop cleanly (and write its --cpu-prof file).
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ cmd: 'stop', id: 0 });
      }),
  };
}

async function runChild(spec: BotSpec): Promise<void> {
  const campaign = mixCampaign();
  const keys = makeKeys(spec.prefix, campaign.id);
  const redis = createRedis(spec.redisUrl, { name: `bench-${spec.mode}` });
  const readerRedis = createRedis(spec.redisUrl, { name: `bench-${spec.mode}-reader` });
  await Promise.all([waitReady(redis), waitReady(readerRedis)]);
  if (spec.autoPipeline) (redis.options as { enableAutoPipelining?: boolean }).enableAutoPipelining = true;
  const logger = silentLogger;
  let handled: () => number;
  let app;
  let stopWorker = async () => undefined as void;
  if (spec.mode === 'full') {
    // As `serve` wires it: the service first, then the core with the service's file sender and typed options.
    const svc = createLarkService({
      appId: 'cli_bench_full',
      appSecret: 'secret',
      domain: spec.larkUrl,
      encryptKey: spec.encryptKey,
      sendRate: 0,
      sendRatePerUser: 0,
      runTurn: spec.echoTurn ? async (inbound) => [{ text: inbound.text ?? '' }] : (inbound) => core.runTurn(inbound),
      redis,
      readerRedis,
      keys,
      logger,
      consumer: `bench-${process.pid}`,
      httpTimeoutMs: 5000,
      worker: { concurrency: 32, blockMs: 200 },
    });
    const core = createCore({ config: loadConfig({}), campaign, redis, keys, logger, defaultNow: 'demo', files: svc.files, typedOptions: svc.typedOptions });
    await svc.worker.start();
    app = svc.app;
    handled = () => svc.worker.handled;
    stopWorker = () => svc.worker.stop();
  } else {
    const client = createLarkClient({ appId: 'cli_bench_base', appSecret: 'secret', domain: spec.larkUrl, logger, timeoutMs: 5000 });
    const sender = new LarkSender({ client, cards: new LarkCardStore(redis, keys), logger, rate: 0, ratePerUser: 0 });
    const bot = createBaselineBot({ encryptKey: spec.encryptKey, redis, keys, sender, logger });
    app = bot.app;
    handled = bot.handled;
  }
  const server: Server = await listen(app, 0, '127.0.0.1');
  const addr = server.address();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const mb = (b: number) => Math.round(b / 1048576);
  const gc = { max: 0, over20: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.max = Math.max(gc.max, e.duration);
      if (e.duration > 20) gc.over20++;
    }
  }).observe({ entryTypes: ['gc'] });
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const reply = (id: number, value?: unknown) => process.send?.({ id, value });

  process.on('message', (m) => {
    const msg = m as { cmd: string; id: number; n?: number; timeoutMs?: number };
    if (msg.cmd === 'stats') return reply(msg.id, { handled: handled(), rssMb: mb(process.memoryUsage().rss), peakRssMb: mb(Math.max(peak, process.memoryUsage().rss)), gcMaxMs: Math.round(gc.max), gcOver20: gc.over20, cpuMs: cpuMs(), loopDelayMaxMs: Math.round(loop.max / 1e6), loopDelayP99Ms: Math.round(loop.percentile(99) / 1e6) });
    if (msg.cmd === 'resetPeak') {
      peak = process.memoryUsage().rss;
      loop.reset();
      return reply(msg.id);
    }
    if (msg.cmd === 'wait') {
      const deadline = Date.now() + (msg.timeoutMs ?? 60_000);
      const check = () => {
        if (handled() >= (msg.n ?? 0) || Date.now() > deadline) return reply(msg.id, handled());
        setTimeout(check, 1);
      };
      return check();
    }
    if (msg.cmd === 'stop') {
      clearInterval(sampler);
      server.closeAllConnections();
      server.close();
      void stopWorker().then(() => {
        redis.disconnect();
        readerRedis.disconnect();
        process.exit(0);
      });
    }
  });
  // Never outlive the load generator.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
}

if (process.argv[2] === '--child') {
  runChild(JSON.parse(process.argv[3] as string) as BotSpec).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
