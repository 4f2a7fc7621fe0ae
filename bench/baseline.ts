/**
 * The baseline of the inbound benchmark: the bot a developer would otherwise start from. A bare Bottender
 * `Bot` (default, non-sync mode: the webhook is answered once the session is read, the handler runs after)
 * behind the same express app (bot/lark/server.ts) and the same Lark connector (decrypt, signature and token
 * checks, event mapping), with Bottender sessions in the same Redis session store (store/session-store.ts),
 * whose handler echoes the text back through the same LarkSender (SDK Client → fake Lark).
 *
 * What it leaves out, by design, is what the real pipeline adds: the durable inbox and its de-duplication,
 * the worker, the campaign's handlers and their stores, stored replies and exactly-once sends.
 */
import Bot from 'bottender/dist/bot/Bot';
import type express from 'express';
import type { LarkBottenderEvent, LarkConnectorOptions, LarkContext } from '../bot/lark/lark-connector';
import { LarkConnector } from '../bot/lark/lark-connector';
import type { LarkSender } from '../bot/lark/sender';
import { createLarkApp } from '../bot/lark/server';
import type { Logger } from '../domain/logger';
import type { Keys } from '../store/keys';
import type { RedisClient } from '../store/redis';
import { RedisSessionStore } from '../store/session-store';

/** The production connector, but with a Bottender session per sender (the real bot keeps state in its own stores). */
class SessionLarkConnector extends LarkConnector {
  constructor(opts: LarkConnectorOptions) {
    super(opts);
  }

  // Bottender calls this with (event, requestContext); the base class takes no arguments.
  override getUniqueSessionKey(event?: unknown): null {
    const ev = (event as LarkBottenderEvent | undefined)?.lark;
    return (ev && 'openId' in ev ? ev.openId : null) as null;
  }

  override createContext(params: { event: LarkBottenderEvent; session?: unknown; requestContext?: unknown; emitter?: unknown }): LarkContext {
    const ctx = super.createContext(params as never);
    (ctx as unknown as { _session: unknown })._session = params.session ?? null;
    return ctx;
  }
}

export interface BaselineBot {
  app: express.Express;
  /** Echoes sent (each acknowledged by Lark). */
  handled(): number;
}

export function createBaselineBot(o: { encryptKey: string; redis: RedisClient; keys: Keys; sender: LarkSender; logger: Logger }): BaselineBot {
  const connector = new SessionLarkConnector({ encryptKey: o.encryptKey, logger: o.logger });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const bot = new Bot<any, any, any, any>({ connector: connector as never, sessionStore: new RedisSessionStore(o.redis, o.keys) as never });
  let handled = 0;
  bot.onEvent(async (context: LarkContext) => {
    const ev = context.larkEvent;
    if (ev.type !== 'message' || ev.text === undefined) return;
    const session = context.session as Record<string, unknown> | null;
    if (session) session.turns = Number(session.turns ?? 0) + 1;
    await o.sender.sendReply({ to: { openId: ev.openId }, reply: { text: ev.text }, dedupKey: `m:${ev.messageId}:0` });
    handled++;
  });
  bot.onError(async () => {
    o.logger.error({}, 'baseline handler failed');
  });
  bot.emitter.on('error', () => undefined);
  const handle = bot.createRequestHandler();
  const app = createLarkApp({
    connector,
    redis: o.redis,
    logger: o.logger,
    handler: async (body, requestContext) => {
      await handle(body, requestContext as never);
      return { status: 200, body: {} };
    },
  });
  return { app, handled: () => handled };
}
