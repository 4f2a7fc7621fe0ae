/**
 * The self-check state machine: pure functions from (context, state, input) to (new state, replies,
 * effects). No I/O; the handler loads the snapshot, calls `step`, and commits state and effects atomically.
 * `undefined` means "not for the self-check" (the turn goes on to other intents).
 */
import { YESNO_VALUES, type Question } from '../domain/campaign';
import type { Reply } from '../domain/reply';
import { answerSchema, followUpSchema, formatAnswer, isNegative, matchForm, naReasonSchema, type AnswerValue } from './answer-schemas';
import { act } from './self-check-actions';
import {
  advance, editLocked, firstUnsettled, merge, nextOpenArea, nowIso, openQuestion, remediationFor, selfCheckDeadline, withAmend, withAnswer,
  type StepResult,
} from './self-check-flow';
import {
  areaCounts, areaSummary, CLOSING_PROMPTS, cmdAction, currentAnswerLine, explainQuestion, isSettled, locate, menuReply,
  missingRequired, offlineSteps, progressText, renderClosing, renderFollowUp, renderQuestion, submissionSummary, when, whoName,
  type EngineCtx,
} from './self-check-render';
import type { AnswerRecord, Effects } from './ports';
import { pickedNow, type DialogState } from './self-check-state';

export type { EngineCtx } from './self-check-render';
export type { StepResult } from './self-check-flow';
export { openQuestion, selfCheckDeadline } from './self-check-flow';

export type EngineInput =
  | { kind: 'start' }
  | { kind: 'area' | 'review'; areaId: string }
  | { kind: 'help' | 'back' | 'skip' | 'keep' | 'done' | 'pause' | 'resume' | 'progress' | 'answers' | 'cancel' | 'submit' | 'yes' | 'no' | 'greet' }
  | { kind: 'edit'; number: number }
  | { kind: 'text'; text: string }
  | { kind: 'option'; index: number };

/** Store a valid answer to the open question, then follow-ups or the next question. */
function saveAnswer(ctx: EngineCtx, state: DialogState, q: Question, value: AnswerValue): StepResult {
  const locked = editLocked(ctx);
  if (locked) return { state, replies: [{ text: locked }] };
  const loc = locate(ctx.campaign, q.id);
  const areaId = loc?.area.id ?? state.areaId ?? '';
  let effects: Effects = {
    answer: { questionId: q.id, value, expectedVer: state.seenVer },
    audit: [],
  };
  const after = withAnswer(ctx, q.id, { value });
  const lead = `已记录：${formatAnswer(value, q)}。`;
  const existing = ctx.unit.remediation.find((r) => r.id === `sc-${q.id}`);
  if (isNegative(value, q)) {
    const fus = ctx.campaign.followUpsOf(q);
    if (fus.length > 0) {
      const next: DialogState = { ...state, phase: 'followup', followUpIndex: 0, draft: {}, attempts: 0, n: state.n + 1 };
      const fu = fus[0];
      const reply = fu ? renderFollowUp(after, next, fu, fus.length, `${lead}请补充以下情况，将记入“问题与整改”。`) : { text: lead };
      return { state: next, replies: [reply], effects: withAmend(ctx, effects) };
    }
    effects = { ...effects, remediation: remediationFor(ctx, q, areaId, value, {}) };
  } else if (existing && existing.status !== 'fixed' && existing.status !== 'confirmed') {
    effects = { ...effects, remediation: { ...existing, status: 'fixed', note: `自查答案已改为“${formatAnswer(value, q)}”`, updatedAt: nowIso(ctx) } };
  }
  const r = advance(after, state, lead);
  return { ...r, effects: merge(withAmend(ctx, effects), r.effects) };
}

function fail(ctx: EngineCtx, state: DialogState, message: string, prompt: (s: DialogState) => Reply, explain: () => string): StepResult {
  const next = { ...state, attempts: state.attempts + 1 };
  const head = next.attempts >= 2 ? `${message}\n\n${explain()}` : message;
  const p = prompt(next);
  return { state: next, replies: [{ text: `${head}\n\n${p.text}`, options: p.options }] };
}

