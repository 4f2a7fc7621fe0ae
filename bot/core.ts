/**
 * The channel-independent core every channel shares: the campaign's handlers with their real ports, the
 * default clock, per-person serialisation, and the one error path. Channels (script/console, Lark) call
 * `runTurn` and render the replies.
 */
import type { Campaign } from '../domain/campaign';
import { KeyedQueue } from '../domain/keyed-queue';
import type { Logger } from '../domain/logger';
import type { Reply } from '../domain/reply';
import { fixedClock, systemClock, type Clock } from '../domain/time';
import { defaultIntents, handleTurn } from '../handlers/router';
import type { FileSender } from '../handlers/staff/ports';
import type { HandlerDeps, Inbound, Intent } from '../handlers/types';
import type { Keys } from '../store/keys';
import type { RedisClient } from '../store/redis';
import type { Config } from './config';
import { createDeps, withClock, type DepsWithoutClock } from './deps';
import { replyForError } from './error-reply';
import { hashUser } from './logger';

export interface Core {
  readonly campaign: Campaign;
  readonly redis: RedisClient;
  readonly keys: Keys;
  readonly logger: Logger;
  readonly deps: DepsWithoutClock;
  readonly clock: Clock;
  readonly clockOrigin: 'BOT_NOW' | 'demo' | 'system';
  /** Handle one turn; never throws (errors become a polite reply and one log line). */
  runTurn(inbound: Inbound, opts?: { now?: string }): Promise<Reply[]>;
  /** Close connections the core opened itself (not the Redis client it was given). */
  close(): Promise<void>;
}

export interface CoreOptions {
  config: Config;
  campaign: Campaign;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  /** Default clock when BOT_NOW is unset: the campaign's demo instant (console) or the system clock (serve). */
  defaultNow?: 'system' | 'demo';
  intents?: Intent[];
  /** Sends generated files to people (the Lark service's `files`); the console has none. */
  files?: FileSender;
  /** Each person's last options on Lark (the Lark service's `typedOptions`); the console maps labels itself. */
  typedOptions?: HandlerDeps['typedOptions'];
}

export function createCore(opts: CoreOptions): Core {
  const { campaign, logger } = opts;
  const { deps, close } = createDeps({ campaign, redis: opts.redis, keys: opts.keys, logger, files: opts.files, typedOptions: opts.typedOptions });
  const intents = opts.intents ?? defaultIntents();
  let clockOrigin: Core['clockOrigin'] = 'system';
  let clock: Clock = systemClock(campaign.timezone);
  if (opts.config.now) {
    clock = fixedClock(opts.config.now, campaign.timezone);
    clockOrigin = 'BOT_NOW';
  } else if (opts.defaultNow === 'demo' && campaign.demoNow) {
    clock = fixedClock(campaign.demoNow, campaign.timezone);
    clockOrigin = 'demo';
  }
  const queue = new KeyedQueue();
  return {
    campaign,
    redis: opts.redis,
    keys: opts.keys,
    logger,
    deps,
    clock,
    clockOrigin,
    close,
    runTurn(inbound, turnOpts = {}) {
      const who = inbound.from.contactId ?? inbound.from.openId ?? 'anonymous';
      const turnClock = turnOpts.now ? fixedClock(turnOpts.now, campaign.timezone) : clock;
      return queue.run(who, async () => {
        try {
          return await handleTurn(inbound, withClock(deps, turnClock), intents);
        } catch (err) {
          return replyForError(err, logger.child({ user: hashUser(who) }));
        }
      });
    },
  };
}
