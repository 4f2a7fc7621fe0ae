/**
 * The whole Lark channel for tests and the benchmark: real Redis (own prefix), the real SDK Client against a
 * FakeLark on loopback, the express server on an ephemeral port, the inbox worker and the shared core.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { loadConfig } from '../../bot/config';
import { createCore, type Core } from '../../bot/core';
import { createLarkService, replyDeadLetters, type LarkService, type LarkServiceOptions } from '../../bot/lark/lark-service';
import { listen } from '../../bot/lark/server';
import { loadCampaign, type Campaign } from '../../domain/campaign';
import type { Logger } from '../../domain/logger';
import type { Inbound } from '../../handlers/types';
import { makeKeys } from '../../store/keys';
import type { RedisClient } from '../../store/redis';
import { ReminderStore } from '../../store/reminder-store';
import { FakeLark } from './fake-lark';
import { larkRequest } from './lark-webhook';
import { connectTestRedis, deletePrefix, uniquePrefix } from './redis';

export interface LogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  obj: object;
  msg?: string;
}

export function recordingLogger(entries: LogEntry[] = []): Logger & { entries: LogEntry[] } {
  const make = (bindings: object): Logger => ({
    error: (obj, msg) => entries.push({ level: 'error', obj: { ...bindings, ...obj }, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj: { ...bindings, ...obj }, msg }),
    info: (obj, msg) => entries.push({ level: 'info', obj: { ...bindings, ...obj }, msg }),
    debug: () => undefined,
    child: (b) => make({ ...bindings, ...b }),
  });
  return Object.assign(make({}), { entries });
}

let campaignCache: Campaign | undefined;
export function testCampaign(): Campaign {
  campaignCache ??= loadCampaign('campaigns/xicheng-2016');
  return campaignCache;
}

export interface StackOptions {
  encryptKey?: string;
  verificationToken?: string;
  startWorker?: boolean;
  consumer?: string;
  /** Reuse the Redis prefix of an earlier stack ("restart"). */
  prefix?: string;
  fake?: FakeLark;
  sendRate?: number;
  sendRatePerUser?: number;
  /** Clock of the shared send limiter (epoch ms); default Date.now. */
  sendClock?: () => number;
  httpTimeoutMs?: number;
  worker?: LarkServiceOptions['worker'];
  logger?: Logger & { entries: LogEntry[] };
  /** Default: a fresh app id per stack (the SDK's token cache is keyed by app id). */
  appId?: string;
  /** Default: the reminder store's dead-letter list, as `serve` wires it. */
  deadLetters?: LarkServiceOptions['deadLetters'];
}

export interface Stack {
  url: string;
  fake: FakeLark;
  core: Core;
  svc: LarkService;
  prefix: string;
  appId: string;
  encryptKey?: string;
  logger: Logger & { entries: LogEntry[] };
  redis: RedisClient;
  /** Every turn the worker ran, in order. */
  turns: Inbound[];
  post(payload: unknown, opts?: { sign?: boolean; encrypt?: boolean }): Promise<{ status: number; body: unknown }>;
  postRaw(body: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  /** Stop the worker and the server (the fake and Redis keys stay unless `cleanup`). */
  stop(opts?: { cleanup?: boolean; closeFake?: boolean }): Promise<void>;
}

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const campaign = testCampaign();
  const prefix = o.prefix ?? uniquePrefix('lark');
  const keys = makeKeys(prefix, campaign.id);
  const redis = await connectTestRedis();
  const readerRedis = await connectTestRedis();
  const fake = o.fake ?? (await new FakeLark().start());
  const logger = o.logger ?? recordingLogger();
  const config = loadConfig({});
  const turns: Inbound[] = [];
  const appId = o.appId ?? `cli_${randomBytes(8).toString('hex')}`;
  const svc = createLarkService({
    appId,
    appSecret: 'secret',
    domain: fake.url,
    encryptKey: o.encryptKey,
    verificationToken: o.verificationToken,
    sendRate: o.sendRate ?? 0,
    sendRatePerUser: o.sendRatePerUser ?? 0,
    now: o.sendClock,
    runTurn: (inbound) => {
      turns.push(inbound);
      return core.runTurn(inbound);
    },
    redis,
    readerRedis,
    keys,
    logger,
    consumer: o.consumer ?? 'test-consumer',
    httpTimeoutMs: o.httpTimeoutMs ?? 1000,
    retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 3000 },
    deadLetters: o.deadLetters ?? replyDeadLetters(new ReminderStore(redis, keys), campaign),
    worker: { blockMs: 100, ...o.worker },
  });
  // After the service (runTurn reaches the core only once the worker runs), so the core gets the Lark file sender.
  const core = createCore({ config, campaign, redis, keys, logger, defaultNow: 'demo', files: svc.files, typedOptions: svc.typedOptions });
  const server: Server = await listen(svc.app, 0, '127.0.0.1');
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  if (o.startWorker !== false) await svc.worker.start();

  const postRaw = async (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const res = await fetch(`${url}/webhooks/lark`, { method: 'POST', headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the raw text
    }
    return { status: res.status, body: parsed };
  };
  return {
    url,
    fake,
    core,
    svc,
    prefix,
    appId,
    encryptKey: o.encryptKey,
    logger,
    redis,
    turns,
    post(payload, p = {}) {
      const encryptKey = p.encrypt === false ? undefined : o.encryptKey;
      const req = larkRequest(payload, { encryptKey, sign: p.sign });
      return postRaw(req.body, req.headers);
    },
    postRaw,
    async stop(s = {}) {
      await svc.worker.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (s.cleanup !== false) await deletePrefix(redis, prefix);
      if (s.closeFake !== false && !o.fake) await fake.close();
      redis.disconnect();
      readerRedis.disconnect();
    },
  };
}
