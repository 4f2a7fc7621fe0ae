/**
 * 登记问题: a staff member registers one finding from technical detection in a short guided dialogue
 * (unit → system → description → severity → round → due date → confirm). 取消 leaves, 返回 goes one step
 * back. The commit is idempotent: the finding id derives from the dialog id.
 */
import { z } from 'zod';
import type { Reply } from '../../domain/reply';
import { cnFullDate, isoDateOf } from '../../domain/time';
import { cmd } from '../help';
import { findDate } from './dates';
import { clearFlow, REGISTER_STEPS, saveFlow, startFlow, type RegisterState, type RegisterStep } from './flow-state';
import { notifySummary, notifyUnitContacts } from './notify';
import type { NewFinding, StaffCtx } from './ports';
import { findUnit, inScope } from './scope';
import { SEVERITY_LABEL } from './unit-facts';

export const MAX_SYSTEM_CHARS = 100;
export const MAX_PROBLEM_CHARS = 2000;

const SEVERITY_WORDS: Record<string, 'high' | 'medium' | 'low'> = {
  高: 'high', 高危: 'high', 严重: 'high', high: 'high', h: 'high',
  中: 'medium', 中危: 'medium', medium: 'medium', m: 'medium',
  低: 'low', 低危: 'low', low: 'low', l: 'low',
};
const ROUND_WORDS: Record<string, number> = { '1': 1, 一: 1, 第一轮: 1, 第1轮: 1, '2': 2, 二: 2, 第二轮: 2, 第2轮: 2 };

export const severitySchema = z
  .string()
  .transform((s) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase())
  .pipe(z.string().refine((s) => s in SEVERITY_WORDS, { message: '严重程度请回答“高”“中”或“低”。' }))
  .transform((s) => SEVERITY_WORDS[s] as 'high' | 'medium' | 'low');

export const roundSchema = z
  .union([z.number(), z.string()])
  .transform((s) => String(s).normalize('NFKC').replace(/\s+/g, ''))
  .pipe(z.string().refine((s) => s in ROUND_WORDS, { message: '检测轮次请回答 1 或 2（第一轮 6月，第二轮 8–9月）。' }))
  .transform((s) => ROUND_WORDS[s] as number);

export const systemSchema = z.string().trim().min(1, { message: '请填写信息系统名称。' }).max(MAX_SYSTEM_CHARS, { message: `系统名称请控制在 ${MAX_SYSTEM_CHARS} 字以内。` });
export const problemSchema = z.string().trim().min(2, { message: '请描述发现的问题。' }).max(MAX_PROBLEM_CHARS, { message: `问题描述请控制在 ${MAX_PROBLEM_CHARS} 字以内。` });

type Ctx = StaffCtx;

function prompt(step: RegisterStep, st: RegisterState, ctx: Ctx): Reply {
  const d = st.data;
  const unitName = d.unitId ? ctx.deps.campaign.unit(d.unitId)?.name ?? d.unitId : '';
  const tail = '（输入“返回”回到上一步，“取消”退出）';
  switch (step) {
    case 'unit':
      return { text: `登记技术检测发现的问题。请输入被检测单位名称，例如“金融街街道”。${tail}` };
    case 'system':
      return { text: `单位：${unitName}。请输入存在问题的信息系统名称，例如“门户网站”。${tail}` };
    case 'problem':
      return { text: `请描述发现的问题（可直接粘贴检测报告原文，${MAX_PROBLEM_CHARS} 字以内）。${tail}` };
    case 'severity':
      return { text: `严重程度？${tail}`, options: ['高', '中', '低'].map((l) => ({ label: l, action: cmd(l) })) };
    case 'round':
      return { text: `第几轮技术检测？（第一轮 6月，八（一）；第二轮 8–9月，八（三））${tail}`, options: [{ label: '第一轮', action: cmd('1') }, { label: '第二轮', action: cmd('2') }] };
    case 'due':
      return { text: `整改期限？例如 ${ctx.deps.campaign.year}-07-31 或 7月31日。${tail}` };
    case 'confirm':
      return {
        text: [
          '请确认登记以下问题：',
          `单位：${unitName}`,
          `系统：${d.system ?? ''}`,
          `问题：${d.problem ?? ''}`,
          `严重程度：${d.severity ? SEVERITY_LABEL[d.severity] : ''}`,
          `检测轮次：第${d.round === 2 ? '二' : '一'}轮`,
          `整改期限：${d.dueDate ? cnFullDate(d.dueDate) : ''}`,
          '确认后将通知该单位联系人。',
        ].join('\n'),
        options: [{ label: '确认', action: cmd('确认') }, { label: '取消', action: cmd('取消') }],
      };
  }
}

