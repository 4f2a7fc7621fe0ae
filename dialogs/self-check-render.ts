/**
 * The words of the self-check: prompts, menu, progress, summaries. Pure functions of the campaign, the unit
 * snapshot and the dialog state.
 */
import type { Area, Campaign, FollowUp, Question } from '../domain/campaign';
import { YESNO_VALUES } from '../domain/campaign';
import type { Reply, ReplyOption } from '../domain/reply';
import { cnDate, cnFullDate, type Dayjs } from '../domain/time';
import { formatAnswer, typeHint } from './answer-schemas';
import { act } from './self-check-actions';
import { pickedNow, type DialogState } from './self-check-state';
import type { AnswerRecord, UnitSnapshot } from './ports';

export interface EngineCtx {
  campaign: Campaign;
  unit: UnitSnapshot;
  now: Dayjs;
  /** The contact acting in this turn. */
  contactId: string;
}

export const cmdAction = (text: string) => `cmd:${text}`;

export interface Located {
  area: Area;
  question: Question;
  index: number;
}

export function locate(campaign: Campaign, questionId: string | undefined): Located | undefined {
  if (questionId === undefined) return undefined;
  for (const area of campaign.areas) {
    const index = area.questions.findIndex((q) => q.id === questionId);
    const question = area.questions[index];
    if (question) return { area, question, index };
  }
  return undefined;
}

/** Answered (a value) or deliberately skipped. */
export function isSettled(r: AnswerRecord | undefined): boolean {
  return r !== undefined && (r.value !== undefined || r.skipped === true);
}

export function areaCounts(area: Area, unit: UnitSnapshot): { answered: number; total: number; done: boolean } {
  const answered = area.questions.filter((q) => unit.answers[q.id]?.value !== undefined).length;
  const done = area.questions.every((q) => isSettled(unit.answers[q.id]));
  return { answered, total: area.questions.length, done };
}

export function missingRequired(campaign: Campaign, unit: UnitSnapshot): Located[] {
  const out: Located[] = [];
  for (const area of campaign.areas) area.questions.forEach((question, index) => {
    if (question.required && unit.answers[question.id]?.value === undefined) out.push({ area, question, index });
  });
  return out;
}

export function whoName(campaign: Campaign, contactId: string): string {
  return campaign.contact(contactId)?.name ?? contactId;
}

