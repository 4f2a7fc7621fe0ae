/**
 * Reply formatting: the direct answer first, then a brief quote of the clause, then the citation
 * (`依据：八、时间安排（一）信息安全自查、检测`). Also the honest "not sure" reply with suggestions and contacts.
 */
import type { ReplyOption } from '../../domain/reply';
import { cnDate, cnFullDate } from '../../domain/time';
import type { Knowledge } from './knowledge';
import { POLICY_ACTION_PREFIX, type PolicyAnswer } from './policy-types';

export const QUOTE_MAX = 90;

/** Shorten a clause for quoting, keeping the part around `focus` (a date, a name) when given. */
export function brief(text: string, focus?: string, max = QUOTE_MAX): string {
  const t = text.replace(/(?<=[。；：！？”）])\n/g, '').replace(/\n/g, ' ');
  if (t.length <= max) return t;
  const clauses = t.split(/(?<=[，；。：])/);
  let at = focus ? clauses.findIndex((c) => c.includes(focus)) : 0;
  if (at < 0) at = 0;
  let lo = at;
  let hi = at + 1;
  let len = clauses[at]?.length ?? 0;
  while (hi < clauses.length && len + (clauses[hi]?.length ?? 0) <= max) len += clauses[hi++]?.length ?? 0;
  while (lo > 0 && len + (clauses[lo - 1]?.length ?? 0) <= max) len += clauses[--lo]?.length ?? 0;
  const body = clauses.slice(lo, hi).join('').replace(/[，；：]$/, '');
  return `${lo > 0 ? '……' : ''}${body}${hi < clauses.length ? '……' : ''}`;
}

/** 2016-07-08 → 2016年7月8日, or 7月8日 when the year is the notice's own. */
export function dateText(k: Knowledge, iso: string): string {
  if (/^\d{4}-\d{2}$/.test(iso)) {
    const [y, m] = iso.split('-');
    return Number(y) === k.facts.year ? `${Number(m)}月` : `${y}年${Number(m)}月`;
  }
  return iso.startsWith(`${k.facts.year}-`) ? cnDate(iso) : cnFullDate(iso);
}

export function rangeText(k: Knowledge, start: string, end: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(start);
  const first = m ? `${m[1]}年${Number(m[2])}月` : cnFullDate(start);
  return `${first}至${dateText(k, end)}`;
}

export interface AnswerParts {
  direct: string;
  quote?: string;
  /** Focus for shortening the quote. */
  focus?: string;
  sections: string[];
  confidence: number;
}

export function answerWith(k: Knowledge, p: AnswerParts): PolicyAnswer {
  const ids = [...new Set(p.sections)].filter((id) => k.sections.has(id));
  const sources = ids.map((id) => ({ section: id, title: k.sections.get(id)?.title ?? id }));
  const lines = [p.direct.trim()];
  if (p.quote && !p.direct.includes(p.quote.replace(/。$/, ''))) lines.push(`原文：“${brief(p.quote, p.focus)}”`);
  if (sources.length > 0) lines.push(`依据：${sources.map((s) => s.title).join('；')}`);
  return { reply: lines.join('\n'), sources, confidence: Math.max(0, Math.min(1, p.confidence)), understood: true };
}

export function contactsText(k: Knowledge): string {
  if (k.contacts.length === 0) return '如需帮助，请联系检查工作组。';
  return `如需帮助，请联系检查工作组：${k.contacts.map((c) => `${c.office ? `${c.office} ` : ''}${c.name} ${c.phone}`).join('；')}。`;
}

/** The honest reply: not sure, the closest sections as options, and the staff contacts. */
export function notSure(k: Knowledge, closest: string[], confidence: number): PolicyAnswer {
  const options: ReplyOption[] = closest
    .filter((id) => k.sections.has(id))
    .slice(0, 3)
    .map((id) => ({ label: k.sections.get(id)?.title ?? id, action: `${POLICY_ACTION_PREFIX}${id}` }));
  const lines = ['抱歉，这个问题我不太确定，在检查通知里没有找到明确的答案。'];
  if (options.length > 0) lines.push('您是不是想问以下内容？（请选择）');
  lines.push(contactsText(k));
  const answer: PolicyAnswer = { reply: lines.join('\n'), sources: [], confidence: Math.max(0, Math.min(1, confidence)), understood: false };
  if (options.length > 0) answer.options = options;
  return answer;
}

/** Join names as 《A》和《B》. */
export function docList(names: string[]): string {
  const quoted = names.map((n) => `《${n}》`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join('、')}和${quoted[quoted.length - 1]}`;
}
