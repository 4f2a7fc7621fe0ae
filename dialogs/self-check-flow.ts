/**
 * Navigation helpers of the self-check engine: opening a question, moving on after an answer, the area-done
 * message, and the effects shared by several steps (amend marking, remediation items). Pure.
 */
import type { Question } from '../domain/campaign';
import { isoInstantOf } from '../domain/time';
import type { RemediationItem } from '../domain/progress';
import type { Reply } from '../domain/reply';
import { formatAnswer, type AnswerValue } from './answer-schemas';
import { act } from './self-check-actions';
import { areaCounts, cmdAction, isSettled, locate, missingRequired, renderQuestion, when, type EngineCtx } from './self-check-render';
import type { AnswerRecord, Effects } from './ports';
import type { DialogState } from './self-check-state';

export interface StepResult {
  state: DialogState;
  replies: Reply[];
  effects?: Effects;
}

export const nowIso = (ctx: EngineCtx) => isoInstantOf(ctx.now);

/** The self-check deadline (YYYY-MM-DD) from the campaign's self-check deliverable. */
export function selfCheckDeadline(ctx: EngineCtx): string | undefined {
  return ctx.campaign.deliverables.find((d) => d.completion === 'selfcheck')?.due;
}

export function editLocked(ctx: EngineCtx): string | undefined {
  const due = selfCheckDeadline(ctx);
  const sub = ctx.unit.meta.submittedAt;
  if (!sub || !due || ctx.now.format('YYYY-MM-DD') <= due) return undefined;
  return `本单位自查已于 ${when(sub)} 提交，截止日期（${due}）已过，不能再修改。如需更正，请联系检查工作组。`;
}

/** Any write after submission marks the submission as amended (and is logged as such). */
export function withAmend(ctx: EngineCtx, effects: Effects): Effects {
  if (!ctx.unit.meta.submittedAt) return effects;
  return { ...effects, meta: { ...effects.meta, amendedAt: nowIso(ctx) }, audit: [...(effects.audit ?? []), { kind: 'amend', ref: 'selfcheck', value: nowIso(ctx) }] };
}

export function withAnswer(ctx: EngineCtx, questionId: string, rec: Omit<AnswerRecord, 'ver' | 'by' | 'at'>): EngineCtx {
  const prev = ctx.unit.answers[questionId];
  const record: AnswerRecord = { ...rec, by: ctx.contactId, at: nowIso(ctx), ver: (prev?.ver ?? 0) + 1 };
  return { ...ctx, unit: { ...ctx.unit, answers: { ...ctx.unit.answers, [questionId]: record } } };
}

/** Open question `questionId` as a new prompt. */
export function openQuestion(ctx: EngineCtx, state: DialogState, questionId: string, mode: DialogState['mode'], lead?: string, extra: Partial<DialogState> = {}): StepResult {
  const loc = locate(ctx.campaign, questionId);
  const next: DialogState = {
    ...state, phase: 'question', areaId: loc?.area.id, questionId, mode, attempts: 0, seenVer: ctx.unit.answers[questionId]?.ver ?? 0,
    followUpIndex: 0, draft: {}, paused: false, prevPhase: undefined, n: state.n + 1, returnTo: undefined, ...extra,
  };
  const effects: Effects | undefined = ctx.unit.meta.startedAt ? undefined : { metaIfAbsent: { startedAt: nowIso(ctx) } };
  return { state: next, replies: [renderQuestion(ctx, next, lead)], effects };
}

export function firstUnsettled(ctx: EngineCtx, areaId: string, after = -1): string | undefined {
  const area = ctx.campaign.area(areaId);
  if (!area) return undefined;
  const qs = area.questions;
  for (let k = 1; k <= qs.length; k++) {
    const q = qs[(after + k + qs.length) % qs.length];
    if (q && !isSettled(ctx.unit.answers[q.id])) return q.id;
  }
  return undefined;
}