function followUpStep(ctx: EngineCtx, state: DialogState, input: { text?: string; skip?: boolean }): StepResult {
  const loc = locate(ctx.campaign, state.questionId);
  if (!loc) return { state: { ...state, phase: 'idle' }, replies: [menuReply(ctx)] };
  const fus = ctx.campaign.followUpsOf(loc.question);
  const fu = fus[state.followUpIndex];
  if (!fu) return advance(ctx, state, '');
  const prompt = (s: DialogState) => renderFollowUp(ctx, s, fu, fus.length);
  let value = '';
  if (input.skip) {
    if (fu.required) return fail(ctx, state, '这一项需要填写，不能跳过。', prompt, () => `说明：${fu.help ?? fu.text}`);
  } else {
    const p = followUpSchema(fu, ctx).safeParse(input.text ?? '');
    if (!p.success) return fail(ctx, state, p.error.issues[0]?.message ?? '请重新输入。', prompt, () => `说明：${fu.help ?? fu.text}\n${explainQuestion(ctx, loc.question)}`);
    value = formatAnswer(p.data);
  }
  const draft = { ...state.draft, [fu.id]: value };
  const nextFu = fus[state.followUpIndex + 1];
  if (nextFu) {
    const next: DialogState = { ...state, followUpIndex: state.followUpIndex + 1, draft, attempts: 0, n: state.n + 1 };
    return { state: next, replies: [renderFollowUp(ctx, next, nextFu, fus.length, value ? `已记录：${value}。` : '已跳过。')] };
  }
  const answer = ctx.unit.answers[loc.question.id]?.value;
  const item = remediationFor(ctx, loc.question, loc.area.id, answer ?? { t: 'text', v: '' }, draft);
  const effects = withAmend(ctx, { remediation: item, audit: [] });
  const lead = `已记入问题与整改：${item.problem}${item.plannedDate ? `（计划 ${item.plannedDate} 前完成）` : ''}。`;
  const r = advance(ctx, { ...state, draft }, lead);
  return { ...r, effects: merge(effects, r.effects) };
}

function closingStep(ctx: EngineCtx, state: DialogState, input: { text?: string; skip?: boolean }): StepResult {
  const c = CLOSING_PROMPTS[state.closingIndex];
  if (!c) return confirmSubmit(ctx, state);
  let value = '';
  if (!input.skip) {
    const p = answerSchema({ type: 'text', maxLength: 2000 }, ctx).safeParse(input.text ?? '');
    if (!p.success) return fail(ctx, state, p.error.issues[0]?.message ?? '请重新输入。', (s) => renderClosing(s), () => c.text);
    value = formatAnswer(p.data);
  }
  const effects = withAmend(ctx, { meta: { [c.field]: value }, audit: [{ kind: 'closing', ref: c.field, value }] });
  const after: EngineCtx = { ...ctx, unit: { ...ctx.unit, meta: { ...ctx.unit.meta, [c.field]: value } } };
  const lead = value ? '已记录。' : '已跳过。';
  if (CLOSING_PROMPTS[state.closingIndex + 1]) {
    const next: DialogState = { ...state, closingIndex: state.closingIndex + 1, attempts: 0, n: state.n + 1 };
    return { state: next, replies: [renderClosing(next, lead)], effects };
  }
  const r = confirmSubmit(after, state, lead);
  return { ...r, effects: merge(effects, r.effects) };
}

function confirmSubmit(ctx: EngineCtx, state: DialogState, lead?: string): StepResult {
  const next: DialogState = { ...state, phase: 'confirm-submit', questionId: undefined, attempts: 0, paused: false, n: state.n + 1 };
  const text = [...(lead ? [lead, ''] : []), submissionSummary(ctx), '', '确认提交本单位的自查吗？提交后在截止日期前仍可修改（会记录为更正）。'].join('\n');
  return { state: next, replies: [{ text, options: [{ label: '确认提交', action: act.yes(next.n) }, { label: '返回修改', action: act.no(next.n) }] }] };
}

