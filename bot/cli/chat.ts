/**
 * `npm run --silent chat -- --jsonl`: the same bot as the console, driven by JSON lines.
 * In:  {"as"?, "now"?, "text"} | {"as"?, "now"?, "action"} | {"restart": true}   (`as`/`now` stick)
 * Out: one line per turn: {"replies":[{"text","options"?}]} | {"restarted":true} | {"error": "..."}
 */
import { z } from 'zod';
import { createLogger } from '../logger';
import { bootRedis } from '../redis-boot';
import { createRuntime, type Runtime } from '../runtime';
import { configFromCli, exitQuietlyOnEpipe, fail, failOnStartError, parseCli } from './common';
import { forEachJsonLine } from './jsonl';

const turnSchema = z.union([
  z.object({ restart: z.literal(true) }).strict(),
  z
    .object({
      as: z.string().min(1).max(200).optional(),
      now: z.iso.datetime({ offset: true }).optional(),
      text: z.string().optional(),
      action: z.string().optional(),
    })
    .strict()
    .refine((t) => (t.text === undefined) !== (t.action === undefined), { message: 'exactly one of text or action' }),
]);

async function main(): Promise<void> {
  exitQuietlyOnEpipe();
  const { values } = parseCli({ jsonl: { type: 'boolean', default: false }, as: { type: 'string', default: 'jinrongjie-1' }, now: { type: 'string' }, campaign: { type: 'string' } });
  if (!values.jsonl) fail('用法: npm run --silent chat -- --jsonl  (stdin: one JSON turn per line)');
  const config = configFromCli({ now: values.now, campaign: values.campaign });
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let runtime: Runtime;
  let redis;
  try {
    redis = await bootRedis(config);
    runtime = await createRuntime({ config, redisUrl: redis.url, logger, defaultNow: 'demo' });
  } catch (err) {
    failOnStartError(err);
  }
  let as = values.as ?? 'jinrongjie-1';
  let now: string | undefined;
  await forEachJsonLine(async (value) => {
    const parsed = turnSchema.safeParse(value);
    if (!parsed.success) return { error: `无效的输入行: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`).join('; ')}` };
    const t = parsed.data;
    if ('restart' in t) {
      // Drop all in-process state; build a fresh bot on the same Redis.
      await runtime.close();
      runtime = await createRuntime({ config, redisUrl: redis.url, logger, defaultNow: 'demo' });
      return { restarted: true };
    }
    if (t.as !== undefined) as = t.as;
    if (t.now !== undefined) now = t.now;
    const replies = await runtime.handle({ from: { contactId: as }, text: t.text, action: t.action }, now ? { now } : {});
    return { replies };
  });
  await runtime.close();
  await redis.stop();
}

void main();
