/**
 * One Lark Open API call with retries: 429 waits `x-ogw-ratelimit-reset` seconds, 5xx / `230020` / no answer
 * back off exponentially (with jitter), anything else fails at once. Errors come out typed:
 * LarkApiError (Lark answered with a code) or LarkHttpError (no usable answer).
 * The SDK rejects non-2xx with an AxiosError (body in `response.data`) and RESOLVES HTTP 200 with code ≠ 0.
 */
import { isAppError, LarkApiError, LarkHttpError } from '../../domain/errors';

/** Lark codes worth retrying: gateway rate limit (99991400), per-user/group rate limit (230020). */
const RETRYABLE_CODES = new Set([99991400, 230020]);

export interface RetryPolicy {
  /** Attempts in total (default 4). */
  attempts: number;
  /** First backoff in ms (default 300), doubled each time. */
  baseDelayMs: number;
  /** Longest single wait, also caps `x-ogw-ratelimit-reset` (default 10 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 300, maxDelayMs: 10_000 };

/** Lark's answer is worth retrying: 429, 5xx, or a retryable code. The one rule for `callLark` and `usedRetries`. */
function retryableAnswer(httpStatus: number | undefined, larkCode: number): boolean {
  return httpStatus === 429 || (httpStatus !== undefined && httpStatus >= 500) || RETRYABLE_CODES.has(larkCode);
}

interface Classified {
  error: LarkApiError | LarkHttpError;
  retry: boolean;
  /** Server-requested wait in ms, if any. */
  waitMs?: number;
}

interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

function bodyCode(data: unknown): { code?: number; msg?: string } {
  if (data && typeof data === 'object') {
    const d = data as { code?: unknown; msg?: unknown };
    return { code: typeof d.code === 'number' ? d.code : undefined, msg: typeof d.msg === 'string' ? d.msg : undefined };
  }
  return {};
}

export function classifyLarkError(err: unknown): Classified {
  if (err instanceof LarkApiError) return { error: err, retry: retryableAnswer(err.httpStatus, err.larkCode) };
  if (err instanceof LarkHttpError) return { error: err, retry: true };
  const e = err as AxiosLike;
  if (e && typeof e === 'object' && e.isAxiosError) {
    const status = e.response?.status;
    if (status === undefined) {
      // Timeout, refused, reset: no answer. Safe to retry because every send carries a uuid.
      return { error: new LarkHttpError(`no answer from Lark (${e.code ?? e.message ?? 'network error'})`, { cause: err }), retry: true };
    }
    const { code, msg } = bodyCode(e.response?.data);
    const larkCode = code ?? -status;
    const error = new LarkApiError(larkCode, `Lark HTTP ${status}${code !== undefined ? ` code ${code}` : ''}${msg ? `: ${msg}` : ''}`, status, { cause: err });
    if (status === 429) {
      const reset = Number(e.response?.headers?.['x-ogw-ratelimit-reset']);
      return { error, retry: true, waitMs: Number.isFinite(reset) && reset >= 0 ? reset * 1000 : undefined };
    }
    return { error, retry: retryableAnswer(status, larkCode) };
  }
  // The SDK's own token error after Lark refused the credentials: "failed to get tenant_access_token, code: N, msg: …".
  const message = err instanceof Error ? err.message : String(err);
  const tokenCode = /failed to get \w+, code: (\d+)/.exec(message);
  if (tokenCode) return { error: new LarkApiError(Number(tokenCode[1]), message, 200, { cause: err }), retry: false };
  return { error: new LarkApiError(-1, message, undefined, { cause: err }), retry: false };
}

/**
 * Whether an error that came out of `callLark` is of a retryable kind (no answer, 429, 5xx, a retryable Lark
 * code): `callLark` throws those only once its whole retry budget is used. Any other error (a refusal) is
 * thrown at once.
 */
export function usedRetries(err: unknown): boolean {
  return err instanceof LarkHttpError || (err instanceof LarkApiError && retryableAnswer(err.httpStatus, err.larkCode));
}

/**
 * Call `fn` (an SDK method resolving `{code, msg, data}`) and return `data`, retrying as described above.
 * A StoreUnavailableError from `fn` (the shared send limiter) is rethrown at once, unchanged.
 */
export async function callLark<T>(
  fn: () => Promise<{ code?: number; msg?: string; data?: T } | undefined>,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRetry?: (info: { attempt: number; waitMs: number; error: LarkApiError | LarkHttpError }) => void,
): Promise<T | undefined> {
  let last: Classified | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      const res = await fn();
      const code = res?.code ?? 0;
      if (code === 0) return res?.data;
      throw new LarkApiError(code, `Lark code ${code}${res?.msg ? `: ${res.msg}` : ''}`, 200);
    } catch (err) {
      // Not Lark's: Redis is away (the shared send limiter runs inside `fn`). Passed on as is, not retried
      // here, so callers see the typed store error (the inbox leaves the entry pending, BullMQ retries the job).
      if (isAppError(err) && err.code === 'STORE_UNAVAILABLE') throw err;
      last = classifyLarkError(err);
      if (!last.retry || attempt === policy.attempts) throw last.error;
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      const waitMs = Math.min(policy.maxDelayMs, last.waitMs ?? backoff);
      onRetry?.({ attempt, waitMs, error: last.error });
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
  throw last?.error ?? new LarkHttpError('no attempt made');
}
