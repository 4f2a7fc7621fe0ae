/**
 * Shared start-up for the command-line entry points: argument parsing, configuration, and one clear
 * message (never a stack trace) when something is wrong.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CampaignError, ConfigError, isAppError } from '../../domain/errors';
import { RedisServerMissingError } from '../../store/private-redis';
import { loadCampaign, type Campaign } from '../../domain/campaign';
import { fixedClock, systemClock, type Clock } from '../../domain/time';
import { createRedis, waitReady, type RedisClient } from '../../store/redis';
import { loadConfig, type Config, type ConfigOverrides } from '../config';
import { bootRedis, type BootedRedis } from '../redis-boot';

/**
 * A reader that stops early (`npm run ask … | head`) is not an error worth a stack trace: each entry point
 * calls this first thing in its `main` (not at import, so modules imported by tests add no listener to the
 * shared `process.stdout`).
 */
export function exitQuietlyOnEpipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(options: T, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    fail(`参数错误 (bad arguments): ${(err as Error).message}`);
  }
}

export function configFromCli(overrides: ConfigOverrides): Config {
  try {
    return loadConfig(undefined, overrides);
  } catch (err) {
    if (err instanceof ConfigError) fail(`配置无效 (invalid configuration):\n${err.problems.map((p) => `  ${p}`).join('\n')}`);
    throw err;
  }
}

/** Print a fatal start-up error the way a person can act on it, then exit 1. */
export function failOnStartError(err: unknown): never {
  if (err instanceof CampaignError) fail(`活动文件无效 (invalid campaign file) ${err.message}`);
  if (err instanceof RedisServerMissingError) fail(err.message);
  if (isAppError(err) && err.code === 'STORE_UNAVAILABLE') fail(`无法连接 Redis (cannot reach Redis): ${err.message}。请检查 REDIS_URL。`);
  fail(`启动失败 (start-up failed): ${err instanceof Error ? err.message : String(err)}`);
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** A campaign and an app Redis connection for a one-shot command; `close()` releases both. */
export interface CliSession {
  campaign: Campaign;
  redis: RedisClient;
  close(): Promise<void>;
}

/**
 * Load the campaign and connect to Redis (REDIS_URL, or the private server under DATA_DIR), or print the
 * problem and exit 1.
 */
export async function openCliSession(config: Config): Promise<CliSession> {
  let booted: BootedRedis | undefined;
  try {
    const campaign = loadCampaign(config.campaignPath);
    booted = await bootRedis(config);
    const redis = createRedis(booted.url);
    try {
      await waitReady(redis);
    } catch (err) {
      redis.disconnect();
      throw err;
    }
    const own = booted;
    return {
      campaign,
      redis,
      async close() {
        redis.disconnect();
        await own.stop();
      },
    };
  } catch (err) {
    await booted?.stop();
    failOnStartError(err);
  }
}

/** The clock of a one-shot command: `now`, else BOT_NOW/--now, else the campaign's demo instant, else the system clock. */
export function cliClock(config: Config, campaign: Campaign, now?: string): Clock {
  const fixed = now ?? config.now ?? campaign.demoNow;
  return fixed ? fixedClock(fixed, campaign.timezone) : systemClock(campaign.timezone);
}
