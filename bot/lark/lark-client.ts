/**
 * The SDK `Client`, built the one way the bot uses it: base URL from LARK_DOMAIN (Feishu, Lark or a private
 * deployment), the tenant token cached in Redis (shared by all instances), an explicit timeout on every
 * HTTP call (the SDK has none), and the SDK's own logging turned into quiet debug lines (its error logs
 * contain message bodies; failures are logged by the sender with the Lark code).
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../domain/logger';

export interface LarkClientOptions {
  appId: string;
  appSecret: string;
  domain: string;
  cache?: lark.Cache;
  /** Per-request timeout in ms (default 5000). */
  timeoutMs?: number;
  logger: Logger;
}

/** `lark.defaultHttpInstance` (which unwraps `response.data`) with a default timeout on every call. */
export function timeoutHttpInstance(timeoutMs: number): lark.HttpInstance {
  const base = lark.defaultHttpInstance;
  const withTimeout = <O extends { timeout?: number }>(opts?: O) => ({ ...(opts ?? {}), timeout: opts?.timeout ?? timeoutMs });
  return {
    request: (opts) => base.request(withTimeout(opts) as never),
    get: (url, opts) => base.get(url, withTimeout(opts) as never),
    delete: (url, opts) => base.delete(url, withTimeout(opts) as never),
    head: (url, opts) => base.head(url, withTimeout(opts) as never),
    options: (url, opts) => base.options(url, withTimeout(opts) as never),
    post: (url, data, opts) => base.post(url, data, withTimeout(opts) as never),
    put: (url, data, opts) => base.put(url, data, withTimeout(opts) as never),
    patch: (url, data, opts) => base.patch(url, data, withTimeout(opts) as never),
  } as lark.HttpInstance;
}

/**
 * The SDK logs with an array of arguments. Keep only its strings (at most 200 characters, no objects: its
 * HTTP error objects contain message bodies). `errorsAsWarn` surfaces the SDK's errors (the long
 * connection's only signal); otherwise everything is debug, since the sender logs failures itself.
 */
export function sdkLogger(logger: Logger, opts: { errorsAsWarn?: boolean } = {}): lark.Logger {
  const summary = (args: unknown[]) =>
    args
      .flat(2)
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : ''))
      .filter((a) => a !== '')
      .join(' ')
      .slice(0, 200);
  const log = (level: string) => (...args: unknown[]) => {
    if (opts.errorsAsWarn && (level === 'error' || level === 'warn')) logger.warn({ sdk: level, note: summary(args) }, 'lark sdk');
    else logger.debug({ sdk: level, note: summary(args) }, 'lark sdk');
  };
  return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), trace: log('trace') };
}

export function createLarkClient(opts: LarkClientOptions): lark.Client {
  return new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    appType: lark.AppType.SelfBuild,
    cache: opts.cache,
    httpInstance: timeoutHttpInstance(opts.timeoutMs ?? 5000),
    logger: sdkLogger(opts.logger),
    loggerLevel: lark.LoggerLevel.warn,
  });
}
