/**
 * Question sets for measuring the engine (`npm run eval:qa`, `bench/qa.ts`): the file format and the scoring
 * rule. A case passes when every expect group has one of its strings in the reply; an off-topic case passes when
 * the reply has no sources, says it does not know, and points to the contacts.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { dayjs, type Dayjs } from '../../domain/time';
import type { PolicyAnswer, PolicyEngine } from './policy-types';

/** `now` for cases without one: in the self-check phase. */
export const DEFAULT_EVAL_NOW = '2016-06-27T10:00:00+08:00';

const caseSchema = z.object({
  q: z.string().min(1),
  expect: z.array(z.array(z.string().min(1)).min(1)).optional(),
  now: z.iso.datetime({ offset: true }).optional(),
  offtopic: z.boolean().optional(),
}).refine((c) => c.offtopic || (c.expect && c.expect.length > 0), { message: 'a case needs expect groups or offtopic: true' });
export type QaCase = z.output<typeof caseSchema>;

const setSchema = z.object({ about: z.string().optional(), cases: z.array(caseSchema).min(1) });

export function loadQaSet(file: string): QaCase[] {
  const parsed = setSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data.cases;
}

export function caseNow(c: QaCase, tz: string): Dayjs {
  return dayjs(c.now ?? DEFAULT_EVAL_NOW).tz(tz);
}

const DONT_KNOW = /不太确定|不确定|不知道|不清楚|没有找到|无法回答/;
const PHONE = /\d{7,8}|1\d{10}/;

/** Why a case failed, or undefined when it passed. */
export function judge(c: QaCase, a: PolicyAnswer): string | undefined {
  if (c.offtopic) {
    if (a.sources.length > 0) return 'off-topic question answered with sources';
    if (!DONT_KNOW.test(a.reply)) return 'off-topic reply does not say it does not know';
    if (!/联系/.test(a.reply) || !PHONE.test(a.reply)) return 'off-topic reply gives no contacts';
    return undefined;
  }
  const missing = (c.expect ?? []).filter((group) => !group.some((s) => a.reply.includes(s)));
  return missing.length > 0 ? `missing ${missing.map((g) => g.join('|')).join(', ')}` : undefined;
}

export interface SetResult {
  total: number;
  passed: number;
  failures: Array<{ c: QaCase; answer: PolicyAnswer; why: string }>;
}

export function runQaSet(engine: PolicyEngine, cases: QaCase[], tz: string): SetResult {
  const failures: SetResult['failures'] = [];
  for (const c of cases) {
    const answer = engine.answer(c.q, caseNow(c, tz));
    const why = judge(c, answer);
    if (why) failures.push({ c, answer, why });
  }
  return { total: cases.length, passed: cases.length - failures.length, failures };
}
