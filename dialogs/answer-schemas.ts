/**
 * Parsing a typed answer per question type: zod schemas (string in, AnswerValue out) whose issues carry
 * Chinese messages that say how to answer correctly. Pure; the clock comes in as `now`.
 */
import { z } from 'zod';
import type { FollowUp, Question, YesNoValue } from '../domain/campaign';
import { YESNO_VALUES } from '../domain/campaign';
import { dayjs, type Dayjs } from '../domain/time';

/** A stored answer value. `t` is the question type; `note` keeps what followed 是/否/部分, or the 不适用 reason. */
export const answerValueSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('yesno'), v: z.enum(YESNO_VALUES), note: z.string().max(2000).optional() }),
  z.object({ t: z.literal('choice'), v: z.string().min(1) }),
  z.object({ t: z.literal('multi'), v: z.array(z.string().min(1)).min(1) }),
  z.object({ t: z.literal('number'), v: z.number() }),
  z.object({ t: z.literal('date'), v: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.object({ t: z.literal('text'), v: z.string().min(1).max(2000) }),
]);
export type AnswerValue = z.output<typeof answerValueSchema>;

const YES = ['是', '有', '对', '已', '是的', '有的', '对的', '已经', '已完成', '已落实', '已建立', '已开展', '做到了', '好', 'yes', 'y', 'ok', '√', '✓'];
const NO = ['否', '没有', '无', '未', '没', '不是', '不', '没做', '未开展', '未建立', '未落实', 'no', 'n', '×', '✗'];
const PARTIAL = ['部分', '部分完成', '部分是', '部分有', '部分做到', '一部分', '部分落实', '部分整改', 'partial', 'part'];
const NA = ['不适用', '不涉及', '无此情况', '不存在', 'na', 'n/a'];
const SYNONYMS: [YesNoValue, string[]][] = [
  ['不适用', NA],
  ['部分', PARTIAL],
  ['是', YES],
  ['否', NO],
];
const SEPARATOR = /^[\s,，。.;；:：、!！()（）]+/u;

/** Normalised form for matching labels and synonyms (full-width → half-width, lower case, no spaces). */
export function matchForm(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[。.!！~～]+$/u, '');
}

/** Parse 是/否/部分/不适用 with synonyms; "否，没有台账" keeps "没有台账" as a note; option numbers 1–4 work too. */
export function parseYesNo(raw: string): { v: YesNoValue; note?: string } | undefined {
  const m = matchForm(raw);
  const byNumber = /^[1-4]$/.test(m) ? YESNO_VALUES[Number(m) - 1] : undefined;
  if (byNumber) return { v: byNumber };
  for (const [v, words] of SYNONYMS) if (words.includes(m)) return { v };
  // A leading answer word followed by a separator and an explanation: "不适用，本单位无三级系统".
  const text = raw.normalize('NFKC').trim();
  for (const [v, words] of SYNONYMS) {
    for (const w of [...words].sort((a, b) => b.length - a.length)) {
      if (text.toLowerCase().startsWith(w)) {
        const rest = text.slice(w.length);
        if (rest.length > 0 && SEPARATOR.test(rest)) {
          const note = rest.replace(SEPARATOR, '').trim();
          return note ? { v, note } : { v };
        }
      }
    }
  }
  return undefined;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 0–99 in Chinese numerals (三, 十二, 二十, 二十五), or undefined. */
export function parseChineseNumber(s: string): number | undefined {
  if (s.length === 1 && s in CN_DIGITS) return CN_DIGITS[s];
  const m = /^([一二三四五六七八九两])?十([一二三四五六七八九])?$/u.exec(s);
  if (!m) return undefined;
  return (m[1] ? (CN_DIGITS[m[1]] ?? 0) : 1) * 10 + (m[2] ? (CN_DIGITS[m[2]] ?? 0) : 0);
}

/** Option index from "2", "2.", "第2项", "(2)", "②"; 0-based, or undefined. */
function optionNumber(m: string, count: number): number | undefined {
  const circled = '①②③④⑤⑥⑦⑧⑨⑩'.indexOf(m);
  if (circled >= 0 && circled < count) return circled;
  const n = /^(?:第)?\(?(\d{1,2})\)?(?:项|个|[.、)])?$/u.exec(m);
  if (!n) return undefined;
  const i = Number(n[1]) - 1;
  return i >= 0 && i < count ? i : undefined;
}

