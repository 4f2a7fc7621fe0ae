/**
 * Builds the ports handlers use from real parts (Redis stores, the campaign, the logger).
 * The clock is added per turn (a JSON-lines turn may set its own `now`).
 */
import type { Campaign } from '../domain/campaign';
import type { Logger } from '../domain/logger';
import type { Clock } from '../domain/time';
import type { FileSender } from '../handlers/staff/ports';
import type { HandlerDeps } from '../handlers/types';
import type { Keys } from '../store/keys';
import type { RedisClient } from '../store/redis';
import { ReminderStore } from '../store/reminder-store';
import { RedisSelfCheckStore } from '../store/self-check-store';
import { createPolicyEngine, type PolicyEngine } from '../handlers/policy';
import { RedisStaffDialogStore } from '../store/staff-dialog-store';
import { createRedisUnansweredLog } from '../store/unanswered-log';
import { lazyProducer } from './jobs/jobs';
import { createOutreach } from './jobs/outreach';
import { QueuedSender } from './queued-sender';

/** The policy index is built once per loaded campaign (about 0.2 s), not per runtime. */
const policyEngines = new WeakMap<Campaign, PolicyEngine>();
function policyFor(campaign: Campaign): PolicyEngine {
  let engine = policyEngines.get(campaign);
  if (!engine) {
    engine = createPolicyEngine(campaign);
    policyEngines.set(campaign, engine);
  }
  return engine;
}

export interface Infra {
  campaign: Campaign;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  /** Sends generated files (Lark: upload + file message); absent on the console, which prints the CLI command. */
  files?: FileSender;
  /** Each person's last options (Lark); absent on the console, which maps typed labels itself. */
  typedOptions?: HandlerDeps['typedOptions'];
}

export type DepsWithoutClock = Omit<HandlerDeps, 'clock'>;

/** The ports, and how to close what they open on first use (the outbound producer's own connection). */
export interface OwnedDeps {
  deps: DepsWithoutClock;
  close(): Promise<void>;
}

export function createDeps(infra: Infra): OwnedDeps {
  // One store for the self-check dialogue, the progress read model and the staff tools' writes.
  const selfCheck = new RedisSelfCheckStore(infra.redis, infra.keys, infra.campaign);
  const producer = lazyProducer(infra.redis, infra.keys);
  const deps: DepsWithoutClock = {
    campaign: infra.campaign,
    logger: infra.logger,
    selfCheck,
    progress: selfCheck,
    staff: selfCheck,
    staffDialogs: new RedisStaffDialogStore(infra.redis, infra.keys),
    outreach: createOutreach({ campaign: infra.campaign, store: new ReminderStore(infra.redis, infra.keys), producer }),
    sender: new QueuedSender(infra.campaign, producer),
    policy: policyFor(infra.campaign),
    unanswered: createRedisUnansweredLog(infra.redis, infra.keys.unanswered()),
    files: infra.files,
    typedOptions: infra.typedOptions,
  };
  return { deps, close: () => producer.close() };
}

export function withClock(deps: DepsWithoutClock, clock: Clock): HandlerDeps {
  return { ...deps, clock };
}
