/**
 * Typed application errors. Match by class or `code`, never by message text.
 * Only `UserInputError` messages are safe to show to a user; everything else is logged once by the
 * error path in bot/ and the user gets a short apology.
 */
export type ErrorCode =
  | 'USER_INPUT'
  | 'CONFIG_INVALID'
  | 'CAMPAIGN_INVALID'
  | 'STORE_CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CORRUPT'
  | 'LARK_API'
  | 'LARK_HTTP'
  | 'FORBIDDEN'
  | 'NOT_FOUND';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad input from a person; the message is Chinese and safe to show. */
export class UserInputError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USER_INPUT', message, options);
  }
}

/** Configuration (environment) failed validation; `problems` are `name: problem` lines without values. */
export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `invalid configuration:\n${problems.join('\n')}`);
  }
}

/** A campaign file failed validation; `problems` are `path: problem` lines. */
export class CampaignError extends AppError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('CAMPAIGN_INVALID', `${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** An optimistic write lost a race: somebody else changed the record first. */
export class StoreConflictError extends AppError {
  constructor(message = 'record changed concurrently', options?: { cause?: unknown }) {
    super('STORE_CONFLICT', message, options);
  }
}

/** Redis could not be reached or did not answer in time. */
export class StoreUnavailableError extends AppError {
  constructor(message = 'store unavailable', options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

/** A stored record did not match its schema. */
export class StoreCorruptError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_CORRUPT', message, options);
  }
}

/** Lark answered, with a non-zero business code ("it said no"). */
export class LarkApiError extends AppError {
  constructor(
    readonly larkCode: number,
    message: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super('LARK_API', message, options);
  }
}

/** Lark could not be reached or did not answer in time ("couldn't reach it"). */
export class LarkHttpError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LARK_HTTP', message, options);
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
