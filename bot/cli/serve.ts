/**
 * `npm run serve`: the Lark bot. Webhook mode (default) serves `POST /webhooks/lark` and `GET /healthz` on
 * PORT; `LARK_MODE=ws` receives the same events over the SDK's long connection (the health endpoint still
 * listens on PORT). Events are stored in the Redis inbox before they are acknowledged; the worker here
 * runs the turns and sends the replies. Several instances may share one Redis (see docs/lark.md).
 */
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { loadCampaign } from '../../domain/campaign';
import { makeKeys } from '../../store/keys';
import { createRedis, waitReady } from '../../store/redis';
import { ReminderStore } from '../../store/reminder-store';
import { createCore } from '../core';
import { startJobs, stopJobs } from '../jobs/jobs';
import { createLarkService, fetchBotOpenId, replyDeadLetters } from '../lark/lark-service';
import { listen } from '../lark/server';
import { startWsClient, type WsRunner } from '../lark/ws';
import { createLogger } from '../logger';
import { bootRedis } from '../redis-boot';
import { configFromCli, exitQuietlyOnEpipe, fail, failOnStartError, parseCli } from './common';

async function main(): Promise<void> {
  exitQuietlyOnEpipe();
  const { values } = parseCli({ now: { type: 'string' }, campaign: { type: 'string' } });
  const config = configFromCli({ now: values.now, campaign: values.campaign });
  const { appId, appSecret } = config.lark;
  if (!appId || !appSecret) fail('配置无效 (invalid configuration):\n  LARK_APP_ID: required for serve\n  LARK_APP_SECRET: required for serve');
  const logger = createLogger(config.logLevel);
  let booted;
  let redis;
  let readerRedis;
  let campaign;
  try {
    campaign = loadCampaign(config.campaignPath);
    booted = await bootRedis(config);
    redis = createRedis(booted.url, { name: 'inspection-bot-lark' });
    readerRedis = createRedis(booted.url, { name: 'inspection-bot-lark-inbox', purpose: 'queue' });
    await Promise.all([waitReady(redis), waitReady(readerRedis)]);
  } catch (err) {
    failOnStartError(err);
  }
  const keys = makeKeys(config.redisPrefix, campaign.id);
  // The service first (its runTurn reaches the core only once the worker runs), so the core gets its file sender.
  const svc = createLarkService({
    appId,
    appSecret,
    domain: config.lark.domain,
    encryptKey: config.lark.encryptKey,
    verificationToken: config.lark.verificationToken,
    sendRate: config.lark.sendRate,
    sendRatePerUser: config.lark.sendRatePerUser,
    runTurn: (inbound) => core.runTurn(inbound),
    redis,
    readerRedis,
    keys,
    logger,
    // Stable per host and port: a restarted instance finishes its own unacknowledged events at once.
    consumer: `${hostname()}:${config.port}`,
    // Replies that finally cannot be sent join the reminders' dead letters (staff: 投递失败). A store object on the
    // same connection (the core's own is not exposed; it is a thin wrapper, no extra connection).
    deadLetters: replyDeadLetters(new ReminderStore(redis, keys), campaign),
  });
  const core = createCore({ config, campaign, redis, keys, logger, defaultNow: 'system', files: svc.files, typedOptions: svc.typedOptions });
  if (config.lark.mode === 'webhook' && !config.lark.encryptKey) {
    logger.warn(
      { verificationToken: Boolean(config.lark.verificationToken) },
      'LARK_ENCRYPT_KEY is not set: webhook requests are not signed, so anyone who knows the URL can post events. Set an Encrypt Key in the console.',
    );
  }
  svc.connector.setBotOpenId(await fetchBotOpenId(svc.client, logger));
  await svc.worker.start();
  // Reminders and broadcasts: the outbound queue (rate-limited at LARK_SEND_RATE) and the reminder sweep. They
  // go out through svc.sender, so they draw from the same shared app bucket in Redis as the chat replies.
  if (core.deps.progress) {
    await startJobs({ redisUrl: booted.url, keys, campaign, progress: core.deps.progress, sender: svc.sender, logger, clock: core.clock, rate: config.lark.sendRate });
  }

  let ws: WsRunner | undefined;
  let server: Server;
  try {
    server = await listen(svc.app, config.port);
  } catch (err) {
    fail(`无法监听端口 ${config.port} (cannot listen): ${err instanceof Error ? err.message : String(err)}`);
  }
  if (config.lark.mode === 'ws') {
    ws = startWsClient({ appId, appSecret, domain: config.lark.domain, dispatcher: svc.dispatcher, logger });
  }
  logger.info(
    { mode: config.lark.mode, port: config.port, domain: config.lark.domain, redis: booted.origin, clock: core.clockOrigin, encrypted: Boolean(config.lark.encryptKey) },
    config.lark.mode === 'ws' ? 'Lark bot started (long connection; /healthz on PORT)' : 'Lark bot started (webhook POST /webhooks/lark)',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    ws?.stop();
    server.close();
    server.closeIdleConnections();
    await svc.worker.stop();
    await stopJobs();
    await core.close();
    redis.disconnect();
    readerRedis.disconnect();
    await booted.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => failOnStartError(err));
