/**
 * `npm run --silent ask -- [--now ISO] [--as ID] [--json] "问题"` and `ask -- --jsonl`
 * (lines {"q","now"?,"as"?} in; lines {"reply","sources":[{"section","title"}],"confidence"} out, same order).
 * The question-answering path without dialogue state.
 */
import { z } from 'zod';
import { loadCampaign, type Campaign } from '../../domain/campaign';
import { fixedClock, systemClock } from '../../domain/time';
import { ask, type AskResult } from '../../handlers/ask';
import { createDeps, withClock } from '../deps';
import { createLogger } from '../logger';
import { bootRedis } from '../redis-boot';
import { makeKeys } from '../../store/keys';
import { createRedis, waitReady } from '../../store/redis';
import { configFromCli, fail, failOnStartError, parseCli } from './common';
import { forEachJsonLine, writeLine } from './jsonl';

const lineSchema = z.object({ q: z.string(), now: z.iso.datetime({ offset: true }).optional(), as: z.string().min(1).optional() });

async function main(): Promise<void> {
  const { values, positionals } = parseCli({
    now: { type: 'string' },
    as: { type: 'string' },
    json: { type: 'boolean', default: false },
    jsonl: { type: 'boolean', default: false },
    campaign: { type: 'string' },
  });
  const config = configFromCli({ now: values.now, campaign: values.campaign });
  if (!values.jsonl && positionals.length === 0) fail('用法: npm run --silent ask -- [--now ISO] [--as ID] [--json] "问题"   或   ask -- --jsonl');
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let campaign: Campaign;
  let booted;
  let redis;
  try {
    campaign = loadCampaign(config.campaignPath);
    booted = await bootRedis(config);
    redis = createRedis(booted.url);
    await waitReady(redis);
  } catch (err) {
    failOnStartError(err);
  }
  const deps = createDeps({ campaign, redis, keys: makeKeys(config.redisPrefix, campaign.id), logger });
  const clockFor = (now?: string) => (now ? fixedClock(now, campaign.timezone) : config.now ? fixedClock(config.now, campaign.timezone) : campaign.demoNow ? fixedClock(campaign.demoNow, campaign.timezone) : systemClock(campaign.timezone));
  const run = (q: string, as: string | undefined, now: string | undefined): Promise<AskResult> =>
    ask(q, as !== undefined ? { contactId: as } : {}, withClock(deps, clockFor(now)));

  try {
    if (values.jsonl) {
      await forEachJsonLine(async (value) => {
        const p = lineSchema.safeParse(value);
        if (!p.success) return { reply: '无效的输入行：需要 {"q": "问题"}', sources: [], confidence: 0 };
        return run(p.data.q, p.data.as ?? values.as, p.data.now ?? values.now);
      });
    } else {
      const result = await run(positionals.join(' '), values.as, values.now);
      if (values.json) writeLine(result);
      else {
        process.stdout.write(`${result.reply}\n`);
        if (result.sources.length > 0) process.stdout.write(`\n来源: ${result.sources.map((s) => s.title).join('；')}（置信度 ${result.confidence.toFixed(2)}）\n`);
      }
    }
  } finally {
    redis.disconnect();
    await booted.stop();
  }
}

void main();