function submit(ctx: EngineCtx, state: DialogState): StepResult {
  const m = ctx.unit.meta;
  if (m.submittedAt) {
    return { state, replies: [{ text: `本单位自查已于 ${when(m.submittedAt)} 由${whoName(ctx.campaign, m.submittedBy ?? '')}提交${m.amendedAt ? `，${when(m.amendedAt)} 有更正（已记录）` : ''}。截止日期前的修改会自动记为更正，无需再次提交。\n${offlineSteps(ctx.campaign)}` }] };
  }
  const missing = missingRequired(ctx.campaign, ctx.unit);
  if (missing.length > 0) {
    const byArea = new Map<string, number>();
    for (const x of missing) byArea.set(x.area.short, (byArea.get(x.area.short) ?? 0) + 1);
    const first = missing[0];
    const text = `还有 ${missing.length} 道必答题未答，暂不能提交：${[...byArea].map(([a, k]) => `${a} ${k} 题`).join('、')}。`;
    return first ? { ...openQuestion(ctx, state, first.question.id, 'fill', text) } : { state, replies: [{ text }] };
  }
  const todo = CLOSING_PROMPTS.findIndex((c) => ctx.unit.meta[c.field] === undefined);
  if (todo >= 0) {
    const next: DialogState = { ...state, phase: 'closing', closingIndex: todo, questionId: undefined, attempts: 0, paused: false, n: state.n + 1 };
    return { state: next, replies: [renderClosing(next, '全部必答题已完成。提交前还有两个问题，用于生成自查报告：')] };
  }
  return confirmSubmit(ctx, state);
}

/** The prompt waiting for an answer in this state, if any. */
export function currentPrompt(ctx: EngineCtx, state: DialogState, lead?: string): Reply | undefined {
  switch (state.phase) {
    case 'question':
      return renderQuestion(ctx, state, lead);
    case 'na-reason': {
      const loc = locate(ctx.campaign, state.questionId);
      return { text: `${lead ? `${lead}\n\n` : ''}【${loc?.area.short ?? ''}】第${(loc?.index ?? 0) + 1}题：${loc?.question.text ?? ''}\n您选择了“不适用”，请简要说明原因（例如“本单位没有第三级系统”）。` };
    }
    case 'followup': {
      const loc = locate(ctx.campaign, state.questionId);
      const fus = loc ? ctx.campaign.followUpsOf(loc.question) : [];
      const fu = fus[state.followUpIndex];
      return fu ? renderFollowUp(ctx, state, fu, fus.length, lead) : undefined;
    }
    case 'closing':
      return renderClosing(state, lead);
    case 'confirm-submit':
      return { text: `${lead ? `${lead}\n\n` : ''}确认提交本单位的自查吗？`, options: [{ label: '确认提交', action: act.yes(state.n) }, { label: '返回修改', action: act.no(state.n) }] };
    case 'confirm-cancel':
      return { text: `${lead ? `${lead}\n\n` : ''}确定要退出本次自查问答吗？已保存的答案不会删除，随时输入“开始自查”或“继续”可以接着填。`, options: [{ label: '确定退出', action: act.yes(state.n) }, { label: '继续填写', action: act.no(state.n) }] };
    default:
      return undefined;
  }
}

/** Re-show the open prompt (refreshing the seen answer version), after an info reply. */
function reask(ctx: EngineCtx, state: DialogState, info: string): StepResult {
  const s = state.phase === 'question' ? { ...state, seenVer: ctx.unit.answers[state.questionId ?? '']?.ver ?? 0 } : state;
  const p = currentPrompt(ctx, s);
  if (!p) return { state: s, replies: [{ text: info }] };
  return { state: s, replies: [{ text: info }, p] };
}

function resume(ctx: EngineCtx, state: DialogState): StepResult {
  if (state.phase !== 'idle' && state.phase !== 'menu') {
    const s = { ...state, paused: false };
    return reask(ctx, s, '好的，我们接着来。');
  }
  const area = state.areaId && firstUnsettled(ctx, state.areaId) ? state.areaId : nextOpenArea(ctx, state.areaId);
  const q = area ? firstUnsettled(ctx, area) : undefined;
  if (q) return openQuestion(ctx, state, q, 'fill', '好的，从未完成的地方接着来。');
  return { state: { ...state, paused: false }, replies: [{ text: `${progressText(ctx)}\n所有问题都已回答。`, options: ctx.unit.meta.submittedAt ? undefined : [{ label: '提交自查', action: cmdAction('提交自查') }] }] };
}