/** "6月27日 10:00" from an ISO instant stored with the campaign's offset. */
export function when(iso: string, _now?: Dayjs): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}` : iso;
}

/** "当前答案：是（王晓明 6月27日 10:00）" */
export function currentAnswerLine(ctx: EngineCtx, q: Question): string | undefined {
  const r = ctx.unit.answers[q.id];
  if (!r) return undefined;
  const val = r.value ? formatAnswer(r.value, q) : '（已跳过）';
  return `当前答案：${val}（${whoName(ctx.campaign, r.by)} ${when(r.at, ctx.now)}）`;
}

export function questionOptions(q: Question, state: DialogState, answered: boolean): ReplyOption[] {
  const n = state.n;
  const opts: ReplyOption[] = [];
  if (q.type === 'yesno') YESNO_VALUES.forEach((v, i) => opts.push({ label: v, action: act.answer(q.id, i, n) }));
  if (q.type === 'choice') (q.options ?? []).forEach((o, i) => opts.push({ label: o.label, action: act.answer(q.id, i, n) }));
  if (q.type === 'multi') {
    const picked = pickedNow(state);
    (q.options ?? []).forEach((o, i) => opts.push({ label: picked.includes(i) ? `✓ ${o.label}` : o.label, action: act.answer(q.id, i, n) }));
    if (picked.length > 0) opts.push({ label: `完成选择（已选 ${picked.length} 项）`, action: act.done(q.id, n) });
  }
  if (answered) opts.push({ label: '保留当前答案', action: act.keep(q.id, n) });
  else if (!q.required) opts.push({ label: '跳过', action: act.skip(q.id, n) });
  return opts;
}

export function renderQuestion(ctx: EngineCtx, state: DialogState, lead?: string): Reply {
  const loc = locate(ctx.campaign, state.questionId);
  if (!loc) return { text: '请输入“开始自查”选择要填写的方面。' };
  const { area, question: q, index } = loc;
  const current = currentAnswerLine(ctx, q);
  const lines = [
    ...(lead ? [lead, ''] : []),
    `【${area.short}】第${index + 1}/${area.questions.length}题${q.required ? '' : '（选答）'}`,
    q.text,
  ];
  if (q.type === 'multi') lines.push((q.options ?? []).map((o, i) => `${i + 1}. ${o.label}`).join('  '));
  if (current) lines.push(current);
  lines.push(`（${typeHint(q)}${current ? '；如无变化请选“保留当前答案”' : ''}。输入“帮助”看说明，“暂停”稍后继续）`);
  return { text: lines.join('\n'), options: questionOptions(q, state, current !== undefined) };
}

export function renderFollowUp(ctx: EngineCtx, state: DialogState, fu: FollowUp, total: number, lead?: string): Reply {
  const loc = locate(ctx.campaign, state.questionId);
  const lines = [
    ...(lead ? [lead, ''] : []),
    `【${loc?.area.short ?? ''}】第${(loc?.index ?? 0) + 1}题 · 追问 ${state.followUpIndex + 1}/${total}`,
    `${fu.text}${fu.required ? '' : '（选填）'}`,
    `（${fu.type === 'date' ? '请输入日期，例如 2016-07-31、7月31日 或 下周五' : fu.type === 'number' ? '请输入数字' : '请直接输入文字'}；输入“上一题”返回）`,
  ];
  const opts: ReplyOption[] = fu.required ? [] : [{ label: '跳过', action: act.skip(fu.id, state.n) }];
  return { text: lines.join('\n'), options: opts.length ? opts : undefined };
}

export const CLOSING_PROMPTS = [
  {
    field: 'organisation' as const,
    text: '请简要说明本单位此次安全检查的组织开展情况（如牵头领导和部门、参与人员、自查的时间和方式）。这段话将写入自查报告第一部分。',
  },
  { field: 'opinions' as const, text: '您对信息安全工作有什么意见和建议？这段话将写入自查报告第四部分。没有可输入“无”。' },
];

export function renderClosing(state: DialogState, lead?: string): Reply {
  const c = CLOSING_PROMPTS[state.closingIndex] ?? CLOSING_PROMPTS[0];
  const lines = [...(lead ? [lead, ''] : []), `【报告补充】${state.closingIndex + 1}/${CLOSING_PROMPTS.length}`, c?.text ?? '', '（请直接输入文字，不超过 2000 字；可“跳过”）'];
  return { text: lines.join('\n'), options: [{ label: '跳过', action: act.skip(c?.field ?? 'organisation', state.n) }] };
}

export function progressText(ctx: EngineCtx): string {
  const lines = ['本单位自查进度（已答/题数）：'];
  ctx.campaign.areas.forEach((a, i) => {
    const c = areaCounts(a, ctx.unit);
    lines.push(`${i + 1}. ${a.short} ${c.answered}/${c.total}${c.done ? ' ✓' : ''}`);
  });
  const missing = missingRequired(ctx.campaign, ctx.unit).length;
  const m = ctx.unit.meta;
  if (m.submittedAt) lines.push(`已于 ${when(m.submittedAt, ctx.now)} 提交${m.amendedAt ? `，${when(m.amendedAt, ctx.now)} 有更正` : ''}。`);
  else lines.push(missing === 0 ? '必答题已全部完成，可以输入“提交自查”。' : `还有 ${missing} 道必答题未答。`);
  return lines.join('\n');
}

export function menuReply(ctx: EngineCtx, lead?: string): Reply {
  const options: ReplyOption[] = ctx.campaign.areas.map((a) => {
    const c = areaCounts(a, ctx.unit);
    return { label: `${a.short} ${c.answered}/${c.total}${c.done ? ' ✓' : ''}`, action: act.area(a.id) };
  });
  if (missingRequired(ctx.campaign, ctx.unit).length === 0 && !ctx.unit.meta.submittedAt) options.push({ label: '提交自查', action: cmdAction('提交自查') });
  const text = [
    ...(lead ? [lead, ''] : []),
    `${ctx.campaign.areas.length}个检查方面（通知“五、检查内容”），请选择要填写的方面（可输入序号）：`,
    '也可以直接输入“自查 等级保护”，或随时输入“进度”“暂停”“继续”“帮助”。',
  ].join('\n');
  return { text, options };
}

export function areaSummary(ctx: EngineCtx, area: Area): string {
  const lines = [`【${area.short}】${area.title}（${area.clause}）`];
  area.questions.forEach((q, i) => {
    const r = ctx.unit.answers[q.id];
    const val = r?.value ? formatAnswer(r.value, q) : r?.skipped ? '（已跳过）' : '（未答）';
    lines.push(`${i + 1}. ${q.text}\n   → ${val}`);
  });
  const items = ctx.unit.remediation.filter((r) => r.areaId === area.id);
  if (items.length) lines.push(`整改事项 ${items.length} 项：${items.map((r) => `${r.problem}${r.plannedDate ? `（计划 ${cnDate(r.plannedDate)}）` : ''}`).join('；')}`);
  return lines.join('\n');
}

export function submissionSummary(ctx: EngineCtx): string {
  const lines = ['自查汇总：'];
  for (const a of ctx.campaign.areas) {
    const c = areaCounts(a, ctx.unit);
    const neg = ctx.unit.remediation.filter((r) => r.areaId === a.id && r.source === 'selfcheck' && r.status !== 'fixed' && r.status !== 'confirmed').length;
    lines.push(`· ${a.short}：已答 ${c.answered}/${c.total}${neg ? `，发现问题 ${neg} 项` : '，未发现问题'}`);
  }
  const open = ctx.unit.remediation.filter((r) => r.status === 'open' || r.status === 'in-progress' || r.status === 'reopened').length;
  lines.push(`问题与整改：共 ${open} 项待整改。`);
  return lines.join('\n');
}

/** What still has to happen off-line after submitting, from the campaign's paper deliverable. */
export function offlineSteps(campaign: Campaign): string {
  const paper = campaign.deliverables.find((d) => d.completion === 'paper') ?? campaign.deliverables.find((d) => d.from === 'units');
  if (!paper) return '';
  const office = campaign.office(paper.recipient);
  const officeName = office ? `${office.aliases[0] ?? office.name}（${office.name}）` : paper.recipient;
  return `还需线下完成：将《自查报告》和《政务信息系统安全检查情况报告表》打印，${paper.forms.join('，连同')}，于${cnFullDate(paper.due)}前报送${officeName}（${paper.clause}）。`;
}

/** The notice paragraph of a clause such as 五（三）: the line starting with (三) inside section 五. */
export function clauseText(campaign: Campaign, clause: string): string | undefined {
  const m = /^([一二三四五六七八九十]+)(?:（([一二三四五六七八九十]+)）)?$/u.exec(clause);
  if (!m) return undefined;
  const lines = campaign.noticeText.normalize('NFKC').split('\n').map((l) => l.trim()).filter(Boolean);
  const start = lines.findIndex((l) => new RegExp(`^${m[1]}、`, 'u').test(l));
  if (start < 0) return undefined;
  if (!m[2]) return lines[start];
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (/^[一二三四五六七八九十]+、/u.test(l)) break;
    if (l.startsWith(`(${m[2]})`)) {
      const t = l.length < 20 && lines[i + 1] ? `${l}${lines[i + 1]}` : l;
      return [...t].length > 160 ? `${[...t].slice(0, 160).join('')}…` : t;
    }
  }
  return undefined;
}

export function explainQuestion(ctx: EngineCtx, q: Question): string {
  const source = clauseText(ctx.campaign, q.clause);
  return [`说明：${q.help}`, `依据：通知${q.clause}${source ? `“${source}”` : ''}`].join('\n');
}
