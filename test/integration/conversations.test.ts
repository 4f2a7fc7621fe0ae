/**
 * Conversation tests as data: every `test/conversations/*.yaml` runs through the real runtime (Bottender
 * bot, router, every intent) on the real test Redis, with its own key prefix.
 *
 * File: { name, as?, now?, steps: Step[] }. A step is one of
 *   { as?, now?, text | action | choose: <option label prefix>, from?: <saved name>, save?: <name>,
 *     expect?: [fragments], expectNot?: [fragments] }
 *   { restart: true }                  a fresh runtime (new process state) on the same Redis prefix
 *   { seed: { except?: [questionIds], by? } }   answer every other question directly in the store (是 / first
 *                                      positive option / 1 / a date / 无), to reach submission quickly
 * Replies are matched on their text plus option labels. `choose` presses an option of the last reply the
 * same person got (or of the reply saved under `from`: an old button).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadConfig } from '../../bot/config';
import { createRuntime, type Runtime } from '../../bot/runtime';
import { loadCampaign } from '../../domain/campaign';
import type { Logger } from '../../domain/logger';
import type { Reply, ReplyOption } from '../../domain/reply';
import { fixedClock } from '../../domain/time';
import { RedisSelfCheckStore } from '../../store/self-check-store';
import { makeKeys } from '../../store/keys';
import { connectTestRedis, deletePrefix, testRedisUrl, uniquePrefix } from '../support/redis';
import type { AnswerValue } from '../../dialogs/answer-schemas';

const DIR = join(__dirname, '../conversations');
const campaign = loadCampaign(join(__dirname, '../../campaigns/xicheng-2016'));

const stepSchema = z.union([
  z.object({ restart: z.literal(true) }).strict(),
  z.object({ seed: z.object({ except: z.array(z.string()).default([]), by: z.string().default('jinrongjie-1') }) }).strict(),
  z
    .object({
      as: z.string().optional(),
      now: z.string().optional(),
      text: z.string().optional(),
      action: z.string().optional(),
      choose: z.string().optional(),
      from: z.string().optional(),
      save: z.string().optional(),
      expect: z.array(z.string()).default([]),
      expectNot: z.array(z.string()).default([]),
    })
    .strict()
    .refine((s) => [s.text, s.action, s.choose].filter((x) => x !== undefined).length === 1, { message: 'exactly one of text, action, choose' }),
]);
const fileSchema = z.object({ name: z.string(), as: z.string().default('jinrongjie-1'), now: z.string().optional(), steps: z.array(stepSchema).min(1) });

function recordingLogger(errors: unknown[]): Logger {
  const l: Logger = { error: (o) => void errors.push(o), warn: () => undefined, info: () => undefined, debug: () => undefined, child: () => l };
  return l;
}

function seedValue(qid: string): AnswerValue {
  const q = campaign.allQuestions().find((x) => x.question.id === qid)?.question;
  if (!q) throw new Error(qid);
  switch (q.type) {
    case 'yesno':
      return { t: 'yesno', v: '是' };
    case 'choice':
      return { t: 'choice', v: (q.options ?? []).find((o) => !o.negative)?.value ?? '' };
    case 'multi':
      return { t: 'multi', v: [q.options?.[0]?.value ?? ''] };
    case 'number':
      return { t: 'number', v: Math.max(q.min ?? 0, 1) };
    case 'date':
      return { t: 'date', v: '2016-06-01' };
    case 'text':
      return { t: 'text', v: '无' };
  }
}

const render = (replies: Reply[]) => replies.map((r) => [r.text, ...(r.options ?? []).map((o) => `[${o.label}]`)].join('\n')).join('\n---\n');

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('conversations', () => {
  it('has conversation files', () => expect(files.length).toBeGreaterThanOrEqual(6));

  for (const file of files) {
    const spec = fileSchema.parse(parse(readFileSync(join(DIR, file), 'utf8')));
    it(`${file}: ${spec.name}`, async () => {
      const prefix = uniquePrefix('conv');
      const errors: unknown[] = [];
      const config = loadConfig({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', ...(spec.now ? { BOT_NOW: spec.now } : {}) });
      const make = () => createRuntime({ config, redisUrl: testRedisUrl(), logger: recordingLogger(errors), defaultNow: 'demo', campaign });
      let rt: Runtime = await make();
      const redis = await connectTestRedis();
      const last = new Map<string, ReplyOption[]>();
      const saved = new Map<string, ReplyOption[]>();
      let as = spec.as;
      let now = spec.now;
      try {
        for (const [i, raw] of spec.steps.entries()) {
          if ('restart' in raw) {
            await rt.close();
            rt = await make();
            continue;
          }
          if ('seed' in raw) {
            const store = new RedisSelfCheckStore(redis, makeKeys(prefix, campaign.id), campaign);
            const at = fixedClock(now ?? campaign.demoNow ?? '2016-06-27T10:00:00+08:00')().format();
            for (const { question } of campaign.allQuestions()) {
              if (raw.seed.except.includes(question.id)) continue;
              const r = await store.commit(campaign.contact(raw.seed.by)?.unit ?? '', raw.seed.by, raw.seed.by, at, undefined, { answer: { questionId: question.id, value: seedValue(question.id), expectedVer: 0 } });
              if (!r.ok) throw new Error(`seed failed for ${question.id}`);
            }
            continue;
          }
          const s = raw;
          if (s.as) as = s.as;
          if (s.now) now = s.now;
          let inbound: { text?: string; action?: string } = {};
          if (s.text !== undefined) inbound = { text: s.text.replace(/\{\{repeat:(.+?):(\d+)\}\}/gu, (_m, ch: string, k: string) => ch.repeat(Number(k))) };
          else if (s.action !== undefined) inbound = { action: s.action };
          else {
            const opts = (s.from ? saved.get(s.from) : last.get(as)) ?? [];
            const opt = opts.find((o) => o.label === s.choose) ?? opts.find((o) => o.label.startsWith(s.choose ?? ''));
            if (!opt) throw new Error(`${file} step ${i + 1}: no option "${s.choose}" among ${opts.map((o) => o.label).join(' | ')}`);
            inbound = { action: opt.action };
          }
          const replies = await rt.handle({ from: { contactId: as }, ...inbound }, now ? { now } : {});
          const shown = render(replies);
          const where = `${file} step ${i + 1} (${as}: ${s.text ?? s.action ?? `[${s.choose}]`})\n--- reply ---\n${shown}\n`;
          for (const frag of s.expect) if (!shown.includes(frag)) throw new Error(`${where}expected fragment: ${frag}`);
          for (const frag of s.expectNot) if (shown.includes(frag)) throw new Error(`${where}unexpected fragment: ${frag}`);
          const opts = [...replies].reverse().find((r) => r.options?.length)?.options ?? [];
          last.set(as, opts);
          if (s.save) saved.set(s.save, opts);
        }
        expect(errors).toEqual([]);
      } finally {
        await rt.close();
        await deletePrefix(redis, prefix);
        redis.disconnect();
      }
    });
  }
});
