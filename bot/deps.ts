/**
 * Builds the ports handlers use from real parts (Redis stores, the campaign, the logger).
 * The clock is added per turn (a JSON-lines turn may set its own `now`).
 */
import type { Campaign } from '../domain/campaign';
import type { Logger } from '../domain/logger';
import type { Clock } from '../domain/time';
import type { HandlerDeps } from '../handlers/types';
import type { Keys } from '../store/keys';
import type { RedisClient } from '../store/redis';

export interface Infra {
  campaign: Campaign;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
}

export type DepsWithoutClock = Omit<HandlerDeps, 'clock'>;

export function createDeps(infra: Infra): DepsWithoutClock {
  return {
    campaign: infra.campaign,
    logger: infra.logger,
  };
}

export function withClock(deps: DepsWithoutClock, clock: Clock): HandlerDeps {
  return { ...deps, clock };
}
