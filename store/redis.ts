/**
 * ioredis client construction. Only store/ imports ioredis.
 *
 * App connections fail fast (no offline queue, command timeout) so a user hears "temporarily unavailable"
 * instead of waiting; they reconnect on their own. BullMQ connections need `maxRetriesPerRequest: null`.
 */
import Redis, { type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '../domain/errors';

export type RedisClient = Redis;

/**
 * An ioredis client whose commands issued in one turn of the event loop leave in one socket write.
 *
 * ioredis writes every command to the socket as it is sent, and on loopback or a LAN each write is a system
 * call that also wakes Redis: in the benchmark that cost about 65 µs of the bot's CPU per command, more than
 * the command's JavaScript. The inbox worker runs up to 32 turns at once; their Redis answers and Lark
 * responses arrive together, so many of their next commands are sent in the same turn of the loop. Corking
 * the socket until the loop's check phase (`setImmediate`) sends them as one `writev`. A command waits at
 * most for the callbacks already due in this turn of the loop, the order of commands is unchanged, and a lone
 * command goes out as before. ioredis's own `enableAutoPipelining` groups per tick but builds a pipeline
 * each time, and measured slower; uncorking at the end of the tick (`process.nextTick`) instead of the loop
 * turn saved less (docs/decisions/006-coalesced-redis-writes.md).
 */
class CoalescingRedis extends Redis {
  private corked: { uncork(): void } | undefined;
  private readonly uncork = () => {
    const s = this.corked;
    this.corked = undefined;
    s?.uncork();
  };

  override sendCommand(...args: Parameters<Redis['sendCommand']>): ReturnType<Redis['sendCommand']> {
    const stream = this.stream as { cork?(): void; uncork(): void } | undefined;
    if (!this.corked && stream?.cork) {
      stream.cork();
      this.corked = stream;
      setImmediate(this.uncork);
    }
    return super.sendCommand(...args);
  }
}

export interface RedisConnectOptions {
  /** `app` (default): fail fast. `queue`: settings BullMQ requires. */
  purpose?: 'app' | 'queue';
  /** Connection name shown in CLIENT LIST. */
  name?: string;
}

export function createRedis(url: string, opts: RedisConnectOptions = {}): Redis {
  const base: Omit<RedisOptions, 'replyMapping'> = {
    connectionName: opts.name ?? 'inspection-bot',
    lazyConnect: false,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 3000),
  };
  const options: Omit<RedisOptions, 'replyMapping'> =
    opts.purpose === 'queue'
      ? { ...base, maxRetriesPerRequest: null, enableOfflineQueue: true }
      : { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000, connectTimeout: 2000 };
  const client = new CoalescingRedis(url, options);
  // Connection errors surface on commands as StoreUnavailableError; the client keeps reconnecting.
  client.on('error', () => undefined);
  return client;
}

/** Wait until the client is ready (or fail after `timeoutMs`). */
export async function waitReady(client: Redis, timeoutMs = 5000): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolveReady, reject) => {
    const t = setTimeout(() => {
      cleanup();
      reject(new StoreUnavailableError(`Redis not ready after ${timeoutMs} ms (status ${client.status})`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolveReady();
    };
    const cleanup = () => {
      clearTimeout(t);
      client.off('ready', onReady);
    };
    client.on('ready', onReady);
  });
}

/** True when Redis answers PING. */
export async function ping(client: Redis): Promise<boolean> {
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}

/**
 * Run a store operation and turn connection-level failures into StoreUnavailableError, so callers can
 * tell "Redis is away" from a bug.
 */
export async function guard<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (isConnectionError(err)) throw new StoreUnavailableError('Redis unavailable', { cause: err });
    throw err;
  }
}

export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
  // ioredis reports these by class name / well-known messages (no error codes).
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|enableOfflineQueue|Command timed out|connect ETIMEDOUT/.test(err.message)
  );
}
