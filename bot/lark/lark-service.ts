/**
 * Wires the Lark channel from its parts, once, for `npm run serve`, the tests and the benchmark:
 * SDK client (Redis token cache, timeouts) → sender; inbox + card store; connector + intake + Bottender
 * request handler; the express app (webhook mode) and the long-connection dispatcher (ws mode); the worker.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type express from 'express';
import type { Campaign } from '../../domain/campaign';
import type { Logger } from '../../domain/logger';
import type { Reply } from '../../domain/reply';
import type { HandlerDeps, Inbound } from '../../handlers/types';
import type { Keys } from '../../store/keys';
import { LarkCardStore } from '../../store/lark-card-store';
import { LarkInbox } from '../../store/lark-inbox';
import { RedisTokenCache } from '../../store/lark-token-cache';
import type { RedisClient } from '../../store/redis';
import type { ReminderStore } from '../../store/reminder-store';
import { RedisRateLimiter } from '../../store/send-rate-limiter';
import { LarkFileSender, UPLOAD_TIMEOUT_MS } from './file-sender';
import { InboxWorker, type ReplyDeadLetters } from './inbox-worker';
import { createIntake } from './intake';
import { createLarkBot, type LarkRequestHandler } from './lark-bot';
import type { RetryPolicy } from './lark-call';
import { createLarkClient } from './lark-client';
import { LarkConnector } from './lark-connector';
import { LarkSender } from './sender';
import { createLarkApp } from './server';
import { createWsDispatcher } from './ws';

export interface LarkServiceOptions {
  appId: string;
  appSecret: string;
  domain: string;
  encryptKey?: string;
  verificationToken?: string;
  /** LARK_SEND_RATE: messages per second for the app, all instances on this Redis together; 0 = off. */
  sendRate: number;
  /** LARK_SEND_RATE_PER_USER: per user or chat, per process; 0 = off. */
  sendRatePerUser: number;
  /** Clock of the shared send limiter (epoch ms; default Date.now). Tests inject one to drive time. */
  now?: () => number;
  /** The core's turn function (createCore(...).runTurn). */
  runTurn: (inbound: Inbound) => Promise<Reply[]>;
  redis: RedisClient;
  /** A second connection for the worker's blocking reads. */
  readerRedis: RedisClient;
  keys: Keys;
  logger: Logger;
  consumer: string;
  botOpenId?: string;
  httpTimeoutMs?: number;
  retry?: RetryPolicy;
  /** Where replies that finally could not be sent are recorded (投递失败): `replyDeadLetters(...)`. Optional: else only logged. */
  deadLetters?: ReplyDeadLetters;
  worker?: { concurrency?: number; claimIdleMs?: number; claimIntervalMs?: number; blockMs?: number; orderWaitMs?: number };
}

export interface LarkService {
  client: lark.Client;
  sender: LarkSender;
  /** Uploads files and sends them as file messages: pass to createCore({ files }). */
  files: LarkFileSender;
  /** The options of each person's last reply (typed labels press buttons): pass to createCore({ typedOptions }). */
  typedOptions: NonNullable<HandlerDeps['typedOptions']>;
  inbox: LarkInbox;
  cards: LarkCardStore;
  connector: LarkConnector;
  handler: LarkRequestHandler;
  app: express.Express;
  dispatcher: lark.EventDispatcher;
  worker: InboxWorker;
}

export function createLarkService(o: LarkServiceOptions): LarkService {
  const log = o.logger.child({ channel: 'lark' });
  const client = createLarkClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: o.domain,
    cache: new RedisTokenCache(o.redis, o.keys) as lark.Cache,
    timeoutMs: o.httpTimeoutMs,
    logger: log,
  });
  const cards = new LarkCardStore(o.redis, o.keys);
  const inbox = new LarkInbox(o.redis, o.keys);
  // Lark's per-app limit holds for all instances together: one token bucket in Redis (one script call per
  // send). Off at rate 0, with no Redis call at all. This one sender also serves the outbound (BullMQ) worker
  // in serve.ts, so replies and proactive messages draw from the same bucket.
  const appLimiter = o.sendRate > 0 ? new RedisRateLimiter(o.redis, o.keys, o.sendRate, o.now) : undefined;
  const sender = new LarkSender({ client, cards, logger: log, rate: o.sendRate, appLimiter, ratePerUser: o.sendRatePerUser, retry: o.retry });
  // Uploads get their own client with a longer timeout (a 30 MB file takes longer than a message); same token cache.
  const uploadClient = createLarkClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: o.domain,
    cache: new RedisTokenCache(o.redis, o.keys) as lark.Cache,
    timeoutMs: UPLOAD_TIMEOUT_MS,
    logger: log,
  });
  const files = new LarkFileSender({ client: uploadClient, sender, logger: log, retry: o.retry });
  const connector = new LarkConnector({ encryptKey: o.encryptKey, verificationToken: o.verificationToken, botOpenId: o.botOpenId, logger: log });
  const intake = createIntake({ inbox, cards, logger: log });
  const handler = createLarkBot(connector, intake, log);
  const app = createLarkApp({ connector, handler, redis: o.redis, logger: log });
  const dispatcher = createWsDispatcher(handler, log);
  const worker = new InboxWorker({
    inbox,
    reader: new LarkInbox(o.readerRedis, o.keys),
    runTurn: o.runTurn,
    sender,
    cards,
    deadLetters: o.deadLetters,
    logger: log,
    consumer: o.consumer,
    ...o.worker,
  });
  const typedOptions = { last: (openId: string) => cards.lastTextOptions(openId) };
  return { client, sender, files, typedOptions, inbox, cards, connector, handler, app, dispatcher, worker };
}

/**
 * Failed chat replies into the reminder store's dead-letter list (the one 投递失败 shows), as kind `reply`,
 * under the person's contact id, or their open_id when the campaign does not know it.
 */
export function replyDeadLetters(store: Pick<ReminderStore, 'addDeadLetter'>, campaign: Pick<Campaign, 'contactByOpenId'>): ReplyDeadLetters {
  return {
    // Once per reply: an entry handled again after its acknowledgement failed does not list it twice.
    add: async (d) => {
      await store.addDeadLetter({ messageId: d.messageId, contactId: campaign.contactByOpenId(d.openId)?.id ?? d.openId, kind: 'reply', error: d.error, at: d.at });
    },
  };
}

/** The bot's own open_id (so only mentions of it count in groups); undefined if Lark does not say. */
export async function fetchBotOpenId(client: lark.Client, logger: Logger): Promise<string | undefined> {
  try {
    const res = await client.request<{ code?: number; bot?: { open_id?: string } }>({ url: '/open-apis/bot/v3/info', method: 'GET' });
    if (res?.code === 0 && res.bot?.open_id) return res.bot.open_id;
    logger.warn({ larkCode: res?.code }, 'bot info unavailable; any @mention in a group will count');
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'bot info unavailable; any @mention in a group will count');
  }
  return undefined;
}