function openArea(ctx: EngineCtx, state: DialogState, areaId: string, review: boolean): StepResult {
  const area = ctx.campaign.area(areaId);
  if (!area) return { state, replies: [menuReply(ctx)] };
  if (review) return openQuestion(ctx, state, area.questions[0]?.id ?? '', 'review', `逐题复核【${area.short}】，无变化的题请选“保留当前答案”。`);
  const q = firstUnsettled(ctx, areaId);
  if (q) return openQuestion(ctx, state, q, 'fill', `开始【${area.short}】${area.title}（通知${area.clause}），共 ${area.questions.length} 题。`);
  const next: DialogState = { ...state, phase: 'idle', areaId, questionId: undefined, paused: false, n: state.n + 1 };
  return {
    state: next,
    replies: [{ text: `【${area.short}】已完成，可以复核或修改：\n${areaSummary(ctx, area)}\n\n输入“修改第N题”修改某一题。`, options: [{ label: '逐题复核', action: act.review(areaId) }, { label: '返回目录', action: cmdAction('开始自查') }] }],
  };
}

function answerInput(ctx: EngineCtx, state: DialogState, input: { text?: string; index?: number }): StepResult | undefined {
  if (state.phase === 'question') {
    const loc = locate(ctx.campaign, state.questionId);
    if (!loc) return { state: { ...state, phase: 'idle' }, replies: [menuReply(ctx)] };
    const q = loc.question;
    let value: AnswerValue | undefined;
    if (input.index !== undefined) {
      const yes = q.type === 'yesno' ? YESNO_VALUES[input.index] : undefined;
      const opt = q.options?.[input.index];
      if (opt && q.type === 'multi') return togglePick(ctx, state, q, input.index);
      if (yes) value = { t: 'yesno', v: yes };
      else if (opt && q.type === 'choice') value = { t: 'choice', v: opt.value };
      if (!value) return { state, replies: [{ text: '这个选项无法识别，请从当前问题的选项中选择。' }, renderQuestion(ctx, state)] };
    } else {
      const p = answerSchema(q, ctx).safeParse(input.text ?? '');
      if (!p.success) return fail(ctx, state, p.error.issues[0]?.message ?? '请重新输入。', (s) => renderQuestion(ctx, s), () => explainQuestion(ctx, q));
      value = p.data;
    }
    if (value.t === 'yesno' && value.v === '不适用' && !value.note) {
      if (editLocked(ctx)) return { state, replies: [{ text: editLocked(ctx) ?? '' }] };
      const next: DialogState = { ...state, phase: 'na-reason', attempts: 0, n: state.n + 1 };
      return { state: next, replies: [currentPrompt(ctx, next) ?? { text: '' }] };
    }
    return saveAnswer(ctx, state, q, value);
  }
  if (state.phase === 'na-reason') {
    const loc = locate(ctx.campaign, state.questionId);
    if (!loc) return { state: { ...state, phase: 'idle' }, replies: [menuReply(ctx)] };
    const p = naReasonSchema.safeParse(input.text ?? '');
    if (!p.success) return fail(ctx, state, p.error.issues[0]?.message ?? '请说明原因。', (s) => currentPrompt(ctx, s) ?? { text: '' }, () => explainQuestion(ctx, loc.question));
    return saveAnswer(ctx, { ...state, phase: 'question' }, loc.question, { t: 'yesno', v: '不适用', note: p.data });
  }
  if (state.phase === 'followup') return followUpStep(ctx, state, input);
  if (state.phase === 'closing') return closingStep(ctx, state, input);
  if (state.phase === 'confirm-submit' || state.phase === 'confirm-cancel') {
    const p = currentPrompt(ctx, state);
    const labels = p?.options?.map((o) => `“${o.label}”`).join('或') ?? '“确认”或“返回”';
    return { state, replies: [{ text: `请选择${labels}（也可以输入序号）。` }, ...(p ? [p] : [])] };
  }
  return undefined;
}