/** Parse the answer of one step; returns the updated data or a problem to show. */
function applyAnswer(step: RegisterStep, text: string, st: RegisterState, ctx: Ctx): { data: RegisterState['data'] } | { problem: string } {
  const d = { ...st.data };
  switch (step) {
    case 'unit': {
      const unit = findUnit(ctx.deps.campaign, text);
      if (!unit) return { problem: `没有找到单位“${text}”。请输入单位全称或简称，例如“金融街街道”或“金融街”。` };
      if (!inScope(ctx.scope, unit.id)) return { problem: `${unit.name}不在您的检查范围（${ctx.scope.label}）内。` };
      d.unitId = unit.id;
      return { data: d };
    }
    case 'system':
    case 'problem': {
      const p = (step === 'system' ? systemSchema : problemSchema).safeParse(text);
      if (!p.success) return { problem: p.error.issues[0]?.message ?? '输入无效。' };
      d[step] = p.data;
      return { data: d };
    }
    case 'severity': {
      const p = severitySchema.safeParse(text);
      if (!p.success) return { problem: p.error.issues[0]?.message ?? '输入无效。' };
      d.severity = p.data;
      return { data: d };
    }
    case 'round': {
      const p = roundSchema.safeParse(text);
      if (!p.success) return { problem: p.error.issues[0]?.message ?? '输入无效。' };
      d.round = p.data;
      return { data: d };
    }
    case 'due': {
      const f = findDate(text, ctx.deps.campaign.year);
      if (f.invalid) return { problem: `“${f.invalid}”不是有效日期。` };
      if (!f.found || f.found.rest !== '') return { problem: `请只输入日期，例如 ${ctx.deps.campaign.year}-07-31。` };
      if (f.found.date < isoDateOf(ctx.now, ctx.deps.campaign.timezone)) return { problem: '整改期限不能早于今天。' };
      d.dueDate = f.found.date;
      return { data: d };
    }
    case 'confirm':
      return { problem: '请回复“确认”登记，或“取消”放弃。' };
  }
}

function nextStep(step: RegisterStep): RegisterStep {
  return REGISTER_STEPS[REGISTER_STEPS.indexOf(step) + 1] ?? 'confirm';
}

/** `登记问题 [单位]`: start the dialogue. */
export async function startRegister(ctx: Ctx, unitText: string): Promise<Reply[]> {
  const st: RegisterState = { flow: 'register', id: `${ctx.staff.id}-${ctx.now.valueOf().toString(36)}`, step: 'unit', data: {} };
  const pre: Reply[] = [];
  if (unitText) {
    const r = applyAnswer('unit', unitText, st, ctx);
    if ('data' in r) {
      st.data = r.data;
      st.step = 'system';
    } else pre.push({ text: r.problem });
  }
  await startFlow(ctx.dialogs, ctx.staff.id, st);
  return [...pre, prompt(st.step, st, ctx)];
}

/** A typed answer while the dialogue is open. */
export async function continueRegister(ctx: Ctx, st: RegisterState, rev: number, text: string, command: string): Promise<Reply[]> {
  if (command === '返回' || command === '上一步') {
    const i = REGISTER_STEPS.indexOf(st.step);
    const back = { ...st, step: REGISTER_STEPS[Math.max(0, i - 1)] as RegisterStep };
    await saveFlow(ctx.dialogs, ctx.staff.id, back, rev);
    return [prompt(back.step, back, ctx)];
  }
  if (st.step === 'confirm' && (command === '确认' || command === '确定' || command === '是')) return commit(ctx, st);
  const r = applyAnswer(st.step, text, st, ctx);
  if ('problem' in r) return [{ text: r.problem }, prompt(st.step, st, ctx)];
  const next: RegisterState = { ...st, data: r.data, step: nextStep(st.step) };
  await saveFlow(ctx.dialogs, ctx.staff.id, next, rev);
  return [prompt(next.step, next, ctx)];
}

async function commit(ctx: Ctx, st: RegisterState): Promise<Reply[]> {
  const d = st.data;
  if (!d.unitId || !d.system || !d.problem || !d.severity || !d.round || !d.dueDate) {
    await clearFlow(ctx.dialogs, ctx.staff.id);
    return [{ text: '登记信息不完整，已取消。请重新输入“登记问题”。' }];
  }
  const finding: NewFinding = { id: `f-${st.id}`, system: d.system, problem: d.problem, severity: d.severity, round: d.round, dueDate: d.dueDate };
  const added = await ctx.store.addFindings(d.unitId, [finding], ctx.staff.id, ctx.now.format());
  await clearFlow(ctx.dialogs, ctx.staff.id);
  const unit = ctx.deps.campaign.unit(d.unitId);
  let notice = '';
  if (added.length > 0) {
    const n = await notifyUnitContacts(
      ctx.deps,
      d.unitId,
      {
        text: `【安全检查】检查工作组登记了第${d.round === 2 ? '二' : '一'}轮技术检测发现的问题，请按期整改（八（三））：\n系统：${d.system}\n问题：${d.problem}\n严重程度：${SEVERITY_LABEL[d.severity]}\n整改期限：${cnFullDate(d.dueDate)}\n输入“整改”查看并反馈整改进展。`,
        options: [{ label: '整改', action: cmd('整改') }],
      },
      `finding:${finding.id}`,
    );
    notice = notifySummary(n, '单位联系人');
  }
  return [
    {
      text: `${added.length > 0 ? '已登记' : '该问题此前已登记，未重复添加'}：${unit?.name ?? d.unitId} ${d.system}（${SEVERITY_LABEL[d.severity]}，整改期限 ${cnFullDate(d.dueDate)}）。${notice}`,
      options: [
        { label: '继续登记', action: cmd(`登记问题 ${unit?.name ?? ''}`.trim()) },
        { label: `${unit?.name ?? ''}进度`, action: cmd(unit?.name ?? '进度总览') },
      ],
    },
  ];
}

export type RegisterCtx = Ctx;
