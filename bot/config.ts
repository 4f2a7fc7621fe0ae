/**
 * The one place that reads the environment. `loadConfig(env)` validates with zod and returns a frozen,
 * typed object that bot/ passes down. On failure it throws ConfigError with `NAME: problem` lines
 * (never the values, which may be secrets); entry points print them and exit 1.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../domain/errors';

const rate = z.coerce.number().min(0, { message: 'must be ≥ 0 (0 switches the limiter off)' });

const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with offset, e.g. 2016-07-01T09:00:00+08:00' });

const schema = z.object({
  /** Redis to use. Unset: `npm start` starts a private redis-server with data under DATA_DIR. */
  REDIS_URL: z.string().url({ message: 'must be a redis:// URL' }).refine((u) => /^rediss?:\/\//.test(u), { message: 'must start with redis:// or rediss://' }).optional(),
  /** Campaign directory (with campaign.yaml) or YAML file. */
  CAMPAIGN: z.string().min(1).default('campaigns/xicheng-2016'),
  /** Fixed clock for demos and tests. */
  BOT_NOW: isoInstant.optional(),
  /** Where `npm start` keeps its private Redis data. */
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Key prefix for everything this deployment stores in Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/, { message: 'letters, digits, : _ - only' }).default('ib'),
  LARK_APP_ID: z.string().min(1).optional(),
  LARK_APP_SECRET: z.string().min(1).optional(),
  LARK_ENCRYPT_KEY: z.string().min(1).optional(),
  LARK_VERIFICATION_TOKEN: z.string().min(1).optional(),
  LARK_DOMAIN: z.string().url({ message: 'must be a base URL such as https://open.feishu.cn' }).default('https://open.feishu.cn'),
  LARK_MODE: z.enum(['webhook', 'ws'], { message: 'must be webhook or ws' }).default('webhook'),
  PORT: z.coerce.number().int().min(1).max(65535, { message: 'must be a TCP port (1–65535)' }).default(3000),
  LARK_SEND_RATE: rate.default(50),
  LARK_SEND_RATE_PER_USER: rate.default(5),
});

export type Config = Readonly<{
  redisUrl: string | undefined;
  campaignPath: string;
  now: string | undefined;
  dataDir: string;
  logLevel: z.output<typeof schema>['LOG_LEVEL'];
  redisPrefix: string;
  lark: Readonly<{
    appId: string | undefined;
    appSecret: string | undefined;
    encryptKey: string | undefined;
    verificationToken: string | undefined;
    domain: string;
    mode: 'webhook' | 'ws';
    sendRate: number;
    sendRatePerUser: number;
  }>;
  port: number;
}>;

/** Overrides from the command line (e.g. `--now`), which win over the environment. */
export interface ConfigOverrides {
  now?: string;
  campaign?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  // Empty strings count as unset, as in most deployment tools.
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  if (overrides.now !== undefined) cleaned.BOT_NOW = overrides.now;
  if (overrides.campaign !== undefined) cleaned.CAMPAIGN = overrides.campaign;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'config');
      const label = name === 'BOT_NOW' && overrides.now !== undefined ? '--now' : name;
      return `${label}: ${i.message}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return Object.freeze({
    redisUrl: e.REDIS_URL,
    campaignPath: resolve(e.CAMPAIGN),
    now: e.BOT_NOW,
    dataDir: resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    redisPrefix: e.REDIS_PREFIX,
    lark: Object.freeze({
      appId: e.LARK_APP_ID,
      appSecret: e.LARK_APP_SECRET,
      encryptKey: e.LARK_ENCRYPT_KEY,
      verificationToken: e.LARK_VERIFICATION_TOKEN,
      domain: e.LARK_DOMAIN.replace(/\/+$/, ''),
      mode: e.LARK_MODE,
      sendRate: e.LARK_SEND_RATE,
      sendRatePerUser: e.LARK_SEND_RATE_PER_USER,
    }),
    port: e.PORT,
  });
}