function back(ctx: EngineCtx, state: DialogState): StepResult {
  const loc = locate(ctx.campaign, state.questionId);
  if (state.phase === 'followup' && state.followUpIndex > 0) {
    const next = { ...state, followUpIndex: state.followUpIndex - 1, attempts: 0, n: state.n + 1 };
    return { state: next, replies: [currentPrompt(ctx, next) ?? { text: '' }] };
  }
  if ((state.phase === 'followup' || state.phase === 'na-reason') && loc) return openQuestion(ctx, state, loc.question.id, state.mode, '回到本题：', { returnTo: state.returnTo });
  if (state.phase === 'closing' && state.closingIndex > 0) {
    const next = { ...state, closingIndex: state.closingIndex - 1, attempts: 0, n: state.n + 1 };
    return { state: next, replies: [renderClosing(next)] };
  }
  if (state.phase === 'question' && loc) {
    const prev = loc.area.questions[loc.index - 1];
    if (!prev) return reask(ctx, state, '已经是本方面的第一题了。');
    return openQuestion(ctx, state, prev.id, 'review', '回到上一题：');
  }
  return reask(ctx, state, '这里没有上一题。');
}

function skip(ctx: EngineCtx, state: DialogState, keep: boolean): StepResult {
  if (state.phase === 'followup') return followUpStep(ctx, state, { skip: true });
  if (state.phase === 'closing') return closingStep(ctx, state, { skip: true });
  const loc = locate(ctx.campaign, state.questionId);
  if (state.phase !== 'question' || !loc) return reask(ctx, state, '现在没有可以跳过的问题。');
  const q = loc.question;
  const rec = ctx.unit.answers[q.id];
  if (rec && isSettled(rec)) return advance(ctx, state, keep ? '已保留当前答案。' : '本题已有答案，保留不变。');
  if (keep) return reask(ctx, state, '本题还没有答案，请先回答。');
  if (q.required) return reask(ctx, state, '这是必答题，不能跳过。暂时答不了可以输入“暂停”，以后再接着填。');
  const locked = editLocked(ctx);
  if (locked) return { state, replies: [{ text: locked }] };
  const effects = withAmend(ctx, { answer: { questionId: q.id, skipped: true, expectedVer: state.seenVer }, audit: [] });
  const r = advance(withAnswer(ctx, q.id, { skipped: true }), state, '已跳过。');
  return { ...r, effects: merge(effects, r.effects) };
}

/** Each area's names in match form (id, title, short name, aliases), worked out once per campaign. */
const areaFormsCache = new WeakMap<EngineCtx['campaign'], { id: string; exact: string[]; names: string[] }[]>();
function areaForms(campaign: EngineCtx['campaign']): { id: string; exact: string[]; names: string[] }[] {
  let forms = areaFormsCache.get(campaign);
  if (!forms) {
    forms = campaign.areas.map((a) => {
      const names = [a.title, a.short, ...a.aliases].map(matchForm);
      return { id: a.id, exact: [matchForm(a.id), ...names], names };
    });
    areaFormsCache.set(campaign, forms);
  }
  return forms;
}

/** Pressing an option of a multiple-choice question ticks or unticks it; the question stays open. */
function togglePick(ctx: EngineCtx, state: DialogState, q: Question, index: number): StepResult {
  const had = pickedNow(state);
  const i = had.includes(index) ? had.filter((x) => x !== index) : [...had, index].sort((a, b) => a - b);
  const n = state.n + 1;
  const next: DialogState = { ...state, n, attempts: 0, picked: { q: q.id, n, i } };
  const labels = i.map((k) => q.options?.[k]?.label).filter((l): l is string => l !== undefined);
  const lead = labels.length > 0 ? `已选：${labels.join('、')}。可以继续选，选完请点“完成选择”。` : '已取消全部选择。';
  return { state: next, replies: [renderQuestion(ctx, next, lead)] };
}