/** Resolve one token to an option index: number, exact label, or a unique partial match. */
export function resolveOption(token: string, labels: string[]): number | undefined {
  const m = matchForm(token);
  if (!m) return undefined;
  const byNum = optionNumber(m, labels.length);
  if (byNum !== undefined) return byNum;
  const forms = labels.map(matchForm);
  const exact = forms.indexOf(m);
  if (exact >= 0) return exact;
  const partial = forms.map((f, i) => (f.includes(m) || m.includes(f) ? i : -1)).filter((i) => i >= 0);
  return partial.length === 1 ? partial[0] : undefined;
}

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

function strictDate(y: number, m: number, d: number): Dayjs | undefined {
  const s = `${y}-${m}-${d}`;
  const p = dayjs(s, 'YYYY-M-D', true);
  return p.isValid() ? p : undefined;
}

/**
 * Dates as people type them: 2016-07-08, 2016/7/8, 2016年7月8日, 7月8日, 7.8, 7-8, 7/8, 今天, 明天, 后天,
 * 昨天, 下周五, 本周三, 这周三, 周五 (this week). Relative to `now` (in the campaign timezone). Strict: 2月30日 fails.
 * Returns `YYYY-MM-DD`, 'invalid' for a real-looking but impossible date, or undefined when not a date.
 */
export function parseDate(raw: string, now: Dayjs): string | 'invalid' | undefined {
  const s = raw.normalize('NFKC').replace(/\s+/g, '').replace(/[。.]$/u, '');
  const today = dayjs(now.format('YYYY-MM-DD'), 'YYYY-MM-DD', true);
  const rel: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 昨天: -1, 昨日: -1, 前天: -2 };
  if (s in rel) return today.add(rel[s] ?? 0, 'day').format('YYYY-MM-DD');
  const wk = /^(下下|下|本|这|上)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])$/u.exec(s);
  if (wk) {
    const shift = { 下下: 2, 下: 1, 本: 0, 这: 0, 上: -1 }[wk[1] ?? '本'] ?? 0;
    const day = WEEKDAYS[wk[2] ?? ''] ?? 1;
    return today.add(shift, 'week').isoWeekday(day).format('YYYY-MM-DD');
  }
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/u.exec(s);
  if (m) return strictDate(Number(m[1]), Number(m[2]), Number(m[3]))?.format('YYYY-MM-DD') ?? 'invalid';
  m = /^(\d{1,2})月(\d{1,2})[日号]?$/u.exec(s) ?? /^(\d{1,2})[-/.](\d{1,2})$/u.exec(s);
  if (m) return strictDate(now.year(), Number(m[1]), Number(m[2]))?.format('YYYY-MM-DD') ?? 'invalid';
  return undefined;
}

export interface ParseContext {
  now: Dayjs;
}

/** Hints shown with a question: how to answer this type. */
export function typeHint(q: Pick<Question, 'type' | 'min' | 'max' | 'unit' | 'maxLength' | 'required'>): string {
  switch (q.type) {
    case 'yesno':
      return '请回答：是 / 否 / 部分 / 不适用（不适用请说明原因）';
    case 'choice':
      return '请选择一项（可输入序号）';
    case 'multi':
      return '可多选：逐个点选（再点一次取消），选完点“完成选择”；也可以直接输入序号或选项，用顿号、逗号或空格分隔，例如 1、3';
    case 'number':
      return `请输入数字${q.unit ? `（单位：${q.unit}）` : ''}${q.min !== undefined && q.max !== undefined ? `，范围 ${q.min}–${q.max}` : ''}`;
    case 'date':
      return '请输入日期，例如 2016-07-08、7月8日、7.8 或 下周五';
    case 'text':
      return `请直接输入文字${q.maxLength ? `（不超过 ${q.maxLength} 字）` : ''}`;
  }
}

type QLike = Pick<Question, 'type' | 'options' | 'min' | 'max' | 'unit' | 'maxLength'>;

type AnswerSchema = z.ZodType<AnswerValue, string>;

