/**
 * The bot for the console and JSON-lines channels: the core plus Bottender's `Bot` (used as a library)
 * with the script connector and our Redis session store. The console, `chat --jsonl` and tests go
 * through `handle()`.
 */
import Bot from 'bottender/dist/bot/Bot';
import { loadCampaign, type Campaign } from '../domain/campaign';
import type { Logger } from '../domain/logger';
import type { Reply } from '../domain/reply';
import type { Inbound, Intent } from '../handlers/types';
import { makeKeys } from '../store/keys';
import { createRedis, waitReady } from '../store/redis';
import { RedisSessionStore } from '../store/session-store';
import type { Config } from './config';
import { createCore, type Core } from './core';
import { INTERNAL_TEXT, replyForError } from './error-reply';
import { ScriptConnector, type ScriptBody, type ScriptContext } from './script-connector';

export interface RuntimeOptions {
  config: Config;
  redisUrl: string;
  logger: Logger;
  defaultNow?: 'system' | 'demo';
  campaign?: Campaign;
  intents?: Intent[];
}

export interface Runtime extends Core {
  handle(inbound: Inbound, opts?: { now?: string }): Promise<Reply[]>;
  close(): Promise<void>;
}

export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = opts;
  const campaign = opts.campaign ?? loadCampaign(config.campaignPath);
  const redis = createRedis(opts.redisUrl, { name: 'inspection-bot' });
  try {
    await waitReady(redis);
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const keys = makeKeys(config.redisPrefix, campaign.id);
  const core = createCore({ config, campaign, redis, keys, logger, defaultNow: opts.defaultNow, intents: opts.intents });

  const bot = new Bot<ScriptBody, Record<string, never>, never, never>({
    connector: new ScriptConnector() as never,
    sessionStore: new RedisSessionStore(redis, keys) as never,
    sync: true,
  });
  bot.onEvent(async (context: ScriptContext) => {
    const body = context.event.rawEvent as ScriptBody;
    const inbound: Inbound = { from: { contactId: body.as }, text: body.text, action: body.action };
    context.sendReplies(await core.runTurn(inbound, body.now ? { now: body.now } : {}));
  });
  bot.onError(async (context: ScriptContext) => {
    context.sendReplies([{ text: '抱歉，处理您的消息时出了问题，请稍后再试。' }]);
  });
  const requestHandler = bot.createRequestHandler();

  return {
    ...core,
    async handle(inbound, turnOpts = {}) {
      const as = inbound.from.contactId ?? inbound.from.openId ?? 'anonymous';
      const body: ScriptBody = { as };
      if (inbound.text !== undefined) body.text = inbound.text;
      if (inbound.action !== undefined) body.action = inbound.action;
      if (turnOpts.now !== undefined) body.now = turnOpts.now;
      try {
        const res = (await requestHandler(body)) as unknown as { body?: { replies?: Reply[] } } | undefined;
        return res?.body?.replies ?? [{ text: INTERNAL_TEXT }];
      } catch (err) {
        // Bottender reads the session before our handler runs: a Redis outage surfaces here.
        return replyForError(err, logger);
      }
    },
    async close() {
      await core.close();
      redis.disconnect();
    },
  };
}