/** 完成选择: the ticked options become the answer. */
function finishPicks(ctx: EngineCtx, state: DialogState): StepResult {
  const loc = locate(ctx.campaign, state.questionId);
  const q = loc?.question;
  const picked = pickedNow(state);
  if (!q || q.type !== 'multi' || state.phase !== 'question') return reask(ctx, state, '这个选项已经失效。');
  if (picked.length === 0) return reask(ctx, state, '还没有选择任何一项：请先点选项，或直接输入序号，例如“1、3”。');
  const values = picked.map((k) => q.options?.[k]?.value).filter((v): v is string => v !== undefined);
  return saveAnswer(ctx, state, q, { t: 'multi', v: values });
}

/** An area from a menu number (1–8), its id, title, short name or an alias. */
export function resolveArea(campaign: EngineCtx['campaign'], raw: string): string | undefined {
  const m = matchForm(raw).replace(/^(第|[(（])/u, '').replace(/(项|个|方面|[)）])$/u, '');
  if (/^\d{1,2}$/.test(m)) return campaign.areas[Number(m) - 1]?.id;
  if (!m) return undefined;
  const forms = areaForms(campaign);
  const exact = forms.find((a) => a.exact.includes(m));
  if (exact) return exact.id;
  const partial = forms.filter((a) => a.names.some((w) => w.includes(m) || (m.length >= 2 && m.includes(w))));
  return partial.length === 1 ? partial[0]?.id : undefined;
}

/** One step of the dialogue. `undefined`: not for the self-check (e.g. 帮助 with nothing open). */
export function step(ctx: EngineCtx, state: DialogState, input: EngineInput): StepResult | undefined {
  const r = dispatch(ctx, state, input);
  return r ? keepFollowUps(ctx, state, r) : r;
}

/**
 * Leaving follow-ups half-way (开始自查, another area, 提交自查, 取消 …) must not lose the problem: the negative
 * answer is already stored, so record the remediation item with what was given so far, and say so (what was
 * kept, what is still missing, and where to add it) before whatever the person asked for.
 */
function keepFollowUps(ctx: EngineCtx, before: DialogState, r: StepResult): StepResult {
  const wasFollowUp = before.phase === 'followup' || (before.phase === 'confirm-cancel' && before.prevPhase === 'followup');
  const stillFollowUp = r.state.phase === 'followup' || (r.state.phase === 'confirm-cancel' && r.state.prevPhase === 'followup');
  if (!wasFollowUp || stillFollowUp || r.effects?.remediation) return r;
  const loc = locate(ctx.campaign, before.questionId);
  const value = loc ? ctx.unit.answers[loc.question.id]?.value : undefined;
  if (!loc || !value) return r;
  const item = remediationFor(ctx, loc.question, loc.area.id, value, before.draft);
  const missing = ctx.campaign
    .followUpsOf(loc.question)
    .filter((f) => (f.role === 'measure' || f.role === 'plannedDate') && !before.draft[f.id])
    .map((f) => `“${f.text}”`);
  const notice = `【${loc.area.short}】第${loc.index + 1}题的追问没有填完：已记入“问题与整改”：${item.problem}${missing.length ? `。${missing.join('、')}还没有填，可以随时输入“整改”补充` : ''}。`;
  const [first, ...rest] = r.replies;
  const replies = first ? [{ ...first, text: `${notice}\n\n${first.text}` }, ...rest] : [{ text: notice }];
  return { ...r, replies, effects: merge(withAmend(ctx, { remediation: item }), r.effects) };
}