// Building a zod schema costs far more than running it, and every answer needs one: schemas that depend only
// on the question are built once. Date schemas depend on today's date (parseDate reads only the calendar date
// of "now": 下周五, 7月8日) and on the earliest date allowed, so they are kept per (today, notBefore).
const byOptions = new WeakMap<object, Map<string, AnswerSchema>>();
const byShape = new Map<string, AnswerSchema>();
const byDay = new Map<string, AnswerSchema>();

/** The zod schema that turns typed text into the answer for `q` (a question or a follow-up). */
export function answerSchema(q: QLike, ctx: ParseContext, extra: { notBefore?: string } = {}): AnswerSchema {
  if (q.type === 'date') {
    const key = `${ctx.now.format('YYYY-MM-DD')}|${extra.notBefore ?? ''}`;
    let s = byDay.get(key);
    if (!s) {
      if (byDay.size >= 64) byDay.clear();
      byDay.set(key, (s = buildAnswerSchema(q, ctx, extra)));
    }
    return s;
  }
  if ((q.type === 'choice' || q.type === 'multi') && q.options) {
    let m = byOptions.get(q.options);
    if (!m) byOptions.set(q.options, (m = new Map()));
    let s = m.get(q.type);
    if (!s) m.set(q.type, (s = buildAnswerSchema(q, ctx, extra)));
    return s;
  }
  const key = [q.type, q.min, q.max, q.unit, q.maxLength].join('|');
  let s = byShape.get(key);
  if (!s) byShape.set(key, (s = buildAnswerSchema(q, ctx, extra)));
  return s;
}

function buildAnswerSchema(q: QLike, ctx: ParseContext, extra: { notBefore?: string }): AnswerSchema {
  const base = z.string({ message: '请输入回答' }).trim().min(1, { message: '回答不能为空' });
  switch (q.type) {
    case 'yesno':
      return base.transform((s, c): AnswerValue => {
        const p = parseYesNo(s);
        if (!p) {
          c.addIssue({ code: 'custom', message: `没有看懂“${short(s)}”。这道题请回答 是 / 否 / 部分 / 不适用（也可以说“有”“没有”）。` });
          return z.NEVER;
        }
        return p.note ? { t: 'yesno', v: p.v, note: p.note } : { t: 'yesno', v: p.v };
      });
    case 'choice': {
      const labels = (q.options ?? []).map((o) => o.label);
      return base.transform((s, c): AnswerValue => {
        const i = resolveOption(s, labels);
        const opt = i !== undefined ? q.options?.[i] : undefined;
        if (!opt) {
          c.addIssue({ code: 'custom', message: `“${short(s)}”不是本题的选项。请输入序号 1–${labels.length}，或选项文字，例如“${labels[0]}”。` });
          return z.NEVER;
        }
        return { t: 'choice', v: opt.value };
      });
    }
    case 'multi': {
      const labels = (q.options ?? []).map((o) => o.label);
      return base.transform((s, c): AnswerValue => {
        const tokens = s.normalize('NFKC').split(/[、,，;；/\s]+|和|及/u).filter(Boolean);
        const picked: string[] = [];
        for (const t of tokens) {
          const i = resolveOption(t, labels);
          const opt = i !== undefined ? q.options?.[i] : undefined;
          if (!opt) {
            c.addIssue({ code: 'custom', message: `“${short(t)}”不是本题的选项。请输入序号（1–${labels.length}），多个用顿号或空格分隔，例如“1、3”。` });
            return z.NEVER;
          }
          if (!picked.includes(opt.value)) picked.push(opt.value);
        }
        // Keep the campaign's option order, whatever order they were typed in.
        const order = (q.options ?? []).map((o) => o.value);
        return { t: 'multi', v: picked.sort((a, b) => order.indexOf(a) - order.indexOf(b)) };
      });
    }
    case 'number':
      return base.transform((s, c): AnswerValue => {
        const m = s.normalize('NFKC').replace(/^(共|总共|合计|一共|约)/u, '').replace(new RegExp(`(${q.unit ?? '个'}|个|套|项|台)$`, 'u'), '').trim();
        const n = /^-?\d+(\.\d+)?$/.test(m) ? Number(m) : parseChineseNumber(m);
        if (n === undefined || !Number.isFinite(n)) {
          c.addIssue({ code: 'custom', message: `请输入一个数字，例如 3${q.unit ? `（单位：${q.unit}）` : ''}；没有请填 0。` });
          return z.NEVER;
        }
        if (!Number.isInteger(n)) {
          c.addIssue({ code: 'custom', message: '请填写整数，例如 3。' });
          return z.NEVER;
        }
        if (q.min !== undefined && n < q.min) {
          c.addIssue({ code: 'custom', message: `数字不能小于 ${q.min}。` });
          return z.NEVER;
        }
        if (q.max !== undefined && n > q.max) {
          c.addIssue({ code: 'custom', message: `数字不能大于 ${q.max}，请核对后重新输入。` });
          return z.NEVER;
        }
        return { t: 'number', v: n };
      });
    case 'date':
      return base.transform((s, c): AnswerValue => {
        const d = parseDate(s, ctx.now);
        if (d === undefined) {
          c.addIssue({ code: 'custom', message: `没有看懂日期“${short(s)}”。请输入如 2016-07-08、7月8日、7.8 或 下周五。` });
          return z.NEVER;
        }
        if (d === 'invalid') {
          c.addIssue({ code: 'custom', message: `“${short(s)}”不是一个存在的日期，请核对月份和日期。` });
          return z.NEVER;
        }
        if (extra.notBefore && d < extra.notBefore) {
          c.addIssue({ code: 'custom', message: `计划日期不能早于今天（${extra.notBefore}），请填写今后的日期。` });
          return z.NEVER;
        }
        return { t: 'date', v: d };
      });
    case 'text': {
      const max = q.maxLength ?? 2000;
      return base.transform((s, c): AnswerValue => {
        if (looksLikeMarkup(s)) {
          c.addIssue({ code: 'custom', message: MARKUP_MESSAGE });
          return z.NEVER;
        }
        const len = [...s].length;
        if (len > max) {
          c.addIssue({ code: 'custom', message: `内容太长了（${len} 字），本题不超过 ${max} 字，请精简后重新输入。` });
          return z.NEVER;
        }
        return { t: 'text', v: s };
      });
    }
  }
}

