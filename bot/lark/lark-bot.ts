/**
 * The Bottender `Bot` (used as a library) with our Lark connector. Its request handler serves both the
 * webhook route and the long-connection dispatcher: event → connector → intake (inbox write) → response.
 * `sync: true` returns the first context's response (an empty 200, a card update, or a 503 when the
 * inbox could not be written, so Lark retries).
 */
import Bot from 'bottender/dist/bot/Bot';
import type { Logger } from '../../domain/logger';
import type { Intake, IntakeResponse } from './intake';
import type { LarkConnector, LarkContext } from './lark-connector';

export type LarkRequestHandler = (body: Record<string, unknown>, requestContext?: unknown) => Promise<IntakeResponse>;

export function createLarkBot(connector: LarkConnector, intake: Intake, logger: Logger): LarkRequestHandler {
  // Generics do not infer a custom context (toolchain.md): spell them out loosely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const bot = new Bot<any, any, any, any>({ connector: connector as never, sync: true });
  bot.onEvent(async (context: LarkContext) => {
    const res = await intake.handle(context.larkEvent);
    context.respond(res.status, res.body);
  });
  bot.onError(async (context: LarkContext) => {
    logger.error({}, 'Lark event handler failed');
    context.respond(503, { error: 'temporarily unavailable' });
  });
  // Bottender logs emitter errors with console.error by default; route them to our logger instead.
  bot.emitter.on('error', (err: unknown) => logger.error({ errName: err instanceof Error ? err.name : undefined }, 'bottender error'));
  const handler = bot.createRequestHandler();
  return async (body, requestContext) => {
    const res = (await handler(body, requestContext as never)) as { status?: number; body?: unknown } | undefined;
    if (!res || typeof res.status !== 'number') return { status: 500, body: { error: 'no response' } };
    return { status: res.status, body: res.body ?? {} };
  };
}
