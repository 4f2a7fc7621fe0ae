/**
 * Shared start-up for the command-line entry points: argument parsing, configuration, and one clear
 * message (never a stack trace) when something is wrong.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CampaignError, ConfigError, isAppError } from '../../domain/errors';
import { RedisServerMissingError } from '../../store/private-redis';
import { loadConfig, type Config, type ConfigOverrides } from '../config';

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