function dispatch(ctx: EngineCtx, state: DialogState, input: EngineInput): StepResult | undefined {
  const open = state.phase !== 'idle' && state.phase !== 'menu';
  switch (input.kind) {
    case 'start':
      return { state: { ...state, phase: 'menu', questionId: undefined, paused: false, n: state.n + 1 }, replies: [menuReply(ctx, progressNote(ctx))] };
    case 'area':
    case 'review':
      return openArea(ctx, state, input.areaId, input.kind === 'review');
    case 'progress':
      return open && !state.paused ? reask(ctx, state, progressText(ctx)) : { state, replies: [{ text: `${progressText(ctx)}\n选择一个方面查看或填写：`, options: menuReply(ctx).options }] };
    case 'submit':
      return submit(ctx, state);
    case 'resume':
      return resume(ctx, state);
    case 'answers': {
      const area = ctx.campaign.area(state.areaId ?? locate(ctx.campaign, state.questionId)?.area.id ?? '');
      if (!area) return { state, replies: [menuReply(ctx, `${progressText(ctx)}\n请先选择一个方面，再输入“查看答案”。`)] };
      return open && !state.paused ? reask(ctx, state, areaSummary(ctx, area)) : { state, replies: [{ text: `${areaSummary(ctx, area)}\n\n输入“修改第N题”修改，或“继续”。`, options: [{ label: '继续', action: cmdAction('继续') }, { label: '返回目录', action: cmdAction('开始自查') }] }] };
    }
    case 'edit': {
      const area = ctx.campaign.area(state.areaId ?? '');
      if (!area) return { state, replies: [menuReply(ctx, '请先选择一个方面（例如“自查 等级保护”），再输入“修改第N题”。')] };
      if (state.phase === 'followup' || state.phase === 'na-reason') return reask(ctx, state, '请先回答当前这一项（或输入“上一题”返回），再修改其他题。');
      const q = area.questions[input.number - 1];
      if (!q) return open ? reask(ctx, state, `【${area.short}】共 ${area.questions.length} 题，请输入 1–${area.questions.length} 之间的题号。`) : { state, replies: [{ text: `【${area.short}】共 ${area.questions.length} 题，请输入 1–${area.questions.length} 之间的题号。` }] };
      const returnTo = state.phase === 'question' && !state.paused && state.questionId !== q.id ? state.questionId : undefined;
      return openQuestion(ctx, state, q.id, 'fill', `修改【${area.short}】第${input.number}题：`, { returnTo });
    }
    case 'pause':
      if (!open) return { state, replies: [{ text: '当前没有进行中的问题。输入“开始自查”开始，或“继续”接着上次的地方。' }] };
      return { state: { ...state, paused: true }, replies: [{ text: `已暂停，已填写的内容都已保存。随时输入“继续”回到刚才的问题（换人或隔天也可以）。`, options: [{ label: '继续', action: cmdAction('继续') }] }] };
    case 'cancel':
      if (!open) return { state, replies: [{ text: '当前没有进行中的自查问答。' }] };
      if (state.phase === 'confirm-cancel') return reask(ctx, state, '请确认：');
      {
        const next: DialogState = { ...state, phase: 'confirm-cancel', prevPhase: state.phase, paused: false, n: state.n + 1 };
        return { state: next, replies: [currentPrompt(ctx, next) ?? { text: '' }] };
      }
    case 'yes':
    case 'no':
      return confirmAnswer(ctx, state, input.kind === 'yes');
    case 'help': {
      if (!open || state.paused) return undefined;
      const loc = locate(ctx.campaign, state.questionId);
      const info = state.phase === 'question' || state.phase === 'na-reason' ? (loc ? explainQuestion(ctx, loc.question) : '') :
        state.phase === 'followup' ? (() => { const fu = loc ? ctx.campaign.followUpsOf(loc.question)[state.followUpIndex] : undefined; return `说明：${fu?.help ?? fu?.text ?? ''}`; })() :
          state.phase === 'closing' ? '说明：这些内容只用于生成自查报告草稿，提交后也可以在截止日期前修改。' : '';
      return reask(ctx, state, `${info}\n\n可用命令：上一题、跳过（选答题）、暂停、继续、进度、查看答案、修改第N题、取消。`);
    }
    case 'greet':
      // A greeting is never an answer; with a prompt open, greet back and show it again.
      if (!open || state.paused) return undefined;
      return reask(
        ctx,
        state,
        `您好，${whoName(ctx.campaign, ctx.contactId)}！` +
          (state.phase === 'confirm-cancel' ? '您上次在确认是否退出自查问答，请选择：'
          : state.phase === 'confirm-submit' ? '您上次在确认是否提交本单位自查，请选择：'
          : '您正在填写本单位自查，接着回答下面的问题即可（输入“暂停”可稍后继续）。'),
      );
    case 'back':
      return open ? back(ctx, state) : undefined;
    case 'skip':
    case 'keep':
      return open ? skip(ctx, state, input.kind === 'keep') : undefined;
    case 'done':
      return open ? finishPicks(ctx, state) : undefined;
    case 'text':
      if (state.phase === 'menu') {
        const areaId = resolveArea(ctx.campaign, input.text);
        return areaId ? openArea(ctx, state, areaId, false) : undefined;
      }
      return open && !state.paused ? answerInput(ctx, state, { text: input.text }) : undefined;
    case 'option':
      return open ? answerInput(ctx, state, { index: input.index }) : undefined;
  }
}

