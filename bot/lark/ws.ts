/**
 * Long-connection mode (LARK_MODE=ws): the SDK's `WSClient` receives the same events without a public URL
 * and feeds them into the same Bottender request handler as webhooks (connector → intake → inbox).
 * The SDK's `EventDispatcher` hands handlers a flattened `{schema, ...header, ...event}`; we rebuild the
 * schema 2.0 envelope. A handler that throws makes the SDK answer 500, so Lark re-pushes (used when the
 * inbox could not be written). The SDK stops for good on most connect errors: we restart it with backoff.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../domain/logger';
import type { LarkRequestHandler } from './lark-bot';
import { sdkLogger } from './lark-client';

const HEADER_FIELDS = ['event_id', 'event_type', 'create_time', 'token', 'app_id', 'tenant_key'] as const;

/** Rebuild `{schema, header, event}` from the dispatcher's flattened data. */
export function unflatten(data: Record<string, unknown>): Record<string, unknown> {
  const header: Record<string, unknown> = {};
  const event: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === 'schema') continue;
    if ((HEADER_FIELDS as readonly string[]).includes(k)) header[k] = v;
    // On a clash the event field won (e.g. the card `token`); keep it in the event too.
    if (!(HEADER_FIELDS as readonly string[]).includes(k) || k === 'token') event[k] = v;
  }
  return { schema: '2.0', header, event };
}

export class EventNotStoredError extends Error {
  constructor(status: number) {
    super(`event not stored (status ${status})`);
    this.name = new.target.name;
  }
}

export function createWsDispatcher(handler: LarkRequestHandler, logger: Logger): lark.EventDispatcher {
  // Long-connection frames are plaintext: no encrypt key, no verification token.
  const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(logger), loggerLevel: lark.LoggerLevel.warn });
  const handle = async (data: Record<string, unknown>) => {
    const res = await handler(unflatten(data));
    if (res.status !== 200) throw new EventNotStoredError(res.status);
    return res.body;
  };
  // `card.action.trigger` has no TS type in the SDK (#156).
  dispatcher.register({ 'im.message.receive_v1': handle, 'card.action.trigger': handle } as never);
  return dispatcher;
}

export interface WsRunnerOptions {
  appId: string;
  appSecret: string;
  domain: string;
  dispatcher: lark.EventDispatcher;
  logger: Logger;
  /** First restart delay (default 1 s), doubled up to 60 s. */
  baseDelayMs?: number;
}

export interface WsRunner {
  stop(): void;
}

export function startWsClient(opts: WsRunnerOptions): WsRunner {
  const { logger } = opts;
  if (!/^cli_[0-9a-f]{16}$/.test(opts.appId)) {
    // The SDK silently refuses such ids; say so instead of waiting forever.
    logger.warn({}, 'LARK_APP_ID does not look like cli_ + 16 hex digits; the long connection may refuse it');
  }
  let client: lark.WSClient | undefined;
  let attempt = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const start = () => {
    if (stopped) return;
    client = new lark.WSClient({
      appId: opts.appId,
      appSecret: opts.appSecret,
      domain: opts.domain,
      logger: sdkLogger(logger, { errorsAsWarn: true }),
      loggerLevel: lark.LoggerLevel.warn,
      autoReconnect: true,
      handshakeTimeoutMs: 10_000,
      onReady: () => {
        attempt = 0;
        logger.info({}, 'Lark long connection ready');
      },
      onReconnecting: () => logger.warn({}, 'Lark long connection lost; reconnecting'),
      onReconnected: () => logger.info({}, 'Lark long connection re-established'),
      onError: (err: Error) => {
        // The SDK client has given up (non-retryable connect code or exhausted retries): restart it.
        const delay = Math.min(60_000, (opts.baseDelayMs ?? 1000) * 2 ** attempt);
        attempt++;
        logger.error({ err: err.message, restartInMs: delay }, 'Lark long connection stopped; restarting');
        try {
          client?.close();
        } catch (closeErr) {
          logger.debug({ err: String(closeErr) }, 'closing the failed long connection');
        }
        timer = setTimeout(start, delay);
      },
    });
    void client.start({ eventDispatcher: opts.dispatcher });
  };
  start();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      client?.close();
    },
  };
}
