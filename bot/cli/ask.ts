/**
 * `npm run --silent ask -- [--now ISO] [--as ID] [--json] "问题"` and `ask -- --jsonl`
 * (lines {"q","now"?,"as"?} in; lines {"reply","sources":[{"section","title"}],"confidence"} out, same order).
 * The question-answering path without dialogue state.
 */
import { z } from 'zod';
import { ask, type AskResult } from '../../handlers/ask';
import { createDeps, withClock } from '../deps';
import { createLogger } from '../logger';
import { makeKeys } from '../../store/keys';
import { cliClock, configFromCli, exitQuietlyOnEpipe, fail, openCliSession, parseCli } from './common';
import { forEachJsonLine, writeLine } from './jsonl';

const lineSchema = z.object({ q: z.string(), now: z.iso.datetime({ offset: true }).optional(), as: z.string().min(1).optional() });

async function main(): Promise<void> {
  exitQuietlyOnEpipe();
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
  const session = await openCliSession(config);
  const { campaign, redis } = session;
  const { deps, close: closeDeps } = createDeps({ campaign, redis, keys: makeKeys(config.redisPrefix, campaign.id), logger });
  const clockFor = (now?: string) => cliClock(config, campaign, now);
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
    await closeDeps();
    await session.close();
  }
}

void main();