function progressNote(ctx: EngineCtx): string | undefined {
  const answered = ctx.campaign.areas.reduce((k, a) => k + areaCounts(a, ctx.unit).answered, 0);
  return answered > 0 ? `本单位已答 ${answered} 题（两位联系人共同填写，答案属于单位）。` : `欢迎开始本单位的自查。共 ${ctx.campaign.allQuestions().length} 题，可以分几次完成，随时“暂停”，以后“继续”。`;
}

function confirmAnswer(ctx: EngineCtx, state: DialogState, yes: boolean): StepResult {
  if (state.phase === 'confirm-cancel') {
    if (yes) return { state: { ...state, phase: 'idle', questionId: undefined, prevPhase: undefined, draft: {}, followUpIndex: 0, attempts: 0, n: state.n + 1 }, replies: [{ text: '已退出自查问答，已保存的答案都还在。随时输入“开始自查”或“继续”。', options: [{ label: '开始自查', action: cmdAction('开始自查') }] }] };
    return reask(ctx, { ...state, phase: state.prevPhase ?? 'idle', prevPhase: undefined }, '好的，继续填写。');
  }
  if (state.phase === 'confirm-submit') {
    if (!yes) return { state: { ...state, phase: 'menu', n: state.n + 1 }, replies: [menuReply(ctx, '好的，暂不提交。可以选择方面修改，完成后再输入“提交自查”。')] };
    if (missingRequired(ctx.campaign, ctx.unit).length > 0) return submit(ctx, state);
    const at = nowIso(ctx);
    const effects: Effects = { meta: { submittedAt: at, submittedBy: ctx.contactId }, audit: [{ kind: 'submit', ref: 'selfcheck', value: at }] };
    const due = selfCheckDeadline(ctx);
    const text = [
      `✓ 已提交本单位自查（${when(at)}）。`,
      offlineSteps(ctx.campaign),
      due ? `截止日期（${due}）前仍可修改答案，修改会记录为更正。` : '',
    ].filter(Boolean).join('\n');
    return { state: { ...state, phase: 'idle', questionId: undefined, n: state.n + 1 }, replies: [{ text }], effects };
  }
  return reask(ctx, state, '没有需要确认的事项。');
}

/** After a lost race on the answer: tell the contact, show the current value, ask again. */
export function onAnswerConflict(ctx: EngineCtx, state: DialogState, attempted: string, current: AnswerRecord | undefined): StepResult {
  const loc = locate(ctx.campaign, state.questionId);
  const unit = { ...ctx.unit, answers: { ...ctx.unit.answers } };
  if (current && loc) unit.answers[loc.question.id] = current;
  else if (loc) delete unit.answers[loc.question.id];
  const c2 = { ...ctx, unit };
  const who = current ? whoName(ctx.campaign, current.by) : '其他联系人';
  const cur = loc && current ? currentAnswerLine(c2, loc.question) : undefined;
  const lead = `⚠ 这道题刚刚已由${who}修改，${cur ?? '当前没有答案'}。您的回答“${attempted}”没有保存。如需改成您的答案，请再回答一次；同意当前答案请选“保留当前答案”。`;
  const next: DialogState = { ...state, phase: 'question', attempts: 0, seenVer: current?.ver ?? 0, n: state.n + 1 };
  return { state: next, replies: [renderQuestion(c2, next, lead)] };
}