export function nextOpenArea(ctx: EngineCtx, fromAreaId?: string): string | undefined {
  const areas = ctx.campaign.areas;
  const start = Math.max(0, areas.findIndex((a) => a.id === fromAreaId));
  for (let k = 0; k < areas.length; k++) {
    const a = areas[(start + k) % areas.length];
    if (a && !areaCounts(a, ctx.unit).done) return a.id;
  }
  return undefined;
}

export function areaDone(ctx: EngineCtx, state: DialogState, areaId: string, lead?: string): StepResult {
  const area = ctx.campaign.area(areaId);
  const c = area ? areaCounts(area, ctx.unit) : { answered: 0, total: 0 };
  const next: DialogState = { ...state, phase: 'idle', areaId, questionId: undefined, mode: 'fill', returnTo: undefined, attempts: 0, draft: {}, followUpIndex: 0, paused: false, n: state.n + 1 };
  const lines = [...(lead ? [lead] : []), `✓【${area?.short ?? areaId}】已完成（已答 ${c.answered}/${c.total}）。`];
  const options = [];
  const other = nextOpenArea(ctx, areaId);
  if (missingRequired(ctx.campaign, ctx.unit).length === 0 && !ctx.unit.meta.submittedAt) {
    lines.push('全部必答题已完成，可以输入“提交自查”进行核对和提交。');
    options.push({ label: '提交自查', action: cmdAction('提交自查') });
  } else if (other) {
    const oa = ctx.campaign.area(other);
    lines.push(`下一个未完成的方面：${oa?.short ?? other}。`);
    options.push({ label: `继续：${oa?.short ?? other}`, action: act.area(other) });
  }
  options.push({ label: '查看本方面答案', action: cmdAction('查看答案') }, { label: '返回目录', action: cmdAction('开始自查') });
  return { state: next, replies: [{ text: lines.join('\n'), options }] };
}

/** After the open question is settled: the question to return to, the next one, or the area is done. */
export function advance(ctx: EngineCtx, state: DialogState, lead: string): StepResult {
  const loc = locate(ctx.campaign, state.questionId);
  if (!loc) return areaDone(ctx, state, state.areaId ?? '', lead);
  if (state.returnTo && state.returnTo !== state.questionId) return openQuestion(ctx, state, state.returnTo, 'fill', lead);
  if (state.mode === 'review') {
    const q = loc.area.questions[loc.index + 1];
    return q ? openQuestion(ctx, state, q.id, 'review', lead) : areaDone(ctx, state, loc.area.id, lead);
  }
  const q = firstUnsettled(ctx, loc.area.id, loc.index);
  return q ? openQuestion(ctx, state, q, 'fill', lead) : areaDone(ctx, state, loc.area.id, lead);
}

export function merge(a: Effects | undefined, b: Effects | undefined): Effects | undefined {
  if (!a) return b;
  if (!b) return a;
  return { ...a, ...b, meta: { ...a.meta, ...b.meta }, metaIfAbsent: { ...a.metaIfAbsent, ...b.metaIfAbsent }, audit: [...(a.audit ?? []), ...(b.audit ?? [])] };
}

export function remediationFor(ctx: EngineCtx, q: Question, areaId: string, value: AnswerValue, draft: Record<string, string>): RemediationItem {
  const id = `sc-${q.id}`;
  const prev = ctx.unit.remediation.find((r) => r.id === id);
  const fus = ctx.campaign.followUpsOf(q);
  const byRole = (role: string) => {
    const f = fus.find((x) => x.role === role);
    return f ? draft[f.id] || undefined : undefined;
  };
  const notes = fus.filter((f) => f.role === 'note' && draft[f.id]).map((f) => `${f.text}：${draft[f.id]}`);
  return {
    id, unitId: ctx.unit.unitId, source: 'selfcheck', areaId, questionId: q.id,
    problem: byRole('problem') ?? `${q.text}——${formatAnswer(value, q)}`,
    measure: byRole('measure'), plannedDate: byRole('plannedDate'),
    status: prev && prev.status !== 'fixed' && prev.status !== 'confirmed' ? prev.status : 'open',
    note: notes.length ? notes.join('；') : undefined,
    createdAt: prev?.createdAt ?? nowIso(ctx), updatedAt: nowIso(ctx),
  };
}