/** Schema for a follow-up: planned dates must not lie in the past. */
export function followUpSchema(f: FollowUp, ctx: ParseContext): z.ZodType<AnswerValue, string> {
  return answerSchema({ type: f.type }, ctx, f.role === 'plannedDate' ? { notBefore: ctx.now.format('YYYY-MM-DD') } : {});
}

const MARKUP_MESSAGE = '请直接输入文字内容，不要粘贴卡片代码或标记（如 {"tag": …}、<at …>、<font …>）。';

/** Text that looks like Lark card JSON or rich-text markup: never stored as an answer (it would render as markup). */
export function looksLikeMarkup(s: string): boolean {
  const t = s.trim();
  if (/^[{[]/.test(t) && /"(tag|elements|header|msg_type|card|i18n_elements)"\s*:/.test(t)) return true;
  return /<\/?(at|font|a|b|i|u|lark_md|text_tag|link|button|div|img|span|script)\b[^>]*>/i.test(t);
}

/** The reason for 不适用: a short free text. */
export const naReasonSchema = z
  .string()
  .trim()
  .min(2, { message: '请用几个字说明为什么不适用，例如“本单位没有第三级系统”。' })
  .max(500, { message: '原因请控制在 500 字以内。' })
  .refine((s) => !looksLikeMarkup(s), { message: MARKUP_MESSAGE });

/** Human-readable answer, as shown in summaries and the report. */
export function formatAnswer(v: AnswerValue, q?: Pick<Question, 'unit' | 'options'>): string {
  const label = (val: string) => q?.options?.find((o) => o.value === val)?.label ?? val;
  switch (v.t) {
    case 'yesno':
      return v.note ? `${v.v}（${v.note}）` : v.v;
    case 'choice':
      return label(v.v);
    case 'multi':
      return v.v.map(label).join('、');
    case 'number':
      return `${v.v}${q?.unit ?? ''}`;
    case 'date':
      return v.v;
    case 'text':
      return v.v;
  }
}

/** True when the answer opens follow-ups: 否, 部分, or an option marked negative. */
export function isNegative(v: AnswerValue, q: Pick<Question, 'options'>): boolean {
  if (v.t === 'yesno') return v.v === '否' || v.v === '部分';
  if (v.t === 'choice') return q.options?.find((o) => o.value === v.v)?.negative === true;
  return false;
}

function short(s: string, max = 20): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}
