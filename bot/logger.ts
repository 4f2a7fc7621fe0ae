/**
 * The one pino logger. Message text and secrets are never logged; user ids are hashed.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import type { Logger } from '../domain/logger';

export function createLogger(level: string, destination: 'stderr' | 'stdout' = 'stderr'): Logger {
  return pino(
    {
      level,
      base: { app: 'inspection-bot' },
      redact: { paths: ['text', '*.text', 'appSecret', '*.appSecret', 'encryptKey', '*.encryptKey', 'token', '*.token'], censor: '[redacted]' },
    },
    pino.destination({ fd: destination === 'stderr' ? 2 : 1, sync: true }),
  );
}

/** A stable, non-reversible id for a person in logs. */
export function hashUser(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}
